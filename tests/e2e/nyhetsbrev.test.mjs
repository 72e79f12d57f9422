// The newsletter in a real browser, with the real staff provider and a real SMTP server on
// loopback: a visitor follows the front page's link, signs up (after a refused address and a
// missing consent), confirms with the link from the e-mail; Stig (leder) writes an issue in
// Markdown, previews it, sends a test to himself and sends it; the issue arrives with both
// unsubscribe forms, and the link unsubscribes. axe on every page on the way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, describe, test } from 'node:test';

import { loginStaff, useIdp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';
import { startSmtpSink } from './lib/smtp.mjs';

let server;
let idp;
let smtp;
let browser;

useIdp((env) => ({ server, idp, browser } = env), async () => {
  smtp = await startSmtpSink();
  return { env: { MINSIDE_SMTP_URL: smtp.url, MINSIDE_JOB_POLL_MS: '100' } };
});

after(async () => {
  await smtp?.stop();
});

function sql(statement) {
  return execFileSync('sqlite3', [server.dbPath, statement], { encoding: 'utf8' }).trim();
}

async function newPage() {
  const context = await browser.newContext({ locale: 'nb-NO' });
  return context.newPage();
}

describe('nyhetsbrev', () => {
  test('påmelding, bekreftelse, utgave fra leder, avmelding med lenken', async () => {
    const page = await newPage();
    await page.goto(server.baseUrl);
    await page.getByRole('link', { name: 'Abonner på nyhetsbrevet vårt' }).click();
    await page.waitForURL(/\/nyhetsbrev$/);
    await checkPage(page, 'påmelding');

    await page.getByRole('textbox', { name: 'E-postadresse' }).fill('ikke en adresse');
    await page.getByLabel(/Jeg vil få nyhetsbrevet/).check();
    await page.getByRole('button', { name: 'Abonner' }).click();
    await assert.doesNotReject(page.getByText('Skriv en gyldig e-postadresse').first().waitFor());
    await checkPage(page, 'påmelding med feil adresse');

    await page.getByRole('textbox', { name: 'E-postadresse' }).fill('leser@eksempel.no');
    await page.getByRole('button', { name: 'Abonner' }).click();
    await assert.doesNotReject(page.getByText('Kryss av for at du samtykker').first().waitFor());
    await checkPage(page, 'påmelding uten samtykke');

    await page.getByLabel(/Jeg vil få nyhetsbrevet/).check();
    await page.getByRole('button', { name: 'Abonner' }).click();
    await page.getByRole('heading', { name: 'Sjekk e-posten din' }).waitFor();
    await checkPage(page, 'sjekk e-posten');

    const confirmation = await smtp.waitFor((m) => m.rcpt_tos.includes('leser@eksempel.no'));
    const link = confirmation.body.match(/https?:\/\/\S+\/nyhetsbrev\/bekreft\/[0-9a-f]{64}/)[0];
    await page.goto(link);
    await checkPage(page, 'bekreft');
    await page.getByRole('button', { name: 'Bekreft abonnementet' }).click();
    await page.getByRole('heading', { name: 'Abonnementet er bekreftet' }).waitFor();
    await checkPage(page, 'bekreftet');
    assert.equal(sql("SELECT COUNT(*) FROM newsletter_subscriber WHERE confirmed_at IS NOT NULL"), '1');

    // Stig writes and sends an issue.
    const stig = await newPage();
    await loginStaff(stig, server, idp, 'Stig Seksjonsleder');
    await stig.getByRole('link', { name: 'Nyhetsbrev' }).click();
    await stig.waitForURL(/\/ansatt\/nyhetsbrev$/);
    await checkPage(stig, 'nyhetsbrev for ansatte');
    await stig.getByLabel('Tittel (emnefeltet i e-posten)').fill('Nytt om angrerett');
    await stig.getByLabel('Tekst').fill('## Angrerett\n\nDu har **14 dager** angrerett.\n\n- Gjelder netthandel\n');
    await stig.getByRole('button', { name: 'Lagre utkast og se forhåndsvisning' }).click();
    await stig.waitForURL(/\/ansatt\/nyhetsbrev\/\d+$/);
    await stig.getByRole('heading', { name: 'Angrerett', exact: true }).waitFor();
    await checkPage(stig, 'utkast med forhåndsvisning');

    await stig.getByRole('button', { name: 'Send en prøve til meg selv' }).click();
    await stig.getByText(/Prøveutsendingen er sendt til stig\.seksjonsleder@/).waitFor();
    await checkPage(stig, 'prøveutsending');
    await smtp.waitFor((m) => m.rcpt_tos.includes('stig.seksjonsleder@forbrukertilsynet.example'));

    await stig.getByRole('button', { name: 'Send til alle abonnenter' }).click();
    await stig.getByText('Utsendingen er startet.').waitFor();
    await checkPage(stig, 'utsending');
    const issue = await smtp.waitFor((m) => m.rcpt_tos.includes('leser@eksempel.no') && m.subject === 'Nytt om angrerett');
    assert.equal(issue.content_type, 'multipart/alternative');
    assert.match(issue.html, /<strong>14 dager<\/strong>/);
    const unsubscribe = issue.body.match(/https?:\/\/\S+\/nyhetsbrev\/avmeld\/[0-9a-f]{32}\.[0-9a-f]{32}/)[0];

    // The link in the issue unsubscribes in one click.
    await page.goto(unsubscribe);
    await page.getByRole('heading', { name: 'Du er meldt av' }).waitFor();
    await checkPage(page, 'avmeldt');
    assert.equal(sql('SELECT COUNT(*) FROM newsletter_subscriber'), '0');
    await page.goto(unsubscribe);
    await page.getByRole('heading', { name: 'Lenken virker ikke' }).waitFor();
    await checkPage(page, 'brukt lenke');
  });
});
