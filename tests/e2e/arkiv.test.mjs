// The archive's staff pages in a real browser, logged in through the real staff login: a
// caseworker opens a case file, registers an entry with a PDF, downloads it, screens it and marks
// it confidential, with axe on every page on the way.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

test('en saksbehandler registrerer en journalpost med PDF, laster den ned og skjermer den', async () => {
  const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true });
  const page = await context.newPage();
  try {
    await page.goto(`${server.baseUrl}/ansatt/arkiv`);
    await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
    await page.getByRole('button', { name: 'Sara Saksbehandler', exact: true }).click();
    await page.waitForURL(`${server.baseUrl}/ansatt/arkiv`);
    assert.equal(await page.locator('h1').innerText(), 'Arkiv');
    await checkPage(page, 'arkivet uten saksmapper');

    await page.getByLabel('Tittel', { exact: true }).fill('Klage på vaskemaskin fra Kari Nordmann');
    await page.getByRole('button', { name: 'Opprett saksmappe' }).click();
    await page.waitForURL(/\/ansatt\/arkiv\/saksmapper\/\d+$/);
    const number = (await page.locator('h1').innerText()).replace('Saksmappe ', '');
    assert.match(number, /^\d{4}\/\d+$/);

    await page.goto(`${server.baseUrl}/ansatt/arkiv`);
    await checkPage(page, 'arkivet med én saksmappe');
    await page.getByRole('link', { name: number }).click();
    await checkPage(page, 'saksmappen uten journalposter');

    // A mistake first: no file.
    await page.getByLabel('Tittel', { exact: true }).fill('Klage fra Kari Nordmann');
    await page.getByLabel('Navn').fill('Kari Nordmann');
    await page.getByRole('button', { name: 'Registrer journalpost' }).click();
    assert.match(await page.getByRole('main').innerText(), /Du må legge ved minst én fil/);
    await checkPage(page, 'registreringen med feil');

    await page.getByLabel('Type').selectOption('I');
    await page.getByLabel('Dokumentdato (ÅÅÅÅ-MM-DD, valgfri)').fill('2026-03-02');
    await page.getByLabel(/^Filer/).setInputFiles({ name: 'klage.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Registrer journalpost' }).click();
    await page.waitForURL(/registrert=/);
    const main = page.getByRole('main');
    assert.match(await main.innerText(), new RegExp(`Journalpost ${number.replace('/', '\\/')}-1 er registrert`));
    assert.match(await main.innerText(), /I – Inngående/);
    assert.match(await main.innerText(), /Avsender: Kari Nordmann \(Person\)/);
    assert.match(await main.innerText(), /Dokumentdato\s+02\.03\.2026/);
    await checkPage(page, 'saksmappen med en journalpost');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Klage fra Kari Nordmann' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'klage.pdf');
    assert.deepEqual(await readFile(await download.path()), PDF, 'det nedlastede dokumentet er det samme');

    await page.getByText('Endre skjerming').click();
    await page.getByLabel('Ord i tittelen').check();
    await page.getByLabel('Avsenders navn').check();
    await page.getByLabel('Ord som skjermes i tittelen (skill med komma)').fill('Kari Nordmann');
    await page.getByLabel('Varighet i år (0: opphører ikke av seg selv)').fill('5');
    await page.getByRole('button', { name: 'Lagre skjerming' }).click();
    await page.waitForURL(/endret=1/);
    const text = await main.innerText();
    assert.match(text, /Endringen er lagret/);
    assert.match(text, /Offentlig tittel\s+Klage fra \*\*\*\*\*/);
    assert.match(text, /Unntatt offentlighet/);
    assert.match(text, /ord i tittelen, avsenders navn/);
    await checkPage(page, 'saksmappen med skjerming');

    await page.getByRole('button', { name: 'Merk som teiepliktig' }).click();
    await page.waitForURL(/endret=1/);
    assert.match(await main.innerText(), /Teiepliktig/);
    await checkPage(page, 'saksmappen med teiepliktig journalpost');
  } finally {
    await context.close();
  }
});

test('en person kan ikke åpne arkivet eller laste ned dokumenter', async () => {
  for (const path of ['/ansatt/arkiv', '/ansatt/arkiv/dokumenter/1']) {
    const res = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual' });
    await res.arrayBuffer();
    assert.equal(res.status, 303, path);
    assert.match(res.headers.get('location'), /^\/ansatt\/logg-inn\?neste=/);
  }
});
