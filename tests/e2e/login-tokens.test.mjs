// The relying party's checks over HTTP, against a test provider with real signing keys
// (tools/idp/test-provider.mjs) that mints the faulty ID tokens the real provider never would:
// each is refused with a clear Norwegian page and no session. Also: a replayed state, an open
// redirect attempt, key rotation, ES256, the CSRF check, expired sessions, front-channel logout
// and the limits on failed logins.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { startTestProvider } from './lib/idp.mjs';
import { startServer } from './lib/server.mjs';

let provider;
let server;

before(async () => {
  provider = await startTestProvider();
  server = await startServer({ env: { ...provider.minsideEnv, MINSIDE_LOGIN_MAX_PER_CLIENT: '1000' } });
});

after(async () => {
  await server?.stop();
  await provider?.stop();
});

function sql(db, query) {
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

function setCookies(res) {
  return res.headers.getSetCookie();
}

function cookieValue(res, name) {
  for (const c of setCookies(res)) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) === name) return pair.slice(eq + 1);
  }
  return undefined;
}

/** Logs in through the test provider without a browser. Returns the callback's response. */
async function login(srv, mode, { pid, next, cookie } = {}) {
  await provider.setMode(mode, pid);
  const start = await fetch(`${srv.baseUrl}/logg-inn${next ? `?neste=${encodeURIComponent(next)}` : ''}`, { redirect: 'manual' });
  assert.equal(start.status, 303, `/logg-inn svarte ${start.status}`);
  const loginCookie = cookieValue(start, 'minside_innlogging');
  assert.match(loginCookie, /^[0-9a-f]{64}$/);
  const authorize = new URL(start.headers.get('location'));
  assert.equal(authorize.origin, provider.issuer);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('acr_values'), 'idporten-loa-substantial');
  const back = await fetch(authorize, { redirect: 'manual' });
  const callback = back.headers.get('location');
  const res = await fetch(callback, { redirect: 'manual', headers: { cookie: [`minside_innlogging=${loginCookie}`, cookie].filter(Boolean).join('; ') } });
  const body = await res.text();
  return { res, body, callback, loginCookie, session: cookieValue(res, 'minside') };
}

function sessions(srv = server) {
  return Number(sql(srv.dbPath, 'SELECT COUNT(*) FROM session'));
}

