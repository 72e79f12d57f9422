// «Be om innsyn» in a real browser, with the real staff provider and a real SMTP server on
// loopback: a caseworker registers and assesses two entries; someone who is not logged in asks
// for both at once with only an e-mail address, confirms by the link in the e-mail, a caseworker
// grants one document and refuses the other with a section of offentleglova, and the requester
// downloads the released document from the link in the answer. Axe on every page on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loginPerson, useIdpWithSmtp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let smtp;
let browser;

useIdpWithSmtp((env) => ({ server, idp, browser, smtp } = env));

const PDF_A = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PDF_B = Buffer.from('%PDF-1.4\n% intern vurdering\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const REQUESTER = 'journalist@eksempel.no';
let publishedEntry; // an entry the first test publishes, for the second

async function staffLogin(context, path) {
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}${path}`);
  await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
  await page.getByRole('button', { name: 'Sara Saksbehandler', exact: true }).click();
  await page.waitForURL(`${server.baseUrl}${path}`);
  return page;
}

/** Registers an entry with one PDF in the open case file page; returns its registry id. */
async function register(page, title, pdf) {
  await page.getByLabel('Tittel', { exact: true }).fill(title);
  await page.getByRole('textbox', { name: 'Navn', exact: true }).fill('Elektrobutikken AS');
  await page.getByLabel(/^Filer/).setInputFiles({ name: `${title}.pdf`, mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Registrer journalpost' }).click();
  await page.waitForURL(/registrert=/);
  return (await page.getByRole('main').innerText()).match(/Journalpost (\d{4}\/\d+-\d+) er registrert/)[1];
}

function linkIn(body, pattern) {
  const m = body.match(pattern);
  assert.ok(m, `lenken står i e-posten:\n${body}`);
  return m[0];
}

test('to journalposter, bekreftet med e-post, avgjort per dokument og lastet ned', async () => {
  const staff = await browser.newContext({ locale: 'nb-NO' });
  const visitor = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true });
  try {
    // The caseworker registers two entries and publishes them.
    const sara = await staffLogin(staff, '/ansatt/arkiv');
    await sara.getByLabel('Tittel', { exact: true }).fill('Tilsyn med nettbutikk');
    await sara.getByRole('button', { name: 'Opprett saksmappe' }).click();
    await sara.waitForURL(/\/ansatt\/arkiv\/saksmapper\/\d+$/);
    const caseUrl = sara.url();
    const first = await register(sara, 'Varsel om tilsyn', PDF_A);
    await sara.goto(caseUrl);
    const second = await register(sara, 'Intern vurdering av nettbutikken', PDF_B);
    await sara.goto(`${server.baseUrl}/ansatt/offentlig-journal`);
    for (const id of [first, second]) {
      await sara.locator('article', { hasText: id }).getByRole('button', { name: 'Godkjenn for postjournalen' }).click();
      await sara.waitForURL(/vurdert=/);
    }

    // Someone without a login finds the first in the journal, and adds the second by its number.
    const pub = await visitor.newPage();
    await pub.goto(`${server.baseUrl}/postjournal?q=nettbutikk`);
    await pub.getByRole('link', { name: `Be om innsyn i ${first}` }).click();
    await pub.waitForURL(/\/innsyn\/ny\?entry=\d+$/);
    publishedEntry = new URL(pub.url()).searchParams.get('entry');
    await checkPage(pub, 'be om innsyn, én journalpost');
    await pub.getByLabel(/^Legg til en journalpost til/).fill(second);
    await pub.getByRole('button', { name: 'Legg til' }).click();
    await pub.waitForURL(/\/innsyn\/ny\?entry=\d+&entry=\d+$/);
    assert.equal(await pub.locator('h1').innerText(), 'Be om innsyn');
    const form = await pub.getByRole('main').innerText();
    assert.match(form, new RegExp(`${first} Varsel om tilsyn`));
    assert.match(form, new RegExp(`${second} Intern vurdering av nettbutikken`));
    await checkPage(pub, 'be om innsyn, to journalposter');
    await pub.getByRole('button', { name: 'Send innsynskravet' }).click();
    assert.match(await pub.getByRole('alert').innerText(), /Skriv e-postadressen din/);
    await checkPage(pub, 'be om innsyn, uten e-post');
    await pub.getByLabel('E-postadresse').fill(REQUESTER);
    await pub.getByRole('button', { name: 'Send innsynskravet' }).click();
    await pub.waitForURL(`${server.baseUrl}/innsyn/sendt`);
    await checkPage(pub, 'sjekk e-posten');

    // The confirmation link from the real SMTP server.
    const confirm = await smtp.waitFor((m) => m.rcpt_tos.includes(REQUESTER) && /Bekreft/.test(m.subject));
    await pub.goto(linkIn(confirm.body, /http:\/\/\S+\/innsyn\/bekreft\?t=[0-9a-f]{64}/));
    await checkPage(pub, 'bekreft');
    await pub.getByRole('button', { name: 'Bekreft innsynskravet' }).click();
    const reference = (await pub.getByRole('status').innerText()).match(/INN-\d{4}-\d+/)[0];
    await checkPage(pub, 'innsynskravet er mottatt');
    const ack = await smtp.waitFor((m) => m.rcpt_tos.includes(REQUESTER) && m.subject.includes(reference));
    assert.match(ack.body, /Intern vurdering av nettbutikken/);

    // The caseworker grants the first document and refuses the second.
    await sara.goto(`${server.baseUrl}/ansatt/innsyn`);
    await checkPage(sara, 'innsynskrav i kø');
    await sara.getByRole('link', { name: reference }).click();
    await sara.waitForURL(/\/ansatt\/innsyn\/\d+$/);
    await checkPage(sara, 'innsynskravet');
    const granted = sara.getByRole('region', { name: `${first} Varsel om tilsyn` });
    const refused = sara.getByRole('region', { name: `${second} Intern vurdering av nettbutikken` });
    await granted.getByLabel('Innsyn', { exact: true }).check();
    await refused.getByLabel('Avslag', { exact: true }).check();
    await refused.getByLabel('Hjemmel for avslag eller sladding').selectOption({ label: 'Offl. § 14 (organinterne dokumenter)' });
    await sara.getByRole('button', { name: 'Send svaret' }).click();
    await sara.waitForURL(/\/ansatt\/innsyn\?besvart=/);
    assert.match(await sara.getByRole('status').innerText(), new RegExp(`Svaret på ${reference} er sendt`));
    await checkPage(sara, 'etter svaret');

    // The answer, and the released document from its link.
    const answer = await smtp.waitFor((m) => m.rcpt_tos.includes(REQUESTER) && m.subject.startsWith('Svar på innsynskravet'));
    assert.match(answer.body, /«Varsel om tilsyn»: Innsyn gitt\./);
    assert.match(answer.body, /«Intern vurdering av nettbutikken»: Innsyn avslått\. Hjemmel: Offl\. § 14/);
    assert.match(answer.body, /klage på avslaget innen tre uker, til og med/);
    await pub.goto(linkIn(answer.body, /http:\/\/\S+\/innsyn\/svar\/[0-9a-f]{64}/));
    await checkPage(pub, 'svaret');
    const links = pub.getByRole('link', { name: 'Last ned' });
    assert.equal(await links.count(), 1, 'bare det utleverte dokumentet kan lastes ned');
    const [download] = await Promise.all([pub.waitForEvent('download'), links.first().click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    assert.deepEqual(Buffer.concat(chunks), PDF_A);
  } finally {
    await staff.close();
    await visitor.close();
  }
});

test('innlogget med ID-porten: mottatt straks, i innboksen og under «Mine innsynskrav»', async () => {
  assert.ok(publishedEntry, 'den første testen publiserte en journalpost');
  const context = await browser.newContext({ locale: 'nb-NO' });
  try {
    const page = await context.newPage();
    await loginPerson(page, server, idp, 'Nora Forbruker', 'nora@eksempel.no');
    await page.goto(`${server.baseUrl}/innsyn/ny?entry=${publishedEntry}`);
    assert.match(await page.getByRole('main').innerText(), /Du er logget inn/);
    await checkPage(page, 'be om innsyn, innlogget');
    await page.getByRole('button', { name: 'Send innsynskravet' }).click();
    await page.waitForURL(`${server.baseUrl}/min-side/innsyn?sendt=1`);
    const list = await page.getByRole('main').innerText();
    assert.match(list, /INN-\d{4}-\d+/);
    assert.match(list, /Under behandling/);
    await checkPage(page, 'mine innsynskrav');
    await page.goto(`${server.baseUrl}/innboks`);
    assert.match(await page.getByRole('main').innerText(), /Innsynskravet ditt INN-\d{4}-\d+ er mottatt/);
  } finally {
    await context.close();
  }
});
