// Messages in a real browser, with the real identity providers and a real SMTP server on
// loopback: a business `bruker` writes to the caseworker through «Kontakt oss» with an
// attachment; the caseworker sees it in the work queue and answers from the case; the answer
// arrives in the inbox, the unread count goes up and down, and the e-mail notice arrives with
// nothing of the case in it. axe on each page on the way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

import { loginPerson, loginStaff, useIdpWithSmtp } from './lib/logins.mjs';
import { checkPage } from './lib/server.mjs';

let server;
let idp;
let smtp;
let browser;

useIdpWithSmtp((env) => ({ server, idp, browser, smtp } = env));

function sql(statement) {
  return execFileSync('sqlite3', [server.dbPath, statement], { encoding: 'utf8' }).trim();
}

async function newPage() {
  const context = await browser.newContext({ locale: 'nb-NO' });
  return context.newPage();
}

/** The header's unread count: the number the badge shows and the text screen readers get. */
async function unread(page) {
  await page.reload();
  const inbox = page.getByRole('banner').getByRole('link', { name: /^Innboks/ });
  const badge = inbox.locator('[data-count]');
  const count = (await badge.count()) ? Number(await badge.getAttribute('data-count')) : 0;
  return { count, name: (await inbox.innerText()).trim(), accessible: await inbox.evaluate((a) => a.textContent) };
}

