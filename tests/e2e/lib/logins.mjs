// Logging in through the development identity provider (lib/idp.mjs) in a browser page: a
// person (filling in «Min profil» at the first login) or a caseworker.

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
