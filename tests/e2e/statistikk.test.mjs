// Web statistics and «Statistikk» in a real browser: visitors on a computer and a phone are
// counted without a cookie; a caseworker without the role leder is refused; a manager logs in
// through the real staff provider, finds «Statistikk» on the start page, sees the charts with
// their tables (axe on the page), and downloads a chart as CSV with the table's numbers. Every
// cookie the browser holds on the way is one of the strictly necessary ones.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { loginStaff, useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let browser;

// Counts are written every second, so the page shows the visits at once.
useIdp((env) => ({ server, idp, browser } = env), { env: { MINSIDE_STATS_FLUSH_SECONDS: '1' } });

const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const NECESSARY = new Set(['minside', '__Host-minside', 'minside_innlogging', '__Host-minside_innlogging']);

/** Records the name of every cookie Min side's responses set in context (the identity
 * provider's own cookies, on another port of the same host, are not Min side's). */
function watchCookies(context) {
  const names = new Set();
  context.on('response', async (response) => {
    if (!response.url().startsWith(server.baseUrl)) return;
    for (const h of await response.headersArray().catch(() => [])) {
      if (h.name.toLowerCase() === 'set-cookie') names.add(h.value.split('=')[0].trim());
    }
  });
  return names;
}

function assertNecessaryCookies(names, where) {
  assert.ok(names.size > 0, `${where}: innloggingen satte informasjonskapsler`);
  for (const name of names) assert.ok(NECESSARY.has(name), `${where}: informasjonskapselen ${name} er ikke nødvendig`);
}

test('besøk telles uten informasjonskapsler, og lederen ser dem på «Statistikk»', async () => {
  for (const userAgent of [DESKTOP, PHONE]) {
    const visitor = await browser.newContext({ locale: 'nb-NO', userAgent });
    const set = watchCookies(visitor);
    const page = await visitor.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.goto(`${server.baseUrl}/personvern`);
    await page.goto(`${server.baseUrl}/tilgjengelighet`);
    assert.deepEqual(await visitor.cookies(), [], 'offentlige sider setter ingen informasjonskapsler');
    assert.equal(set.size, 0, 'ingen Set-Cookie fra offentlige sider');
    await visitor.close();
  }

  const sara = await browser.newContext({ locale: 'nb-NO', userAgent: DESKTOP });
  const saraCookies = watchCookies(sara);
  const saraPage = await sara.newPage();
  await loginStaff(saraPage, server, idp, 'Sara Saksbehandler');
  const refused = await saraPage.goto(`${server.baseUrl}/statistikk`);
  assert.equal(refused.status(), 403, 'en saksbehandler uten rollen leder får 403');
  assert.equal(await saraPage.getByRole('link', { name: 'Statistikk' }).count(), 0, 'og ingen lenke på startsiden');
  assertNecessaryCookies(saraCookies, 'saksbehandleren');
  await sara.close();

  const context = await browser.newContext({ locale: 'nb-NO', userAgent: DESKTOP, acceptDownloads: true });
  const stigCookies = watchCookies(context);
  const page = await context.newPage();
  try {
    await loginStaff(page, server, idp, 'Stig Seksjonsleder');
    await page.goto(`${server.baseUrl}/ansatt`);
    await page.getByRole('link', { name: 'Statistikk' }).click();
    await page.waitForURL(`${server.baseUrl}/statistikk`);
    assert.equal(await page.locator('h1').innerText(), 'Statistikk');
    // The first counts may still be on their way to the database: reload until they are there.
    const [, month, day] = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Oslo' }).split('-');
    const today = `${day}.${month}.`;
    const viewsToday = () => page.locator('table[data-chart="sidevisninger-per-dag"] tbody tr')
      .filter({ has: page.locator(`th:text-is("${today}")`) }).locator('td').innerText();
    let views = 0;
    for (let i = 0; i < 20 && views < 6; i++) {
      await page.reload();
      views = Number(await viewsToday());
      if (views < 6) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(views >= 6, `seks besøk på offentlige sider er telt i dag (${views})`);
    const devices = await page.locator('table[data-chart="enheter"] tbody').innerText();
    assert.match(devices, /mobil\s+3/, 'tre sidevisninger fra mobil');
    assert.match(devices, /datamaskin\s+\d+/, 'og fra datamaskin');
    const pages = await page.locator('table[data-chart="mest-viste-sider"] tbody').innerText();
    assert.match(pages, /\/personvern\s+2/, 'personvernsiden to ganger');

    const charts = page.locator('section.ms-chart');
    assert.equal(await charts.count(), 9, 'ni diagrammer');
    for (const chart of await charts.all()) {
      const svg = chart.locator('svg[role="img"]');
      if (await svg.count()) {
        assert.ok(await svg.isVisible(), 'diagrammet vises');
        assert.ok(await chart.locator('table').isVisible(), 'med tallene som tabell');
      }
      assert.ok(await chart.getByRole('link', { name: /som CSV-fil$/ }).isVisible(), 'og en CSV-fil å laste ned');
    }
    const bars = await page.locator('[data-chart="sidevisninger-per-dag"] rect').count();
    assert.ok(bars >= 30, 'en stolpe per dag');
    const fills = await page.evaluate(() => [1, 2, 3].map((n) => {
      const swatch = document.querySelector(`.ms-chart__bar--${n}`);
      return swatch ? getComputedStyle(swatch).fill : null;
    }));
    assert.equal(new Set(fills.filter(Boolean)).size, 3, `stolpene har hver serie sin farge fra stilarket (${fills})`);
    assert.ok(!fills.includes('rgb(0, 0, 0)'), 'og ingen er svart, som når stilarket ikke virker');
    await checkPage(page, 'statistikksiden');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Last ned «Mest viste sider» som CSV-fil' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mest-viste-sider.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /^"Side","Sidevisninger"\r\n/, 'CSV-filen har overskrifter');
    assert.match(csv, /"\/personvern","2"\r\n/, 'og de samme tallene som tabellen');

    assertNecessaryCookies(stigCookies, 'lederen');
  } finally {
    await context.close();
  }
});
