// The public journal in a real browser: a caseworker registers an entry, screens a word and
// assesses it with a person's name tagged in its title under «Til offentlighetsvurdering»;
// then anyone, without login, searches «Søk i postjournalen», opens the entry and finds «Be om
// innsyn»; a manager stops publication and lifts it again. Axe on every page on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

async function staffLogin(context, name, path) {
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}${path}`);
  await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL(`${server.baseUrl}${path}`);
  return page;
}

test('vurdert, søkt opp, åpnet, stoppet og publisert igjen', async () => {
  const staff = await browser.newContext({ locale: 'nb-NO' });
  const publicContext = await browser.newContext({ locale: 'nb-NO' });
  try {
    const page = await staffLogin(staff, 'Stig Seksjonsleder', '/ansatt/arkiv');
    await page.getByLabel('Tittel', { exact: true }).fill('Klage på oppvaskmaskin');
    await page.getByRole('button', { name: 'Opprett saksmappe' }).click();
    await page.waitForURL(/\/ansatt\/arkiv\/saksmapper\/\d+$/);
    await page.getByLabel('Tittel', { exact: true }).fill('Klage fra Kari Nordmann om hemmelig oppvaskmaskin');
    await page.getByLabel('Navn').fill('Elektrobutikken AS');
    await page.getByLabel(/^Filer/).setInputFiles({ name: 'klage.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Registrer journalpost' }).click();
    await page.waitForURL(/registrert=/);
    const registryId = (await page.getByRole('main').innerText()).match(/Journalpost (\d{4}\/\d+-\d+) er registrert/)[1];

    const pub = await publicContext.newPage();
    await pub.goto(`${server.baseUrl}/postjournal?q=oppvaskmaskin`);
    assert.match(await pub.getByRole('main').innerText(), /Ingen journalposter passer/, 'ikke offentlig før vurdering');

    await page.goto(`${server.baseUrl}/ansatt/offentlig-journal`);
    assert.match(await page.getByRole('main').innerText(), /Venter på vurdering \(1\)/);
    await checkPage(page, 'til offentlighetsvurdering');
    await page.getByLabel('Skjerm som under, og publiser').check();
    await page.getByText('Skjerming', { exact: true }).last().click();
    await page.getByLabel('Hjemmel').fill('Offl. § 13 jf. fvl. § 13 første ledd nr. 1');
    await page.getByLabel('Ord i tittelen').check();
    await page.getByLabel('Ord som skjermes i tittelen (skill med komma)').fill('hemmelig');
    await page.getByLabel('Navn på personer i tittelen (skill med komma)').fill('Kari Nordmann');
    await page.getByRole('button', { name: 'Godkjenn for postjournalen' }).click();
    await page.waitForURL(/vurdert=/);
    assert.match(await page.getByRole('main').innerText(), /Ingen journalposter venter på vurdering/);
    await checkPage(page, 'etter vurderingen');

    await pub.goto(`${server.baseUrl}/postjournal`);
    await checkPage(pub, 'søk i postjournalen');
    await pub.getByLabel('Ord i tittelen, avsender, mottaker eller saksnummer').fill('Kari Nordmann');
    await pub.getByRole('button', { name: 'Søk' }).click();
    const hits = await pub.getByRole('main').innerText();
    assert.match(hits, /Klage fra Kari Nordmann om \*\*\*\*\* oppvaskmaskin/);
    assert.doesNotMatch(hits, /hemmelig/);
    assert.match(hits, /Offl\. § 13 jf\. fvl\. § 13 første ledd nr\. 1/);
    await checkPage(pub, 'treff i postjournalen');
    await pub.getByRole('link', { name: 'Klage fra Kari Nordmann om ***** oppvaskmaskin' }).click();
    await pub.waitForURL(/\/postjournal\/\d+$/);
    const entry = await pub.getByRole('main').innerText();
    assert.match(entry, /Hoveddokument: Klage fra Kari Nordmann/);
    assert.match(entry, /Udatert/);
    assert.match(await pub.getByRole('link', { name: 'Be om innsyn' }).getAttribute('href'), /^\/innsyn\/ny\?entry=\d+$/);
    await checkPage(pub, 'journalposten');
    const entryUrl = pub.url();

    await pub.goto(`${server.baseUrl}/postjournal?q=%22oppvask`);
    assert.match(await pub.getByRole('main').innerText(), /Søket tar bare vanlige ord/);
    await checkPage(pub, 'søk med feil');

    await page.getByLabel('Journalpost-ID (2026/17-3) eller saksnummer (2026/17)').fill(registryId);
    await page.getByRole('button', { name: 'Stopp publisering' }).click();
    await page.waitForURL(/#stopp$/);
    assert.match(await page.getByRole('main').innerText(), /Stoppet nå/);
    await checkPage(page, 'stopp publisering');
    const stopped = await pub.goto(entryUrl);
    assert.equal(stopped.status(), 404, 'stoppet straks');
    await checkPage(pub, 'journalposten etter stopp');
    await page.getByRole('button', { name: /^Opphev/ }).click();
    await page.waitForURL(/#stopp$/);
    const back = await pub.goto(entryUrl);
    assert.equal(back.status(), 200, 'publisert igjen');
  } finally {
    await staff.close();
    await publicContext.close();
  }
});
