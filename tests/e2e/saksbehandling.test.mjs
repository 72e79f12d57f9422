// The caseworker's side of cases in a real browser, logged in through the real staff provider
// (tools/idp): the work queue, taking a new mediation case, moving it through its statuses,
// a deadline in working days, a letter with a PDF to the business, a phone note that the parties
// never see, a refused step, and axe on every page on the way. The case itself is filed by
// bench/gen-cases into the server's database, as the public side would have filed it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

import { useIdp } from './lib/logins.mjs';
import { checkPage, serverBinary } from './lib/server.mjs';

const run = promisify(execFile);

let server;
let idp;
let browser;
let caseId;

useIdp(async (env) => {
  ({ server, idp, browser } = env);
  // One organisation with one case: a new mediation complaint against it, not yet anyone's.
  const gen = path.join(path.dirname(serverBinary()), 'bench', 'gen-cases');
  const { stdout } = await run(gen, ['--db', `sqlite:${server.dbPath}`, '--orgs', '1',
    '--cases-per-org', '1', '--big-org', '0', '--messages', '1']);
  const first = stdout.match(/^person_case=(\d+)$/m);
  caseId = first ? Number(first[1]) : null;
  assert.ok(caseId, `gen-cases laget en sak:\n${stdout}`);
});

const minPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('saksbehandling', () => {
  test('en saksbehandler tar en ny sak, setter frist, sender brev, noterer en samtale og avslutter', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.baseUrl}/ansatt/saker`);
      await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
      await page.getByRole('button', { name: 'Sara Saksbehandler', exact: true }).click();
      await page.waitForURL(`${server.baseUrl}/ansatt/saker`);
      assert.equal(await page.locator('h1').innerText(), 'Arbeidskø');
      assert.match(await page.getByRole('main').innerText(), /Nye saker \(1\)/);
      await checkPage(page, 'arbeidskøen');

      await page.getByRole('link', { name: 'Mine saker' }).click();
      assert.match(await page.getByRole('main').innerText(), /Ingen saker i denne listen/);
      await checkPage(page, 'mine saker, tom');
      await page.getByRole('link', { name: 'Nye saker' }).click();

      await page.getByRole('link', { name: /^\d{4}\/\d+$/ }).click();
      await page.waitForURL(`${server.baseUrl}/ansatt/saker/${caseId}`);
      const main = page.getByRole('main');
      assert.match(await main.innerText(), /Klage nr\. 1/);
      assert.match(await main.innerText(), /Motpart:\s*BENCH VIRKSOMHET 1 AS/);
      assert.match(await main.innerText(), /Hva gikk galt\s*Den lekker etter to uker\./);
      await checkPage(page, 'saken, ny');

      // Take it.
      await page.getByLabel('Saksbehandler', { exact: true }).selectOption({ label: 'Sara Saksbehandler (meg)' });
      await page.getByRole('button', { name: 'Tildel' }).click();
      await page.waitForURL(/\?ok=tildelt$/);
      assert.match(await main.innerText(), /Saken er tildelt\./);
      assert.match(await main.innerText(), /Saksbehandler\s*Sara Saksbehandler/);

      // Only the allowed steps are offered.
      const options = await page.getByLabel('Ny status').locator('option').allInnerTexts();
      assert.deepEqual(options, ['Under behandling', 'Avsluttet']);
      await page.getByLabel('Ny status').selectOption('under_behandling');
      await page.getByRole('button', { name: 'Endre status' }).click();
      await page.waitForURL(/\?ok=status$/);
      assert.match(await page.locator('.ms-lead').innerText(), /Under behandling/);
      await checkPage(page, 'saken etter statusendring');

      // A deadline without saying what it is for is refused, and the page says so.
      await page.getByLabel('Antall virkedager fra i dag').fill('10');
      await page.getByRole('button', { name: 'Sett frist' }).click();
      assert.match(await page.getByRole('alert').innerText(), /Skriv hva fristen gjelder/);
      assert.equal(await page.getByLabel('Antall virkedager fra i dag').inputValue(), '10');
      await checkPage(page, 'saken med feil i fristen');
      await page.getByLabel('Hva fristen gjelder').fill('Frist for virksomheten til å svare');
      await page.getByRole('button', { name: 'Sett frist' }).click();
      await page.waitForURL(/\?ok=frist$/);
      assert.match(await main.innerText(), /Neste frist\s*\d+\. \w+ \d{4}: Frist for virksomheten til å svare/);

      await page.getByLabel('Ny status').selectOption('venter_motpart');
      await page.getByRole('button', { name: 'Endre status' }).click();
      await page.waitForURL(/\?ok=status$/);
      assert.match(await page.locator('.ms-lead').innerText(), /Venter på svar fra virksomheten/);

      // A letter with a PDF to the business.
      await page.getByLabel('Motpart', { exact: true }).check();
      await page.getByLabel('Emne').fill('Spørsmål om vaskemaskinen');
      await page.getByLabel('Tekst').fill('Vi ber om virksomhetens syn på klagen innen fristen.');
      await page.getByLabel('Vedlegg (valgfritt)').setInputFiles({ name: 'klagen.pdf', mimeType: 'application/pdf', buffer: minPdf });
      await page.getByRole('button', { name: 'Send brev' }).click();
      await page.waitForURL(/\?ok=brev$/);
      const documents = page.locator('section', { has: page.getByRole('heading', { name: 'Dokumenter i saksmappen' }) });
      assert.match(await documents.innerText(), /Spørsmål om vaskemaskinen/);
      assert.match(await documents.innerText(), /Utgående · .* · Synlig for: Motpart/);
      assert.match(await documents.innerText(), /klagen\.pdf/);
      await checkPage(page, 'saken etter brevet');

      // A confidential letter to an outside address is stopped.
      await page.getByLabel('Ekstern mottaker (e-post)').check();
      await page.getByLabel('E-postadresse til ekstern mottaker').fill('advokat@example.no');
      await page.getByLabel('Emne').fill('Til advokaten');
      await page.getByLabel('Tekst').fill('Opplysninger om klageren.');
      await page.getByLabel('Teiepliktig').check();
      await page.getByRole('button', { name: 'Send brev' }).click();
      assert.match(await page.getByRole('alert').innerText(), /Teiepliktige brev og dokumenter kan ikke sendes på e-post/);
      await checkPage(page, 'saken med stoppet teiepliktig brev');

      // A phone call, for the file only.
      await page.getByLabel('Snakket med (valgfritt)').fill('Daglig leder');
      await page.getByLabel('Hva samtalen gjaldt').fill('Virksomheten ringte og lovet svar innen fristen.');
      await page.getByRole('button', { name: 'Registrer notat' }).click();
      await page.waitForURL(/\?ok=notat$/);
      assert.match(await documents.innerText(), /Telefonsamtale med Daglig leder/);
      assert.match(await documents.innerText(), /Notat · .* · Synlig for: Bare internt/);
      const timeline = page.locator('section', { has: page.getByRole('heading', { name: 'Tidslinje' }) });
      assert.match(await timeline.innerText(), /Bare internt\s*Telefonnotat/);
      assert.match(await timeline.innerText(), /Et teiepliktig brev ble stoppet/);

      await page.getByLabel('Ny status').selectOption('under_behandling');
      await page.getByRole('button', { name: 'Endre status' }).click();
      await page.waitForURL(/\?ok=status$/);
      await page.getByLabel('Ny status').selectOption('avsluttet');
      await page.getByRole('button', { name: 'Endre status' }).click();
      await page.waitForURL(/\?ok=status$/);
      assert.match(await page.locator('.ms-lead').innerText(), /Avsluttet/);
      assert.match(await main.innerText(), /Saken er avsluttet\. Statusen kan ikke endres\./);
      assert.match(await main.innerText(), /\(Avsluttet\)/); // the case file followed
      await checkPage(page, 'saken avsluttet');

      await page.goto(`${server.baseUrl}/ansatt/saker?liste=mine`);
      assert.match(await page.getByRole('main').innerText(), /Mine saker \(0\)/);
    } finally {
      await context.close();
    }
  });
});
