// The foundation every page stands on: the layout, the front page, the privacy and
// accessibility statements, the error page, accessibility, keyboard use and the
// Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  expectGoodStructure, expectNoAxeViolations, launchBrowser, startServer, watchPage,
} from './lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path) {
  const context = await browser.newContext({ locale: 'nb-NO' });
  const page = await context.newPage();
  const watch = await watchPage(page);
  const response = await page.goto(server.baseUrl + path);
  return { context, page, response, watch };
}

async function h1Texts(page) {
  return (await page.locator('h1').allInnerTexts()).map((t) => t.trim());
}

const PAGES = [
  { path: '/', h1: 'Min side', title: 'Forside – Min side – Forbrukertilsynet', status: 200 },
  { path: '/personvern', h1: 'Personvernerklæring', title: 'Personvernerklæring – Min side – Forbrukertilsynet', status: 200 },
  { path: '/tilgjengelighet', h1: 'Tilgjengelighetserklæring', title: 'Tilgjengelighetserklæring – Min side – Forbrukertilsynet', status: 200 },
  { path: '/finnes-ikke-her', h1: 'Siden finnes ikke', status: 404 },
];

describe('forsiden', () => {
  test('lastes med status 200, én h1 og tittel', async () => {
    const { context, page, response } = await open('/');
    try {
      assert.equal(response.status(), 200);
      assert.deepEqual(await h1Texts(page), ['Min side']);
      assert.equal(await page.title(), 'Forside – Min side – Forbrukertilsynet');
      assert.equal(await page.getAttribute('html', 'lang'), 'nb');
    } finally {
      await context.close();
    }
  });

  test('har topptekst med tjenestenavn, etatsnavn og «Logg inn» for den som ikke er logget inn', async () => {
    const { context, page } = await open('/');
    try {
      const header = page.getByRole('banner');
      const home = header.getByRole('link', { name: /Min side/ });
      assert.equal(await home.getAttribute('href'), '/');
      assert.match(await header.innerText(), /Forbrukertilsynet/);
      assert.equal(await header.getByRole('link', { name: 'Logg inn', exact: true }).getAttribute('href'), '/logg-inn');
    } finally {
      await context.close();
    }
  });

  test('viser hvor man kan begynne, og aktuelle meldinger fra databasen', async () => {
    const { context, page } = await open('/');
    try {
      const main = page.getByRole('main');
      for (const [name, href] of [['Logg inn', '/logg-inn'], ['Klage på en virksomhet', '/klage'], ['Søk i postjournalen', '/postjournal']]) {
        assert.equal(await main.getByRole('link', { name, exact: true }).getAttribute('href'), href, name);
      }
      const aktuelt = main.getByRole('region', { name: 'Aktuelt' });
      assert.equal(await aktuelt.getByRole('heading', { name: 'Ny Min side for virksomheter' }).count(), 1);
      assert.match(await aktuelt.innerText(), /Publisert \d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember) \d{4}/);
      assert.doesNotMatch(await aktuelt.innerText(), /ingen aktuelle meldinger/);
    } finally {
      await context.close();
    }
  });

  test('har bunntekst med lenker til personvern- og tilgjengelighetserklæringen', async () => {
    const { context, page } = await open('/');
    try {
      const footer = page.getByRole('contentinfo');
      assert.equal(await footer.getByRole('link', { name: 'Personvernerklæring' }).getAttribute('href'), '/personvern');
      assert.equal(await footer.getByRole('link', { name: 'Tilgjengelighetserklæring' }).getAttribute('href'), '/tilgjengelighet');
      assert.match(await footer.innerText(), /post@forbrukertilsynet\.no/);
      await footer.getByRole('link', { name: 'Personvernerklæring' }).click();
      await page.waitForURL(/\/personvern$/);
      assert.deepEqual(await h1Texts(page), ['Personvernerklæring']);
    } finally {
      await context.close();
    }
  });

  test('«Hopp til hovedinnhold» er første tabstopp og flytter fokus til hovedinnholdet', async () => {
    const { context, page } = await open('/');
    try {
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        text: document.activeElement?.textContent?.trim(),
        href: document.activeElement?.getAttribute('href'),
      }));
      assert.deepEqual(first, { text: 'Hopp til hovedinnhold', href: '#hovedinnhold' });
      assert.ok(await page.getByRole('link', { name: 'Hopp til hovedinnhold' }).isVisible(), 'lenken skal synes når den har fokus');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'hovedinnhold');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
    } finally {
      await context.close();
    }
  });
});

