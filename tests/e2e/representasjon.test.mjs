// Representing an organisation in a real browser, through the real identity providers: two
// persons and one organisation (EKSEMPEL REISER AS). A registers and is «ubekreftet
// administrator», the caseworker sees the likely match and approves, A is «administrator» and
// reads the decision in the inbox; B registers, A approves B on «Brukere», changes B's role and
// deletes B's association after a page that asks first, and the last administrator is offered
// neither demotion nor deletion. Then the rejection
// path, whose reason the applicant reads in the inbox. axe checks every page on the way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loginPerson, loginStaff, useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

/** A browser of its own for a person or caseworker. Every form is a plain form (axe needs
 * JavaScript in the page, so it stays on). */
async function as(kind, name, email) {
  const context = await browser.newContext({ locale: 'nb-NO' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  if (kind === 'staff') await loginStaff(page, server, idp, name);
  else await loginPerson(page, server, idp, name, email);
  return { context, page };
}

async function register(page, search, orgName, label) {
  await page.goto(`${server.baseUrl}/min-side`);
  await page.getByRole('link', { name: 'Jeg representerer en virksomhet' }).click();
  await page.waitForURL(/\/velg-organisasjon/);
  await checkPage(page, `Velg organisasjon (${label})`);
  await page.getByLabel('Navn eller organisasjonsnummer').fill(search);
  await page.getByRole('button', { name: 'Søk' }).click();
  await page.waitForURL(/q=/);
  await page.getByRole('link', { name: `Velg ${orgName}` }).click();
  await page.waitForURL(/\/virksomhet\/registrer\?orgnr=/);
  assert.match(await page.getByRole('main').innerText(), new RegExp(orgName));
  await checkPage(page, `registreringen (${label})`);
  await page.getByRole('button', { name: 'Registrer meg' }).click();
  await page.waitForURL(/\/virksomhet\?registrert=1/);
  assert.match(await page.getByRole('status').innerText(), /Registreringen er mottatt/);
  await checkPage(page, `Mine virksomheter (${label})`);
}

function header(page) {
  return page.getByRole('banner');
}

describe('representasjon av en virksomhet', () => {
  test('registrering, godkjenning, brukere, rolle og sletting', async () => {
    const a = await as('person', 'Lars Reisesen', 'lars@reiser.no');
    const b = await as('person', 'Ingrid Fjelltur', 'ingrid@reiser.no');
    const sara = await as('staff', 'Sara Saksbehandler');
    try {
      // A registers first: «ubekreftet administrator» at the top right.
      await register(a.page, 'eksempel reiser', 'EKSEMPEL REISER AS', 'A');
      assert.match(await header(a.page).innerText(), /EKSEMPEL REISER AS[\s\S]*ubekreftet administrator/);

      // The caseworker sees the application, its roles and the likely match, and approves.
      await sara.page.goto(`${server.baseUrl}/ansatt/virksomheter`);
      const item = sara.page.getByRole('listitem').filter({ hasText: 'EKSEMPEL REISER AS – Lars Reisesen' });
      assert.match(await item.innerText(), /Sannsynlig treff/);
      assert.match(await item.getByRole('table').innerText(), /Daglig leder\/ adm\.direktør\s+Lars Reisesen\s+9\. mars 1971/);
      await checkPage(sara.page, 'saksbehandlerens kø');
      await item.getByRole('button', { name: 'Godkjenn Lars Reisesen for EKSEMPEL REISER AS' }).click();
      await sara.page.waitForURL(/behandlet=godkjent/);
      assert.match(await sara.page.getByRole('main').innerText(), /Ingen søknader venter/);

      // A is «administrator» and has the decision in the inbox, counted in the header.
      await a.page.goto(`${server.baseUrl}/min-side`);
      assert.match(await header(a.page).innerText(), /EKSEMPEL REISER AS\s+administrator/);
      const inbox = header(a.page).getByRole('link', { name: /^Innboks/ });
      assert.equal(await inbox.getAttribute('href'), '/innboks');
      assert.match(await inbox.innerText(), /1 ulest melding/);
      await inbox.click();
      await checkPage(a.page, 'innboksen');
      await a.page.getByRole('link', { name: 'Godkjent som representant for EKSEMPEL REISER AS' }).click();
      assert.match(await a.page.getByRole('main').innerText(), /Du er godkjent som administrator for EKSEMPEL REISER AS/);
      await checkPage(a.page, 'en melding');
      assert.equal(await header(a.page).getByText(/ulest/).count(), 0, 'opening it marks it read');
      await a.page.getByRole('button', { name: 'Merk som ulest' }).click();
      await a.page.waitForURL(/\/innboks\?ulest=1/);
      assert.match(await header(a.page).innerText(), /1 ulest melding/);

      // B registers later: «ubekreftet bruker», and A is asked to approve.
      await register(b.page, '310 000 035', 'EKSEMPEL REISER AS', 'B');
      assert.match(await header(b.page).innerText(), /ubekreftet bruker/);
      await b.page.goto(`${server.baseUrl}/virksomhet/brukere`);
      assert.match(await b.page.locator('h1').innerText(), /Du har ikke tilgang/, 'an unconfirmed user sees no users');

      await a.page.goto(`${server.baseUrl}/innboks`);
      assert.match(await a.page.getByRole('main').innerText(), /Ny bruker venter på godkjenning: EKSEMPEL REISER AS/);
      await a.page.goto(`${server.baseUrl}/virksomhet`);
      await a.page.getByRole('link', { name: 'Brukere' }).click();
      await checkPage(a.page, 'Brukere med en som venter');
      await a.page.getByRole('button', { name: 'Godkjenn Ingrid Fjelltur' }).click();
      await a.page.waitForURL(/endret=1/);
      await b.page.goto(`${server.baseUrl}/min-side`);
      assert.match(await header(b.page).innerText(), /EKSEMPEL REISER AS\s+bruker/);

      // The last administrator is offered neither demotion nor deletion, and the page says why.
      const lars = a.page.getByRole('listitem').filter({ hasText: 'Lars Reisesen (deg)' });
      assert.equal(await lars.getByRole('button').count(), 0);
      assert.equal(await lars.getByRole('link').count(), 0);
      assert.match(await lars.innerText(), /den eneste administratoren/);

      // A makes B administrator, then user again, then deletes her association.
      await a.page.goto(`${server.baseUrl}/virksomhet/brukere`);
      await a.page.getByRole('button', { name: 'Gjør Ingrid Fjelltur til administrator' }).click();
      await a.page.waitForURL(/endret=1/);
      const ingrid = a.page.getByRole('listitem').filter({ hasText: 'Ingrid Fjelltur' });
      assert.match(await ingrid.innerText(), /Rolle: administrator/);
      await checkPage(a.page, 'Brukere etter rolleendring');
      await a.page.getByRole('button', { name: 'Gjør Ingrid Fjelltur til bruker' }).click();
      await a.page.waitForURL(/endret=1/);
      await a.page.getByRole('link', { name: 'Slett tilknytningen til Ingrid Fjelltur' }).click();
      await a.page.waitForURL(/\/slett$/);
      await checkPage(a.page, 'bekreft sletting');
      await a.page.getByRole('button', { name: 'Ja, slett tilknytningen' }).click();
      await a.page.waitForURL(/endret=1/);
      assert.equal(await a.page.getByRole('listitem').filter({ hasText: 'Ingrid Fjelltur' }).count(), 0);
      await b.page.goto(`${server.baseUrl}/min-side`);
      assert.doesNotMatch(await header(b.page).innerText(), /EKSEMPEL REISER AS/);
    } finally {
      await a.context.close();
      await b.context.close();
      await sara.context.close();
    }
  });

  test('avvisning med begrunnelse i innboksen, og ny søknad', async () => {
    const nora = await as('person', 'Nora Forbruker', 'nora@eksempel.no');
    const sara = await as('staff', 'Sara Saksbehandler');
    try {
      await register(nora.page, 'blåbær', 'BLÅBÆR OG SØNN ELEKTRO AS', 'avvisning');
      await sara.page.goto(`${server.baseUrl}/ansatt/virksomheter`);
      const item = sara.page.getByRole('listitem').filter({ hasText: 'BLÅBÆR OG SØNN ELEKTRO AS – Nora Forbruker' });
      assert.match(await item.innerText(), /Ingen treff/);
      await item.getByRole('button', { name: /^Avvis Nora Forbruker/ }).click();
      assert.match(await sara.page.getByRole('main').innerText(), /Skriv en begrunnelse/);
      await checkPage(sara.page, 'avvisning uten begrunnelse');
      await sara.page.getByLabel('Begrunnelse for avvisning av Nora Forbruker')
        .fill('Du står ikke med en rolle i Enhetsregisteret.');
      await sara.page.getByRole('button', { name: /^Avvis Nora Forbruker/ }).click();
      await sara.page.waitForURL(/behandlet=avvist/);

      await nora.page.goto(`${server.baseUrl}/innboks`);
      await nora.page.getByRole('link', { name: 'Avvist som representant for BLÅBÆR OG SØNN ELEKTRO AS' }).click();
      assert.match(await nora.page.getByRole('main').innerText(), /Begrunnelse: Du står ikke med en rolle i Enhetsregisteret\./);
      await nora.page.goto(`${server.baseUrl}/virksomhet`);
      assert.match(await nora.page.getByRole('main').innerText(), /avvist som administrator/);
      await checkPage(nora.page, 'Mine virksomheter etter avvisning');
      await nora.page.getByRole('link', { name: 'Søk på nytt for BLÅBÆR OG SØNN ELEKTRO AS' }).click();
      await nora.page.getByRole('button', { name: 'Registrer meg' }).click();
      await nora.page.waitForURL(/registrert=1/);
      assert.match(await header(nora.page).innerText(), /ubekreftet administrator/);
    } finally {
      await nora.context.close();
      await sara.context.close();
    }
  });

  test('«Jeg finner ikke organisasjonen min» når saksbehandleren, som lukker den', async () => {
    const nora = await as('person', 'Nora Forbruker', 'nora@eksempel.no');
    const sara = await as('staff', 'Sara Saksbehandler');
    try {
      await nora.page.goto(`${server.baseUrl}/velg-organisasjon`);
      await nora.page.getByRole('link', { name: 'Jeg finner ikke organisasjonen min' }).click();
      await checkPage(nora.page, 'finner ikke organisasjonen');
      await nora.page.getByLabel('Organisasjonens navn').fill('Nordlys Sykkel');
      await nora.page.getByLabel('Melding').fill('Vi selger sykler i Bodø.');
      await nora.page.getByRole('button', { name: 'Send forespørsel' }).click();
      await nora.page.waitForURL(/sendt=1/);
      assert.match(await nora.page.getByRole('status').innerText(), /Forespørselen er sendt/);
      await sara.page.goto(`${server.baseUrl}/ansatt/virksomheter`);
      assert.match(await sara.page.getByRole('main').innerText(), /Vi selger sykler i Bodø\./);
      await sara.page.getByRole('button', { name: 'Lukk forespørselen om Nordlys Sykkel' }).click();
      await sara.page.waitForURL(/behandlet=lukket/);
      assert.doesNotMatch(await sara.page.getByRole('main').innerText(), /Nordlys Sykkel/);
    } finally {
      await nora.context.close();
      await sara.context.close();
    }
  });
});
