// Logging in through the development identity provider (lib/idp.mjs) in a browser page: a
// person (filling in «Min profil» at the first login) or a caseworker; and starting Min side
// with both providers and a browser for a test file.
import { after, before } from 'node:test';

import { startIdp } from './idp.mjs';
import { startSmtpSink } from './smtp.mjs';
import { freePort, launchBrowser, startServer } from './server.mjs';

/** The providers, Min side pointed at them (with env's settings added), and Chromium. Returns
 * { idp, server, browser, stop() }. */
export async function startWithIdp({ env = {} } = {}) {
  const port = await freePort();
  const idp = await startIdp(`http://127.0.0.1:${port}`);
  const server = await startServer({ port, env: { ...idp.minsideEnv, ...env } });
  const browser = await launchBrowser();
  return {
    idp, server, browser,
    async stop() {
      await browser.close();
      await server.stop();
      await idp.stop();
    },
  };
}

/** For a test file: starts the providers, Min side and Chromium before its tests, hands them to
 * ready ({ idp, server, browser }), and stops them after. options is startWithIdp's, or a
 * function that gives them once the hook runs (for settings known only then). */
export function useIdp(ready, options = {}) {
  let env;
  before(async () => {
    env = await startWithIdp(typeof options === 'function' ? await options() : options);
    await ready(env);
  });
  after(async () => {
    await env?.stop();
  });
}

/** useIdp with a real SMTP server on loopback that Min side sends to, its jobs polled often:
 * ready gets { idp, server, browser, smtp } (smtp as startSmtpSink gives it). */
export function useIdpWithSmtp(ready) {
  let smtp;
  useIdp((env) => ready({ ...env, smtp }), async () => {
    smtp = await startSmtpSink();
    return { env: { MINSIDE_SMTP_URL: smtp.url, MINSIDE_JOB_POLL_MS: '100' } };
  });
  after(async () => {
    await smtp?.stop();
  });
}

/** Logs the person in; at the first login fills the profile with name and email. */
export async function loginPerson(page, server, idp, name, email) {
  await page.goto(`${server.baseUrl}/logg-inn`);
  await page.waitForURL((url) => url.href.startsWith(idp.publicIssuer));
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(server.baseUrl));
  if (new URL(page.url()).pathname === '/min-side/profil') {
    await page.getByLabel('Fullt navn').fill(name);
    await page.getByLabel('E-postadresse').fill(email);
    await page.getByLabel('Telefonnummer').fill('912 34 567');
    await page.getByRole('button', { name: 'Lagre' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/min-side/profil'));
  }
}

/** Logs a caseworker in at the staff provider. */
export async function loginStaff(page, server, idp, name) {
  await page.goto(`${server.baseUrl}/ansatt/logg-inn`);
  await page.waitForURL((url) => url.href.startsWith(idp.staffIssuer));
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(server.baseUrl));
}