describe('erklæringene', () => {
  test('personvernerklæringen lastes med overskriftene den skal ha', async () => {
    const { context, page, response } = await open('/personvern');
    try {
      assert.equal(response.status(), 200);
      assert.deepEqual(await h1Texts(page), ['Personvernerklæring']);
      const h2 = (await page.getByRole('main').locator('h2').allInnerTexts()).map((t) => t.trim());
      for (const heading of ['Hvem som er ansvarlig', 'Saksbehandling og arkiv', 'Offentlig postjournal',
        'Nyhetsbrev', 'Informasjonskapsler og nettstatistikk', 'Dine rettigheter', 'Kontakt og klage']) {
        assert.ok(h2.includes(heading), `mangler h2 «${heading}» (fant: ${h2.join(', ')})`);
      }
      assert.match(await page.getByRole('main').innerText(), /Datatilsynet/);
    } finally {
      await context.close();
    }
  });

  test('tilgjengelighetserklæringen lastes og viser krav, status og tilsyn', async () => {
    const { context, page, response } = await open('/tilgjengelighet');
    try {
      assert.equal(response.status(), 200);
      assert.deepEqual(await h1Texts(page), ['Tilgjengelighetserklæring']);
      const text = await page.getByRole('main').innerText();
      assert.match(text, /WCAG 2\.1/);
      assert.match(text, /Tilsynet for universell utforming av IKT/);
      assert.match(text, /post@forbrukertilsynet\.no/);
    } finally {
      await context.close();
    }
  });
});

describe('feilsiden', () => {
  test('en ukjent adresse gir 404 med norsk feilside og lenke til forsiden', async () => {
    const { context, page, response } = await open('/finnes-ikke-her');
    try {
      assert.equal(response.status(), 404);
      assert.deepEqual(await h1Texts(page), ['Siden finnes ikke']);
      assert.equal(await page.getAttribute('html', 'lang'), 'nb');
      assert.match(await page.title(), /– Min side – Forbrukertilsynet$/);
      assert.match(await page.getByRole('main').innerText(), /404/);
      assert.equal(await page.getByRole('main').getByRole('link', { name: 'Gå til forsiden' }).getAttribute('href'), '/');
    } finally {
      await context.close();
    }
  });
});

describe('universell utforming (axe, WCAG 2.1 A og AA)', () => {
  for (const p of PAGES) {
    test(`ingen brudd på ${p.path}`, async () => {
      const { context, page, response } = await open(p.path);
      try {
        assert.equal(response.status(), p.status);
        await expectNoAxeViolations(page, p.path);
        await expectGoodStructure(page, p.path);
      } finally {
        await context.close();
      }
    });
  }
});

describe('sikkerhet og ressurser', () => {
  for (const p of PAGES) {
    test(`${p.path} har CSP, ingen innebygd skript eller stil, og alle ressurser lastes`, async () => {
      const { context, page, response, watch } = await open(p.path);
      try {
        assert.equal(response.status(), p.status);
        const csp = response.headers()['content-security-policy'];
        assert.ok(csp, 'svaret mangler Content-Security-Policy');
        assert.match(csp, /default-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

        assert.equal(await page.locator('script:not([src])').count(), 0, 'innebygd <script>');
        assert.equal(await page.locator('[style]').count(), 0, 'style-attributt');

        await page.waitForLoadState('load');
        for (const css of ['/static/vendor/designsystemet.css', '/static/vendor/theme.css', '/static/css/minside.css']) {
          assert.equal(watch.staticResponses.get(css), 200, `${css} ble ikke lastet`);
        }
        // Designsystemet really applies: the skip link is hidden until it gets focus.
        assert.equal(await page.locator('.ds-skip-link').evaluate((el) => getComputedStyle(el).position), 'absolute');

        assert.deepEqual(await watch.cspViolations(), [], 'brudd på Content-Security-Policy');
        assert.deepEqual(watch.problems, [], 'feil i konsollen eller ved lasting av ressurser');
      } finally {
        await context.close();
      }
    });
  }

  test('statiske filer som ikke finnes, gir 404', async () => {
    const res = await fetch(`${server.baseUrl}/static/css/finnes-ikke.css`);
    assert.equal(res.status, 404);
  });
});

describe('forsiden uten aktuelle meldinger', () => {
  let empty;
  before(async () => { empty = await startServer({ seedDemo: false }); });
  after(async () => { await empty?.stop(); });

  test('sier at det ikke er noe aktuelt', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(empty.baseUrl + '/');
      assert.equal(response.status(), 200);
      const aktuelt = page.getByRole('main').getByRole('region', { name: 'Aktuelt' });
      assert.match(await aktuelt.innerText(), /Det er ingen aktuelle meldinger akkurat nå\./);
      assert.equal(await aktuelt.locator('article').count(), 0);
    } finally {
      await context.close();
    }
  });
});
