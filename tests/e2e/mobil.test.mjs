// The pages on a phone (WCAG 1.4.10 reflow): at 320 and 375 CSS pixels, logged out, as a
// consumer, as a business user with an organisation in the header, and as both kinds of
// caseworker, no page scrolls sideways (document.scrollingElement.scrollWidth is at most the
// window's width) and every link and button of the header lies inside the window.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loginPerson, loginStaff, useIdp } from './lib/logins.mjs';

let server;
let idp;
let browser;

useIdp((env) => ({ server, idp, browser } = env));

const PUBLIC_PAGES = ['/', '/personvern', '/tilgjengelighet', '/postjournal',
  '/nyhetsbrev', '/innsyn/ny', '/finnes-ikke-her'];
const PERSON_PAGES = ['/min-side', '/min-side/profil', '/innboks', '/mine-saker', '/ny-sak/veiledning',
  '/ny-sak/mekling', '/ny-sak/tips', '/min-side/personopplysninger', '/min-side/innsyn',
  '/min-side/retting', '/velg-organisasjon?q=eksempel', '/virksomhet'];
const BUSINESS_PAGES = [...PERSON_PAGES, '/vare-saker', '/virksomhet/finner-ikke'];
const STAFF_PAGES = ['/ansatt', '/ansatt/saker', '/ansatt/virksomheter', '/ansatt/innsyn',
  '/ansatt/retting', '/ansatt/sletting', '/ansatt/nyhetsbrev', '/ansatt/offentlig-journal',
  '/ansatt/arkiv', '/ansatt/arkiv/saksmapper', '/ansatt/revisjonslogg', '/statistikk'];

const PEOPLE = [
  { label: 'ikke innlogget', pages: PUBLIC_PAGES },
  { label: 'forbruker', kind: 'person', name: 'Nora Forbruker', email: 'nora@example.no', pages: PERSON_PAGES },
  { label: 'virksomhet', kind: 'person', name: 'Lars Reisesen', email: 'lars@reiser.no', pages: BUSINESS_PAGES, orgnr: '310000035' },
  { label: 'saksbehandler', kind: 'staff', name: 'Sara Saksbehandler', pages: STAFF_PAGES },
  { label: 'seksjonsleder', kind: 'staff', name: 'Stig Seksjonsleder', pages: STAFF_PAGES },
];

async function registerFor(page, orgnr) {
  await page.goto(`${server.baseUrl}/virksomhet/registrer?orgnr=${orgnr}`);
  await page.getByRole('button', { name: 'Registrer meg' }).click();
  await page.waitForURL(/\/virksomhet\?registrert=1/);
}

/** Fails unless the page at path neither scrolls sideways nor puts a header control outside the window. */
async function expectReflow(page, path, label) {
  await page.goto(server.baseUrl + path);
  const m = await page.evaluate(() => {
    const inside = (el) => {
      const r = el.getBoundingClientRect();
      return r.left >= 0 && r.right <= window.innerWidth && r.width > 0 && r.height > 0;
    };
    const controls = [...document.querySelectorAll('header a, header button')];
    // The innermost elements reaching past the right edge name the culprit in a failure.
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5
        && ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return {
      wide,
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: window.innerWidth,
      outside: controls.filter((el) => !inside(el)).map((el) => el.textContent.trim()),
      controls: controls.length,
    };
  });
  assert.ok(m.scrollWidth <= m.innerWidth,
    `${label} ${path}: siden ruller sidelengs (${m.scrollWidth} > ${m.innerWidth}: ${m.wide.join(', ')})`);
  assert.ok(m.controls > 0, `${label} ${path}: topptekst uten lenker`);
  assert.deepEqual(m.outside, [], `${label} ${path}: lenker i toppteksten utenfor vinduet`);
}

describe('sidene på en mobil (WCAG 1.4.10)', () => {
  for (const width of [320, 375]) {
    for (const who of PEOPLE) {
      test(`${width} px, ${who.label}: ingen side ruller sidelengs`, async () => {
        const context = await browser.newContext({ locale: 'nb-NO', viewport: { width, height: 640 } });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        try {
          if (who.kind === 'staff') await loginStaff(page, server, idp, who.name);
          else if (who.kind === 'person') await loginPerson(page, server, idp, who.name, who.email);
          if (who.orgnr && width === 320) await registerFor(page, who.orgnr);
          if (who.orgnr) {
            await page.goto(`${server.baseUrl}/min-side`);
            assert.match(await page.getByRole('banner').innerText(), /EKSEMPEL REISER AS/);
            assert.equal(await page.getByRole('banner').getByRole('button', { name: 'Logg ut' }).isVisible(), true);
          }
          for (const path of who.pages) await expectReflow(page, path, `${width} px, ${who.label}:`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
