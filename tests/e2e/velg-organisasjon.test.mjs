// «Velg organisasjon» in a real browser: the plain form without JavaScript, and the
// suggestions as you type with JavaScript (an ARIA combobox used from the keyboard), both
// checked with axe, on a server with the demo organisations. The page is behind login: a person
// logs in once, and every test's browser context starts with that session.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loginPerson, useIdp } from './lib/logins.mjs';
import { expectGoodStructure, expectNoAxeViolations, watchPage } from './lib/server.mjs';

let server;
let idp;
let browser;
let loggedIn;

useIdp(async (env) => {
  ({ server, idp, browser } = env);
  const context = await browser.newContext({ locale: 'nb-NO' });
  await loginPerson(await context.newPage(), server, idp, 'Nora Forbruker', 'nora@eksempel.no');
  loggedIn = await context.storageState();
  await context.close();
});

// axe runs inside the page, so pages seen without JavaScript are checked again with it: the
// server sends the same HTML either way.
async function expectAccessible(path, label) {
  const { context, page } = await open(path);
  try {
    await expectNoAxeViolations(page, label);
    await expectGoodStructure(page, label);
  } finally {
    await context.close();
  }
}

async function open(path, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ locale: 'nb-NO', javaScriptEnabled, storageState: loggedIn });
  const page = await context.newPage();
  const watch = await watchPage(page);
  const response = await page.goto(server.baseUrl + path);
  return { context, page, response, watch };
}

describe('uten JavaScript', () => {
  test('søket er et vanlig skjema med resultatliste', async () => {
    const { context, page, response } = await open('/velg-organisasjon', { javaScriptEnabled: false });
    try {
      assert.equal(response.status(), 200);
      assert.deepEqual(await page.locator('h1').allInnerTexts(), ['Velg organisasjon']);
      await page.getByLabel('Navn eller organisasjonsnummer').fill('hvitevarer eksempel');
      await page.getByRole('button', { name: 'Søk' }).click();
      await page.waitForURL(/q=hvitevarer/);
      const results = page.getByRole('region', { name: /treff for/ });
      assert.match(await results.getByRole('heading', { level: 2 }).innerText(), /^1 treff for «hvitevarer eksempel»$/);
      const item = results.getByRole('listitem');
      assert.equal(await item.getByRole('heading', { level: 3 }).innerText(), 'EKSEMPEL HVITEVARER AS');
      assert.match(await item.innerText(), /Org\.nr\. 310 000 027 · AS · OSLO/);
      assert.equal(await page.getByRole('combobox').count(), 0, 'no combobox without JavaScript');
      await expectAccessible(new URL(page.url()).pathname + new URL(page.url()).search, 'søkeresultat');
    } finally {
      await context.close();
    }
  });

  test('konkurs og slettet er merket i resultatlisten', async () => {
    const { context, page } = await open('/velg-organisasjon?q=310000051', { javaScriptEnabled: false });
    try {
      assert.match(await page.getByRole('main').getByRole('listitem').innerText(), /KONKURSRAMMET TEST AS[\s\S]*Konkurs/);
      await page.goto(`${server.baseUrl}/velg-organisasjon?q=nedlagt`);
      assert.match(await page.getByRole('main').getByRole('listitem').innerText(), /NEDLAGT NETTHANDEL AS[\s\S]*Slettet/);
      await expectAccessible('/velg-organisasjon?q=nedlagt', 'slettet enhet');
      await expectAccessible('/velg-organisasjon?q=finnes+ikke', 'ingen treff');
    } finally {
      await context.close();
    }
  });
});

describe('med JavaScript', () => {
  test('forslag mens man skriver, valgt med piltaster og Enter', async () => {
    const { context, page, watch } = await open('/velg-organisasjon');
    try {
      const box = page.getByRole('combobox', { name: 'Navn eller organisasjonsnummer' });
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      await box.pressSequentially('blåbær', { delay: 30 });
      const list = page.getByRole('listbox', { name: 'Forslag' });
      await list.waitFor();
      assert.equal(await box.getAttribute('aria-expanded'), 'true');
      assert.equal(await box.getAttribute('aria-controls'), await list.getAttribute('id'));
      const options = list.getByRole('option');
      assert.equal(await options.count(), 1);
      assert.match(await options.first().innerText(), /BLÅBÆR OG SØNN ELEKTRO AS[\s\S]*310 000 078/);
      await expectNoAxeViolations(page, 'forslagslisten');

      await box.press('ArrowDown');
      assert.equal(await box.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
      assert.equal(await options.first().getAttribute('aria-selected'), 'true');
      await Promise.all([page.waitForURL(/q=310000078/), box.press('Enter')]);
      assert.match(await page.getByRole('main').getByRole('listitem').innerText(), /BLÅBÆR OG SØNN ELEKTRO AS/);
      assert.deepEqual(watch.problems, []);
      assert.deepEqual(await watch.cspViolations(), []);
    } finally {
      await context.close();
    }
  });

  test('Escape lukker forslagene, og ordene kan stå i hvilken som helst rekkefølge', async () => {
    const { context, page } = await open('/velg-organisasjon');
    try {
      const box = page.getByRole('combobox');
      await box.fill('reiser eksempel');
      const list = page.getByRole('listbox');
      await list.waitFor();
      assert.match(await list.getByRole('option').first().innerText(), /EKSEMPEL REISER AS/);
      await box.press('Escape');
      await list.waitFor({ state: 'hidden' });
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      await expectNoAxeViolations(page, 'lukket forslagsliste');
    } finally {
      await context.close();
    }
  });
});