describe('ID-tokenet kontrolleres', () => {
  test('et gyldig RS256-token gir en ny økt og sender til profilen ved første innlogging', async () => {
    const before = sessions();
    const { res, session } = await login(server, 'ok');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/min-side/profil?neste=%2Fmin-side');
    assert.match(session, /^[0-9a-f]{64}$/);
    const cookie = setCookies(res).find((c) => c.startsWith('minside='));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.equal(sessions(), before + 1);
    // Only the hash of the session id is stored, and the pid only encrypted.
    assert.equal(sql(server.dbPath, `SELECT COUNT(*) FROM session WHERE token_hash = '${session}'`), '0');
    assert.equal(sql(server.dbPath, "SELECT COUNT(*) FROM person WHERE CAST(pid_enc AS TEXT) LIKE '%17058045039%' OR pid_hash LIKE '%17058045039%'"), '0');
    assert.equal(sql(server.dbPath, "SELECT birth_date FROM person"), '1980-05-17');
    const page = await fetch(`${server.baseUrl}/min-side/profil`, { headers: { cookie: `minside=${session}` } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /17\. mai 1980/);
  });

  test('et gyldig ES256-token godtas også', async () => {
    const { res, session } = await login(server, 'es256');
    assert.equal(res.status, 303);
    assert.ok(session);
  });

  const refusals = [
    ['tampered', 'en endret signatur', /ikke en gyldig signatur/],
    ['stranger', 'en ukjent nøkkel', /ikke en gyldig signatur/],
    ['alg-none', 'et usignert token', /kunne ikke leses|ikke en gyldig signatur/],
    ['wrong-iss', 'feil utsteder', /kom ikke fra innloggingstjenesten vi bruker/],
    ['wrong-aud', 'feil mottaker', /ment for en annen tjeneste/],
    ['expired', 'et utløpt token', /er utløpt/],
    ['wrong-nonce', 'feil nonce', /hørte ikke til denne innloggingen/],
    ['no-pid', 'manglende pid', /ikke et gyldig fødselsnummer/],
    ['low-acr', 'for lavt sikkerhetsnivå', /for lavt sikkerhetsnivå/],
  ];
  for (const [mode, what, message] of refusals) {
    test(`${what} avvises med en tydelig side og uten økt`, async () => {
      const before = sessions();
      const { res, body, session } = await login(server, mode);
      assert.equal(res.status, 400);
      assert.match(body, /<h1[^>]*>Innloggingen mislyktes<\/h1>/);
      assert.match(body, message);
      assert.equal(session, undefined, 'ingen øktkapsel');
      assert.equal(sessions(), before, 'ingen ny økt i databasen');
    });
  }

  test('en state som brukes på nytt, avvises', async () => {
    const first = await login(server, 'ok');
    assert.equal(first.res.status, 303);
    const before = sessions();
    const again = await fetch(first.callback, { redirect: 'manual', headers: { cookie: `minside_innlogging=${first.loginCookie}` } });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /allerede brukt eller er utløpt/);
    assert.equal(cookieValue(again, 'minside'), undefined);
    assert.equal(sessions(), before);
  });

  test('tilbakekallet uten nettleserens innloggingskapsel avvises', async () => {
    await provider.setMode('ok');
    const start = await fetch(`${server.baseUrl}/logg-inn`, { redirect: 'manual' });
    const back = await fetch(start.headers.get('location'), { redirect: 'manual' });
    const res = await fetch(back.headers.get('location'), { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /startet i en annen nettleser/);
    assert.equal(cookieValue(res, 'minside'), undefined);
  });

  test('neste= kan bare peke på en side i Min side', async () => {
    for (const evil of ['https://angriper.example/', '//angriper.example/', '/\\angriper.example']) {
      const { res } = await login(server, 'ok', { next: evil });
      assert.equal(res.headers.get('location'), '/min-side/profil?neste=%2Fmin-side', evil);
    }
  });

  test('innlogging virker etter at leverandøren har byttet nøkler', async () => {
    assert.equal((await login(server, 'ok')).res.status, 303);
    await provider.rotate();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { res } = await login(server, 'ok');
    assert.equal(res.status, 303);
  });
});

describe('økter og skjemaer', () => {
  async function loggedIn() {
    const { session } = await login(server, 'ok');
    const cookie = `minside=${session}`;
    const page = await (await fetch(`${server.baseUrl}/min-side/profil`, { headers: { cookie } })).text();
    const csrf = page.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
    return { session, cookie, csrf };
  }

  function postProfile(cookie, fields, headers = {}) {
    return fetch(`${server.baseUrl}/min-side/profil`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ navn: 'Kari Testesen', epost: 'kari@eksempel.no', telefon: '91234567', ...fields }),
    });
  }

  test('en POST uten gyldig CSRF-token avvises', async () => {
    const { cookie, csrf } = await loggedIn();
    for (const bad of [{}, { csrf: '0'.repeat(64) }, { csrf: csrf.slice(1) }]) {
      const res = await postProfile(cookie, bad);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /Skjemaet kunne ikke sendes/);
    }
    const foreign = await postProfile(cookie, { csrf }, { origin: 'https://angriper.example' });
    assert.equal(foreign.status, 403, 'Origin fra et annet nettsted');
    const ok = await postProfile(cookie, { csrf }, { origin: server.baseUrl });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/min-side/profil?lagret=1');
  });

  test('en utløpt økt ber om ny innlogging (inaktiv i 30 minutter, eller 120 minutter i alt)', async () => {
    const { session, cookie, csrf } = await loggedIn();
    const hash = (await import('node:crypto')).createHash('sha256').update(session).digest('hex');
    sql(server.dbPath, `UPDATE session SET last_seen_at = last_seen_at - 31 * 60 WHERE token_hash = '${hash}'`);
    const res = await fetch(`${server.baseUrl}/min-side/profil`, { redirect: 'manual', headers: { cookie } });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/logg-inn?neste=%2Fmin-side%2Fprofil');
    assert.equal(sql(server.dbPath, `SELECT COUNT(*) FROM session WHERE token_hash = '${hash}'`), '0');
    const post = await postProfile(cookie, { csrf });
    assert.equal(post.status, 403);
    assert.match(await post.text(), /Økten din er utløpt/);

    const second = await loggedIn();
    const hash2 = (await import('node:crypto')).createHash('sha256').update(second.session).digest('hex');
    sql(server.dbPath, `UPDATE session SET expires_at = last_seen_at - 1 WHERE token_hash = '${hash2}'`);
    const res2 = await fetch(`${server.baseUrl}/min-side`, { redirect: 'manual', headers: { cookie: second.cookie } });
    assert.equal(res2.status, 303);
    assert.match(res2.headers.get('location'), /^\/logg-inn\?neste=/);
  });

  test('utlogging på frontkanalen (iss og sid) avslutter akkurat den økten', async () => {
    const { cookie } = await loggedIn();
    const other = await loggedIn();
    const sid = await provider.lastSid();
    const wrong = await fetch(`${server.baseUrl}/logg-ut/frontkanal?iss=${encodeURIComponent('http://127.0.0.1:1')}&sid=${sid}`);
    assert.equal(wrong.status, 400);
    const res = await fetch(`${server.baseUrl}/logg-ut/frontkanal?iss=${encodeURIComponent(provider.issuer)}&sid=${sid}`);
    assert.equal(res.status, 200);
    const gone = await fetch(`${server.baseUrl}/min-side/profil`, { redirect: 'manual', headers: { cookie: other.cookie } });
    assert.equal(gone.status, 303);
    const kept = await fetch(`${server.baseUrl}/min-side/profil`, { redirect: 'manual', headers: { cookie } });
    assert.equal(kept.status, 200);
  });

  test('en ny innlogging gir en ny økt-id og avslutter den gamle', async () => {
    const old = await loggedIn();
    const { res, session } = await login(server, 'ok', { cookie: old.cookie });
    assert.equal(res.status, 303);
    assert.notEqual(session, old.session);
    const stale = await fetch(`${server.baseUrl}/min-side/profil`, { redirect: 'manual', headers: { cookie: old.cookie } });
    assert.equal(stale.status, 303, 'den gamle økten virker ikke lenger');
  });

  test('utlogging avslutter økten og fjerner kapselen', async () => {
    const { cookie, csrf } = await loggedIn();
    const res = await fetch(`${server.baseUrl}/logg-ut`, {
      method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/logget-ut');
    assert.match(setCookies(res).find((c) => c.startsWith('minside=')), /Max-Age=0/);
    const after = await fetch(`${server.baseUrl}/min-side`, { redirect: 'manual', headers: { cookie } });
    assert.equal(after.status, 303);
  });
});

