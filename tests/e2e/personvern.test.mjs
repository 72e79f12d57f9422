// Personal data in a real browser, through the real identity providers: a person opens «Mine
// personopplysninger» from «Min profil», downloads the JSON file, opens the printable page and
// asks for a correction; a caseworker answers from the queue and the answer arrives in the
// person's inbox; a leder searches the audit trail and an arkivleder opens the deletion record;
// the cookies the browser holds are exactly those /personvern lists. axe on every page.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { loginPerson, loginStaff, useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

function sql(statement) {
  return execFileSync('sqlite3', [server.dbPath, statement], { encoding: 'utf8' }).trim();
}

describe('personvern', () => {
  test('Mine personopplysninger, nedlasting, retting, svar i innboksen, revisjonsloggen og informasjonskapslene', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true });
    // Every cookie Min side sets on the way (the providers on the same host set their own).
    const set = new Set();
    context.on('response', async (response) => {
      if (!response.url().startsWith(server.baseUrl)) return;
      const header = await response.headerValue('set-cookie').catch(() => null);
      for (const line of (header ?? '').split('\n').filter(Boolean)) set.add(line.split('=')[0].trim());
    });
    const nora = await context.newPage();
    await loginPerson(nora, server, idp, 'Nora Forbruker', 'nora@eksempel.no');

    await nora.goto(`${server.baseUrl}/min-side/profil`);
    await nora.getByRole('link', { name: 'Mine personopplysninger' }).click();
    await nora.waitForURL(/\/min-side\/personopplysninger$/);
    await checkPage(nora, 'Mine personopplysninger');
    const main = await nora.getByRole('main').innerText();
    assert.match(main, /Fødselsnummer \(skjult\)\s*\d{6} \*{5}/, 'fødselsnummeret vises skjult');
    assert.match(main, /nora@eksempel\.no/);

    const [download] = await Promise.all([
      nora.waitForEvent('download'),
      nora.getByRole('link', { name: /Last ned som JSON/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'personopplysninger.json');
    const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(doc.format, 'minside-personopplysninger/1');
    const profile = doc.seksjoner.find((s) => s.nokkel === 'profil');
    assert.equal(profile.elementer[0].navn, 'Nora Forbruker');
    assert.match(profile.elementer[0].fodselsnummer, /^\d{6} \*{5}$/);

    await nora.getByRole('link', { name: 'Utskriftsvennlig side' }).click();
    await nora.waitForURL(/\/utskrift$/);
    await checkPage(nora, 'utskriftsvennlig side');
    assert.equal(await nora.getByRole('link', { name: /Be om retting/ }).count(), 0, 'utskriften har ingen lenker til retting');

    // A correction of the profile: the first «Be om retting» is the profile's.
    await nora.goto(`${server.baseUrl}/min-side/personopplysninger`);
    await nora.getByRole('link', { name: /Be om retting av denne opplysningen i Profil/ }).click();
    await checkPage(nora, 'Be om retting');
    await nora.getByRole('button', { name: 'Send ønsket om retting' }).click();
    assert.match(await nora.getByRole('main').innerText(), /Skriv hva som er feil\./, 'et tomt ønske blir avvist');
    await checkPage(nora, 'Be om retting med feil');
    await nora.getByLabel('Hva er feil, og hva er riktig?').fill('Etternavnet mitt er Forbruker-Hansen.');
    await nora.getByRole('button', { name: 'Send ønsket om retting' }).click();
    await nora.waitForURL(/retting=sendt/);
    assert.match(await nora.getByRole('status').innerText(), /Ønsket om retting er sendt/);

    // The cookies the browser holds are those the statement lists, and no others.
    await nora.goto(`${server.baseUrl}/personvern`);
    await checkPage(nora, 'personvern');
    const listed = await nora.locator('#informasjonskapsler ~ .ms-table-wrap table code').allInnerTexts();
    assert.ok(set.has('minside') && set.has('minside_innlogging'), `øktkapselen og innloggingskapselen ble satt (${[...set]})`);
    for (const name of set) assert.ok(listed.includes(name), `informasjonskapselen ${name} står i tabellen`);

    // The caseworker (also leder and arkivleder) answers from the queue.
    const stig = await (await browser.newContext({ locale: 'nb-NO' })).newPage();
    await loginStaff(stig, server, idp, 'Stig Seksjonsleder');
    await stig.getByRole('link', { name: 'Ønsker om retting' }).click();
    await checkPage(stig, 'ønsker om retting');
    const request = stig.getByRole('region', { name: /Nora Forbruker/ });
    assert.match(await request.innerText(), /Forbruker-Hansen/);
    await request.getByLabel('Rettet', { exact: true }).check();
    await request.getByLabel('Svar til personen').fill('Vi har rettet etternavnet ditt.');
    await request.getByRole('button', { name: 'Send svar' }).click();
    await stig.waitForURL(/besvart=1/);
    assert.match(await stig.getByRole('main').innerText(), /Ingen ønsker om retting venter/);

    await nora.goto(`${server.baseUrl}/innboks`);
    await nora.getByRole('link', { name: 'Vi har rettet opplysningene dine' }).click();
    assert.match(await nora.getByRole('main').innerText(), /Vi har rettet etternavnet ditt\./);

    // The leder searches the trail for Nora: her download and the answer are there.
    const noraId = sql("SELECT id FROM person WHERE name = 'Nora Forbruker'");
    await stig.goto(`${server.baseUrl}/ansatt`);
    await stig.getByRole('link', { name: 'Revisjonslogg' }).click();
    await checkPage(stig, 'revisjonslogg');
    await stig.getByLabel('Nummer (id)').fill(noraId);
    await stig.getByRole('button', { name: 'Søk' }).click();
    await checkPage(stig, 'revisjonslogg med treff');
    const rows = await stig.getByRole('main').innerText();
    assert.match(rows, /lastet ned/);
    assert.match(rows, /retting besvart/);

    await stig.goto(`${server.baseUrl}/ansatt`);
    await stig.getByRole('link', { name: 'Sletting' }).click();
    await checkPage(stig, 'sletting');
    assert.match(await stig.getByRole('main').innerText(), /Klagesaker \(mekling\) med dokumenter\s+slettes aldri/);
  });
});
