// Cases in a real browser, logged in through the real identity provider: a consumer files a
// complaint with an attachment; the business's administrator sees it as motpart on «Våre saker»
// and gives a `bruker` access; the `bruker` sends further documentation and writes via «Kontakt
// oss» (the dialog) with an attachment; the consumer withdraws with a reason. axe on each page.
// The business's associations are written straight into the server's database (as a caseworker's
// approval would leave them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { useIdp } from './lib/logins.mjs';
import { checkPage, watchPage } from './lib/server.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

function sql(statement) {
  return execFileSync('sqlite3', [server.dbPath, statement], { encoding: 'utf8' }).trim();
}

async function loggedIn(name, email) {
  const context = await browser.newContext({ locale: 'nb-NO' });
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(`${server.baseUrl}/`);
  await page.getByRole('banner').getByRole('link', { name: 'Logg inn', exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(idp.publicIssuer));
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL(/\/min-side\/profil/);
  await page.getByLabel('Fullt navn').fill(name);
  await page.getByLabel('E-postadresse').fill(email);
  await page.getByLabel('Telefonnummer').fill('41234567');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(`${server.baseUrl}/min-side`);
  return { context, page, watch };
}

function personId(name) {
  return sql(`SELECT id FROM person WHERE name = '${name}'`);
}

describe('saker', () => {
  test('klage, motpart, tilgang, ettersending, Kontakt oss og tilbaketrekking', async () => {
    const nora = await loggedIn('Nora Forbruker', 'nora@eksempel.no');
    const kari = await loggedIn('Kari Testesen', 'kari@eksempel.no');
    const ola = await loggedIn('Ola Testmann', 'ola@eksempel.no');
    try {
      sql(`INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at)
           VALUES ('310000027', ${personId('Kari Testesen')}, 'administrator', 'bekreftet', 'Kari Testesen', 1, 1),
                  ('310000027', ${personId('Ola Testmann')}, 'bruker', 'bekreftet', 'Ola Testmann', 1, 1)`);

      // The consumer finds the business and files the complaint with an attachment.
      let page = nora.page;
      await page.goto(`${server.baseUrl}/ny-sak/mekling`);
      await checkPage(page, 'klageskjema: velg virksomhet');
      await page.getByLabel('Navn eller organisasjonsnummer').fill('hvitevarer eksempel');
      await page.getByRole('button', { name: 'Søk' }).click();
      await page.getByRole('link', { name: 'Klag på EKSEMPEL HVITEVARER AS' }).click();
      await page.waitForURL(/orgnr=310000027/);
      await checkPage(page, 'klageskjema');
      await page.getByRole('button', { name: 'Send klagen' }).click();
      assert.match(await page.getByRole('main').innerText(), /Skjemaet har feil[\s\S]*Fyll ut «Hva kjøpte du\?»/);
      await checkPage(page, 'klageskjema med feil');
      await page.getByLabel('Hva kjøpte du?').fill('Oppvaskmaskin');
      await page.getByLabel('Når kjøpte du det?').fill('2026-09-01');
      await page.getByLabel('Hva gikk galt?').fill('Den lekker etter to måneder.');
      await page.getByLabel('Hva ønsker du?').fill('Ny maskin.');
      await page.getByLabel('Vedlegg').setInputFiles({ name: 'kvittering.txt', mimeType: 'text/plain', buffer: Buffer.from('Kvittering: oppvaskmaskin 4990 kr\n') });
      await page.getByRole('button', { name: 'Send klagen' }).click();
      await page.waitForURL(/\/ny-sak\/kvittering\/\d+$/);
      const receipt = await page.getByRole('status').innerText();
      const reference = receipt.match(/Saksnummeret er (\d{4}\/\d+)/)[1];
      await checkPage(page, 'kvittering');
      await page.getByRole('link', { name: reference }).click();
      const casePath = new URL(page.url()).pathname;
      assert.match(await page.getByRole('main').innerText(), /Mottatt/);
      await checkPage(page, 'saksside for forbrukeren');
      await page.goto(`${server.baseUrl}/mine-saker`);
      assert.match(await page.getByRole('table').innerText(), new RegExp(reference));
      await checkPage(page, 'Mine saker');

      // The business's administrator sees it as motpart and gives the bruker access.
      page = kari.page;
      await page.goto(`${server.baseUrl}/vare-saker`);
      const row = page.getByRole('row', { name: new RegExp(reference) });
      assert.match(await row.innerText(), /Motpart/);
      await checkPage(page, 'Våre saker');
      await page.getByRole('link', { name: 'Nyeste først' }).click();
      await row.getByRole('link', { name: reference }).click();
      await checkPage(page, 'saksside for administratoren');
      await page.getByRole('button', { name: 'Gi Ola Testmann tilgang' }).click();
      await page.getByRole('button', { name: 'Fjern tilgangen for Ola Testmann' }).waitFor();
      assert.match(await page.getByRole('status').innerText(), /Tilgangen er endret/);

      // The bruker sends further documentation and writes via «Kontakt oss».
      page = ola.page;
      await page.goto(`${server.baseUrl}/vare-saker`);
      await page.getByRole('link', { name: reference }).click();
      await page.getByRole('link', { name: 'Ettersend dokumentasjon' }).click();
      await checkPage(page, 'ettersend dokumentasjon');
      await page.getByLabel('Vedlegg').setInputFiles({ name: 'bilde-av-lekkasjen.txt', mimeType: 'text/plain', buffer: Buffer.from('Vann på gulvet\n') });
      await page.getByLabel('Kommentar (valgfritt)').fill('Her er et bilde.');
      await page.getByRole('button', { name: 'Send dokumentasjonen' }).click();
      await page.waitForURL(/fane=dokumenter/);
      assert.match(await page.getByRole('main').innerText(), /bilde-av-lekkasjen\.txt/);
      await checkPage(page, 'dokumenter');
      await page.getByRole('link', { name: 'Kontakt oss' }).click();
      const dialog = page.getByRole('dialog', { name: 'Kontakt oss' });
      await dialog.waitFor();
      assert.equal(await dialog.getByLabel('Til').inputValue(), 'forbrukertilsynet');
      await checkPage(page, 'Kontakt oss-dialogen');
      await dialog.getByLabel('Emne').fill('Spørsmål om fristen');
      await dialog.getByLabel('Melding').fill('Når må vi svare?');
      await dialog.getByLabel('Vedlegg').setInputFiles({ name: 'avtale.txt', mimeType: 'text/plain', buffer: Buffer.from('Avtalen\n') });
      await dialog.getByRole('button', { name: 'Send meldingen' }).click();
      await page.waitForURL(/sendt=melding/);
      assert.match(await page.getByRole('status').innerText(), /Meldingen er sendt/);
      assert.match(await page.getByRole('main').innerText(), /avtale\.txt/);
      assert.deepEqual(ola.watch.problems, []);

      // The consumer withdraws with a reason.
      page = nora.page;
      await page.goto(server.baseUrl + casePath);
      await page.getByRole('link', { name: 'Trekk saken' }).click();
      await checkPage(page, 'trekk saken');
      await page.getByLabel('Hvorfor trekker du saken? (valgfritt)').fill('Vi ble enige.');
      await page.getByRole('button', { name: 'Trekk saken' }).click();
      await page.waitForURL(server.baseUrl + casePath);
      const main = await page.getByRole('main').innerText();
      assert.match(main, /Trukket/);
      assert.match(main, /Vi ble enige\./);
      assert.equal(await page.getByRole('link', { name: 'Trekk saken' }).count(), 0);
      await checkPage(page, 'trukket sak');
      assert.equal(sql(`SELECT count(*) FROM inbox_message WHERE subject LIKE 'Sak ${reference} er trukket'`), '2');
    } finally {
      await nora.context.close();
      await kari.context.close();
      await ola.context.close();
    }
  });
});