describe('grenser for mislykte innlogginger', () => {
  let limited;
  before(async () => {
    limited = await startServer({ env: { ...provider.minsideEnv, MINSIDE_LOGIN_MAX_PER_CLIENT: '4', MINSIDE_LOGIN_MAX_PER_PERSON: '2' } });
  });
  after(async () => { await limited?.stop(); });

  test('per person: etter for mange mislykte forsøk avvises også en gyldig innlogging, med 429', async () => {
    const pid = '21096845046';
    assert.equal((await login(limited, 'low-acr', { pid })).res.status, 400);
    assert.equal((await login(limited, 'low-acr', { pid })).res.status, 400);
    const { res, body, session } = await login(limited, 'ok', { pid });
    assert.equal(res.status, 429);
    assert.match(body, /For mange innloggingsforsøk/);
    assert.equal(session, undefined);
  });

  test('per klient: påbegynte og mislykte innlogginger teller, og neste forsøk får 429', async () => {
    // Three failed so far; a fourth is begun and abandoned, which fills the limit of four.
    const abandoned = await fetch(`${limited.baseUrl}/logg-inn`, { redirect: 'manual' });
    assert.equal(abandoned.status, 303);
    const res = await fetch(`${limited.baseUrl}/logg-inn`, { redirect: 'manual' });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '900');
    assert.match(await res.text(), /For mange innloggingsforsøk/);
  });
});