describe('meldinger', () => {
  test('Kontakt oss med vedlegg, svar fra saksbehandleren, ulest-tellingen og e-postvarselet', async () => {
    // The consumer files a complaint against the business.
    const nora = await newPage();
    await loginPerson(nora, server, idp, 'Nora Forbruker', 'nora@eksempel.no');
    await nora.goto(`${server.baseUrl}/ny-sak/mekling?orgnr=310000027`);
    await nora.getByLabel('Hva kjøpte du?').fill('Tørketrommel');
    await nora.getByLabel('Når kjøpte du det?').fill('2026-08-15');
    await nora.getByLabel('Hva gikk galt?').fill('Den slutter å varme etter ti minutter.');
    await nora.getByLabel('Hva ønsker du?').fill('Reparasjon.');
    await nora.getByRole('button', { name: 'Send klagen' }).click();
    await nora.waitForURL(/\/ny-sak\/kvittering\/\d+$/);
    const reference = (await nora.getByRole('status').innerText()).match(/Saksnummeret er (\d{4}\/\d+)/)[1];
    const caseId = sql(`SELECT id FROM case_record WHERE reference = '${reference}'`);

    // The business's people, as the approvals would leave them: Kari administrator, Ola a
    // `bruker` given this case. Ola wants e-mail notices.
    const ola = await newPage();
    await loginPerson(ola, server, idp, 'Ola Testmann', 'ola@eksempel.no');
    const kari = await newPage();
    await loginPerson(kari, server, idp, 'Kari Testesen', 'kari@eksempel.no');
    const olaId = sql("SELECT id FROM person WHERE name = 'Ola Testmann'");
    const kariId = sql("SELECT id FROM person WHERE name = 'Kari Testesen'");
    sql(`INSERT INTO org_member (orgnr, person_id, role, status, given_name, applied_at, due_at)
         VALUES ('310000027', ${kariId}, 'administrator', 'bekreftet', 'Kari Testesen', 1, 1),
                ('310000027', ${olaId}, 'bruker', 'bekreftet', 'Ola Testmann', 1, 1)`);
    sql(`INSERT INTO case_access (case_id, person_id, orgnr, granted_by, granted_at)
         VALUES (${caseId}, ${olaId}, '310000027', ${kariId}, 1)`);

    // The caseworker takes the case, so «Kontakt oss» can reach her.
    const sara = await newPage();
    await loginStaff(sara, server, idp, 'Sara Saksbehandler');
    await sara.goto(`${server.baseUrl}/ansatt/saker/${caseId}`);
    await sara.getByLabel('Saksbehandler', { exact: true }).selectOption({ label: 'Sara Saksbehandler (meg)' });
    await sara.getByRole('button', { name: 'Tildel' }).click();
    await sara.waitForURL(/\/ansatt\/saker\/\d+/);

    // Ola has nothing unread yet.
    await ola.goto(`${server.baseUrl}/min-side`);
    assert.equal((await unread(ola)).count, 0, 'ingen uleste meldinger før svaret');

    // Ola writes through «Kontakt oss» on the «Dokumenter» tab, with an attachment.
    await ola.goto(`${server.baseUrl}/saker/${caseId}?fane=dokumenter`);
    await ola.getByRole('link', { name: 'Kontakt oss' }).click();
    const dialog = ola.getByRole('dialog', { name: 'Kontakt oss' });
    await dialog.waitFor();
    const options = await dialog.getByLabel('Til').locator('option').allInnerTexts();
    assert.deepEqual(options.map((o) => o.trim()), ['Sara Saksbehandler'], 'mottakeren velges blant sakens saksbehandlere');
    await checkPage(ola, 'Kontakt oss');
    await dialog.getByLabel('Emne').fill('Reklamasjonen på tørketrommelen');
    await dialog.getByLabel('Melding').fill('Vi har sendt en tekniker. Se rapporten.');
    await dialog.getByLabel('Vedlegg').setInputFiles({ name: 'teknikerrapport.txt', mimeType: 'text/plain', buffer: Buffer.from('Termostaten var defekt.\n') });
    await dialog.getByRole('button', { name: 'Send meldingen' }).click();
    await ola.waitForURL(/sendt=melding/);
    assert.match(await ola.getByRole('main').innerText(), /teknikerrapport\.txt/);

    // The caseworker sees it in the work queue and answers the business from the case.
    await sara.goto(`${server.baseUrl}/ansatt/saker?liste=aktivitet`);
    await checkPage(sara, 'arbeidskø med ny aktivitet');
    await sara.getByRole('link', { name: reference }).click();
    assert.match(await sara.getByRole('main').innerText(), /teknikerrapport\.txt/);
    await sara.getByLabel('Motpart', { exact: true }).check();
    await sara.getByLabel('Emne').fill('Svar om tørketrommelen');
    await sara.getByLabel('Tekst').fill('Takk. Vi sender rapporten til forbrukeren.');
    await sara.getByRole('button', { name: 'Send brev' }).click();
    await sara.waitForURL(/\/ansatt\/saker\/\d+/);

    // The answer is in Ola's inbox: the count goes up, with a text for screen readers.
    let header = await unread(ola);
    assert.equal(header.count, 1, 'én ulest melding etter svaret');
    assert.match(header.accessible, /1 ulest melding/);
    await ola.goto(`${server.baseUrl}/innboks`);
    await checkPage(ola, 'innboks');
    assert.match(await ola.getByRole('main').innerText(), new RegExp(`Fra Forbrukertilsynet[^\\n]*sak ${reference}`), 'meldingen viser avsender og sak');
    await ola.getByRole('link', { name: 'Svar om tørketrommelen' }).click();
    await checkPage(ola, 'melding');
    assert.match(await ola.getByRole('main').innerText(), /Vi sender rapporten til forbrukeren/);
    assert.equal((await unread(ola)).count, 0, 'å åpne meldingen gjør den lest');
    await ola.getByRole('button', { name: 'Merk som ulest' }).click();
    await ola.waitForURL(/\/innboks/);
    assert.equal((await unread(ola)).count, 1, 'merket som ulest igjen');

    // The answer is on the case too.
    await ola.goto(`${server.baseUrl}/saker/${caseId}?fane=dokumenter`);
    assert.match(await ola.getByRole('main').innerText(), /Svar om tørketrommelen/);

    // The notice e-mail reached Ola, saying only that something new is waiting.
    const notice = await smtp.waitFor((m) => m.rcpt_tos.includes('ola@eksempel.no'));
    assert.equal(notice.subject, 'Ny melding på Min side');
    assert.match(notice.body, new RegExp(`${server.baseUrl}/innboks/\\d+`));
    for (const secret of ['tørketrommel', 'Tørketrommel', reference, 'Nora', 'Forbruker', 'EKSEMPEL', 'rapporten'])
      assert.ok(!notice.body.includes(secret) && !notice.subject.includes(secret), `varselet nevner ikke «${secret}»`);
  });
});
