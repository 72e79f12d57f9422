// Logs a caseworker in to a running Min side through the real staff login and the development
// identity provider (tools/idp/idp.mjs), with fetch and a cookie jar, no browser, and opens
// case files to register into. Prints, one a line, for the shell:
//   cookie=NAME=VALUE
//   csrf=TOKEN
//   sak=ID ID ...
//
//   node tests/durability/staff-login.mjs BASE_URL [PERSON] [CASE_FILES]
// PERSON is a staff test person's id (default sara, a saksbehandler); CASE_FILES how many case
// files to open (default 1).
const [baseUrl, person = 'sara', caseFiles = '1'] = process.argv.slice(2);
if (!baseUrl) {
  process.stderr.write('bruk: staff-login.mjs BASE_URL [PERSON] [SAKSMAPPER]\n');
  process.exit(2);
}

// name=value per origin; attributes are not needed for loopback test servers.
const jar = new Map();
function cookieHeader(url) {
  const cookies = jar.get(new URL(url).origin);
  return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
}
function keepCookies(url, res) {
  const origin = new URL(url).origin;
  if (!jar.has(origin)) jar.set(origin, new Map());
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
    if (expired || value === '') jar.get(origin).delete(name);
    else jar.get(origin).set(name, value);
  }
}

async function request(url, { method = 'GET', body, type } = {}) {
  const headers = { cookie: cookieHeader(url) };
  if (type) headers['content-type'] = type;
  if (method === 'POST' && url.startsWith(baseUrl)) headers.origin = baseUrl;
  const res = await fetch(url, { method, body, headers, redirect: 'manual' });
  keepCookies(url, res);
  return res;
}

/** Follows redirects from url, by GET, until a page answers; returns { url, res }. */
async function follow(url, init) {
  let res = await request(url, init);
  for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
    if (hops > 20) throw new Error('for mange omdirigeringer');
    await res.arrayBuffer();
    url = new URL(res.headers.get('location'), url).href;
    res = await request(url);
  }
  return { url, res };
}

function fail(message) {
  process.stderr.write(`staff-login: ${message}\n`);
  process.exit(1);
}

// The staff login sends us to the provider, whose page lists the test persons in a form.
let { url, res } = await follow(`${baseUrl}/ansatt/logg-inn?neste=%2Fansatt%2Farkiv`);
let html = await res.text();
const action = html.match(/<form method="post" action="([^"]+)"/);
if (!action) fail(`fant ikke innloggingsskjemaet på ${url} (status ${res.status})`);
({ url, res } = await follow(new URL(action[1], url).href, {
  method: 'POST', body: new URLSearchParams({ person }).toString(), type: 'application/x-www-form-urlencoded',
}));
html = await res.text();
if (!url.startsWith(`${baseUrl}/ansatt/arkiv`) || res.status !== 200) fail(`innloggingen endte på ${url} med status ${res.status}`);
const csrf = html.match(/name="csrf" value="([0-9a-f]{64})"/);
if (!csrf) fail('fant ikke CSRF-tokenet på arkivsiden');

const cases = [];
for (let i = 0; i < Number(caseFiles); i++) {
  const created = await request(`${baseUrl}/ansatt/arkiv/saksmapper`, {
    method: 'POST',
    body: new URLSearchParams({ csrf: csrf[1], tittel: `Varigheitstest ${i + 1}`, enhet: 'Test' }).toString(),
    type: 'application/x-www-form-urlencoded',
  });
  await created.arrayBuffer();
  const id = created.status === 303 && created.headers.get('location').match(/saksmapper\/(\d+)$/);
  if (!id) fail(`saksmappen ble ikke opprettet (status ${created.status})`);
  cases.push(id[1]);
}
const session = [...jar.get(new URL(baseUrl).origin)].map(([k, v]) => `${k}=${v}`).join('; ');
process.stdout.write(`cookie=${session}\ncsrf=${csrf[1]}\nsak=${cases.join(' ')}\n`);