describe('grenser som ingen andre kan bruke opp', () => {
  let guarded;
  before(async () => {
    guarded = await startServer({
      env: {
        ...provider.minsideEnv,
        MINSIDE_STAFF_OIDC_ISSUER: provider.issuer,
        MINSIDE_STAFF_OIDC_CLIENT_ID: 'minside-test',
        MINSIDE_STAFF_OIDC_CLIENT_SECRET: 'test-hemmelighet',
        MINSIDE_TRUST_PROXY: '1',
        MINSIDE_LOGIN_MAX_PER_BROWSER: '2',
        MINSIDE_LOGIN_MAX_PER_CLIENT: '3',
        MINSIDE_LOGIN_MAX_PER_RANGE: '5',
      },
    });
  });
  after(async () => { await guarded?.stop(); });

  const begin = (from, { cookie, path = '/logg-inn', headers = {} } = {}) =>
    fetch(`${guarded.baseUrl}${path}`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': from, ...(cookie ? { cookie: `minside_innlogging=${cookie}` } : {}), ...headers },
    });

  test('et <img> på en annen side starter ingen innlogging og teller ikke', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await begin('10.9.9.9', { headers: { 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' } });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /Innloggingen må startes fra siden/);
    }
    const res = await begin('10.9.9.9', { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
    assert.equal(res.status, 303, 'a real navigation from the same address still begins a login');
  });

  test('per nettleser: samme innloggingscookie teller sammen, en annen nettleser slipper til', async () => {
    const first = await begin('10.1.1.1');
    assert.equal(first.status, 303);
    const cookie = cookieValue(first, 'minside_innlogging');
    const second = await begin('10.1.1.1', { cookie });
    assert.equal(second.status, 303);
    assert.equal(cookieValue(second, 'minside_innlogging'), cookie, 'the browser keeps its login cookie');
    assert.equal((await begin('10.1.1.1', { cookie })).status, 429, 'the third from that browser is one too many');
    assert.equal((await begin('10.1.1.1')).status, 303, 'another browser at the same address may still log in');
  });

  test('per adresse og per område: et kontor bak én NAT og naboene i samme /24', async () => {
    // 10.1.1.1 has begun three (two from one browser, one from another): its limit of three is reached.
    assert.equal((await begin('10.1.1.1')).status, 429, 'the whole address is at its limit');
    assert.equal((await begin('10.1.1.2')).status, 303, 'a neighbour in the same /24 is not');
    assert.equal((await begin('10.1.1.3')).status, 303, 'nor another, which fills the /24 to five');
    assert.equal((await begin('10.1.1.5')).status, 429, 'after which the /24 is at its limit');
    assert.equal((await begin('10.1.2.1')).status, 303, 'another range is unaffected');
  });

  test('den offentlige innloggingen kan aldri stenge ute ansatte', async () => {
    assert.equal((await begin('10.1.1.4')).status, 429);
    const staff = await begin('10.1.1.4', { path: '/ansatt/logg-inn' });
    assert.equal(staff.status, 303, 'the staff login counts on its own');
  });
});

describe('flere instanser mot samme database', () => {
  let first;
  let second;
  before(async () => {
    const key = 'a1'.repeat(32);
    first = await startServer({ env: { ...provider.minsideEnv, MINSIDE_SECRET_KEY: key } });
    // A second instance behind the same address, as behind a load balancer.
    second = await startServer({
      env: { ...provider.minsideEnv, MINSIDE_SECRET_KEY: key, MINSIDE_DATABASE_URL: `sqlite:${first.dbPath}`, MINSIDE_BASE_URL: first.baseUrl },
    });
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
  });

  test('en innlogging som begynner på én instans, fullføres på en annen, og økten gjelder på begge', async () => {
    await provider.setMode('ok', '17058045039');
    const start = await fetch(`${first.baseUrl}/logg-inn`, { redirect: 'manual' });
    const loginCookie = cookieValue(start, 'minside_innlogging');
    const back = await fetch(start.headers.get('location'), { redirect: 'manual' });
    const callback = new URL(back.headers.get('location'));
    const onSecond = new URL(callback.pathname + callback.search, second.baseUrl);
    const res = await fetch(onSecond, { redirect: 'manual', headers: { cookie: `minside_innlogging=${loginCookie}` } });
    assert.equal(res.status, 303);
    const cookie = `minside=${cookieValue(res, 'minside')}`;
    for (const srv of [first, second]) {
      const page = await fetch(`${srv.baseUrl}/min-side/profil`, { headers: { cookie } });
      assert.equal(page.status, 200, srv.baseUrl);
      assert.match(await page.text(), /17\. mai 1980/);
    }
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: `minside_innlogging=${loginCookie}` } });
    assert.equal(replay.status, 400, 'the first instance refuses the state the second has used');
  });
});

describe('uten innlogging satt opp', () => {
  test('«Logg inn» forklarer at innlogging ikke er satt opp', async () => {
    const bare = await startServer({ seedDemo: false });
    try {
      const res = await fetch(`${bare.baseUrl}/logg-inn`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /Innlogging er ikke satt opp/);
      const staff = await fetch(`${bare.baseUrl}/ansatt/logg-inn`);
      assert.equal(staff.status, 503);
      const mine = await fetch(`${bare.baseUrl}/min-side`, { redirect: 'manual' });
      assert.equal(mine.status, 303);
    } finally {
      await bare.stop();
    }
  });
});
