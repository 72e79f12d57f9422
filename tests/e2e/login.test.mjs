// Login in a real browser through the real identity provider (tools/idp, `oidc-provider`):
// a person's first login with the profile form, the name at the top right, logout here and at
// the provider, the staff login with its roles, front-channel logout from the provider, a key
// rotation at the provider, and axe on every Min side page on the way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

async function loginAs(page, personName) {
  await page.goto(`${server.baseUrl}/`);
  await page.getByRole('banner').getByRole('link', { name: 'Logg inn', exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(idp.publicIssuer));
  await page.getByRole('button', { name: personName, exact: true }).click();
}

async function fillProfile(page, name, email, phone) {
  await page.getByLabel('Fullt navn').fill(name);
  await page.getByLabel('E-postadresse').fill(email);
  await page.getByLabel('Telefonnummer').fill(phone);
  await page.getByRole('button', { name: 'Lagre' }).click();
}

describe('innlogging for personer', () => {
  test('første innlogging: profilen fylles ut, navnet står øverst til høyre, og utlogging virker', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.baseUrl}/`);
      await checkPage(page, 'forsiden før innlogging');
      await loginAs(page, 'Kari Testesen');

      await page.waitForURL(`${server.baseUrl}/min-side/profil?neste=%2Fmin-side`);
      assert.equal(await page.locator('h1').innerText(), 'Fullfør profilen din');
      await checkPage(page, 'profilen ved første innlogging');
      assert.match(await page.getByRole('main').innerText(), /Fødselsdato \(fra ID-porten\): 17\. mai 1980/);

      // A mistake gives a Norwegian message on the field, and nothing is saved.
      await fillProfile(page, 'Kari Testesen', 'ikke-en-adresse', '912 34 567');
      assert.match(await page.getByRole('main').innerText(), /Skriv en gyldig e-postadresse/);
      assert.equal(await page.getByLabel('E-postadresse').getAttribute('aria-invalid'), 'true');
      await checkPage(page, 'profilen med feil');

      await page.getByLabel('E-postadresse').fill('kari@eksempel.no');
      await page.getByRole('button', { name: 'Lagre' }).click();
      await page.waitForURL(`${server.baseUrl}/min-side`);
      assert.equal(await page.locator('h1').innerText(), 'Min side');
      const header = page.getByRole('banner');
      assert.equal(await header.getByRole('link', { name: 'Kari Testesen' }).getAttribute('href'), '/min-side/profil');
      assert.equal(await header.getByRole('link', { name: 'Logg inn', exact: true }).count(), 0);
      await checkPage(page, 'Min side innlogget');

      const cookies = await context.cookies(server.baseUrl);
      const session = cookies.find((c) => c.name === 'minside');
      assert.ok(session, 'øktkapselen finnes');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.match(session.value, /^[0-9a-f]{64}$/);

      await header.getByRole('link', { name: 'Kari Testesen' }).click();
      await page.waitForURL(`${server.baseUrl}/min-side/profil`);
      assert.equal(await page.locator('h1').innerText(), 'Min profil');
      assert.equal(await page.getByLabel('E-postadresse').inputValue(), 'kari@eksempel.no');
      await checkPage(page, 'Min profil');

      await header.getByRole('button', { name: 'Logg ut' }).click();
      await page.waitForURL((url) => url.href.startsWith(idp.publicIssuer));
      await page.getByRole('button', { name: 'Ja, logg ut' }).click();
      await page.waitForURL(`${server.baseUrl}/logget-ut`);
      assert.equal(await page.locator('h1').innerText(), 'Du er logget ut');
      await checkPage(page, 'utlogget');
      assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Logg inn', exact: true }).count(), 1);

      // The session is gone here: Min side asks for login again, and the provider asks again too.
      await page.goto(`${server.baseUrl}/min-side`);
      await page.waitForURL((url) => url.href.startsWith(idp.publicIssuer));
      assert.match(await page.locator('h1').innerText(), /Logg inn med testperson/);
    } finally {
      await context.close();
    }
  });

  test('en side som krever innlogging, sender til innlogging og tilbake igjen', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.baseUrl}/min-side/profil?lagret=1`);
      await page.waitForURL((url) => url.href.startsWith(idp.publicIssuer));
      await page.getByRole('button', { name: 'Per Prøvesen', exact: true }).click();
      // First login: the profile first, then back where the person was going.
      await page.waitForURL(/\/min-side\/profil\?neste=/);
      await fillProfile(page, 'Per Prøvesen', 'per@eksempel.no', '+47 912 34 568');
      await page.waitForURL(`${server.baseUrl}/min-side/profil?lagret=1`);
      assert.match(await page.getByRole('main').innerText(), /Profilen din er lagret/);
      await checkPage(page, 'profilen lagret');
    } finally {
      await context.close();
    }
  });

  test('for lavt sikkerhetsnivå avvises med en tydelig side og uten økt', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await loginAs(page, 'Siri Signatur');
      await page.waitForURL((url) => url.href.startsWith(`${server.baseUrl}/logg-inn/tilbake`));
      assert.equal(await page.locator('h1').innerText(), 'Innloggingen mislyktes');
      assert.match(await page.getByRole('main').innerText(), /for lavt sikkerhetsnivå/);
      await checkPage(page, 'innlogging avvist');
      assert.equal((await context.cookies(server.baseUrl)).filter((c) => c.name === 'minside').length, 0);
    } finally {
      await context.close();
    }
  });

  test('utlogging fra innloggingstjenesten (frontkanal) avslutter økten i Min side', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await loginAs(page, 'Nora Forbruker');
      await page.waitForURL(/\/min-side\/profil/);
      await fillProfile(page, 'Nora Forbruker', 'nora@eksempel.no', '41234567');
      await page.waitForURL(`${server.baseUrl}/min-side`);

      // Logging out at the provider itself, as from another service.
      const frontchannel = page.waitForResponse((res) => res.url().startsWith(`${server.baseUrl}/logg-ut/frontkanal`));
      await page.goto(`${idp.publicIssuer}/session/end`);
      await page.getByRole('button', { name: 'Ja, logg ut' }).click();
      assert.equal((await frontchannel).status(), 200);

      const res = await page.goto(`${server.baseUrl}/`);
      assert.equal(res.status(), 200);
      assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Logg inn', exact: true }).count(), 1);
    } finally {
      await context.close();
    }
  });

  test('innlogging virker etter at innloggingstjenesten har byttet nøkler', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await loginAs(page, 'Ola Testmann');
      await page.waitForURL(/\/min-side\/profil/);
      await context.clearCookies();
      await idp.rotate('public');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await loginAs(page, 'Ola Testmann');
      await page.waitForURL(/\/min-side\/profil/);
      assert.equal(await page.locator('h1').innerText(), 'Fullfør profilen din');
    } finally {
      await context.close();
    }
  });
});

describe('innlogging for ansatte', () => {
  test('en saksbehandler logger inn hos ansattleverandøren og får rollene sine', async () => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.baseUrl}/ansatt/logg-inn`);
      await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
      await page.getByRole('button', { name: 'Stig Seksjonsleder', exact: true }).click();
      await page.waitForURL(`${server.baseUrl}/ansatt`);
      const header = page.getByRole('banner');
      assert.match(await header.innerText(), /Stig Seksjonsleder/);
      assert.match(await header.innerText(), /Leder/);
      const main = page.getByRole('main');
      for (const link of ['Arbeidskø', 'Søknader fra virksomheter', 'Arkiv'])
        assert.equal(await main.getByRole('link', { name: link }).count(), 1, `startsiden lenker til ${link}`);
      await checkPage(page, 'startsiden for ansatte');
      await page.goto(`${server.baseUrl}/min-side`);
      await page.waitForURL(`${server.baseUrl}/ansatt`);
      await header.getByRole('button', { name: 'Logg ut' }).click();
      await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
      await page.getByRole('button', { name: 'Ja, logg ut' }).click();
      await page.waitForURL(`${server.baseUrl}/logget-ut`);
    } finally {
      await context.close();
    }
  });
});
