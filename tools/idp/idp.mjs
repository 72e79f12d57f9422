// The development and test identity provider: two OpenID Connect providers on loopback, built
// on the `oidc-provider` library. "public" is set up like ID-porten (claim pid, acr
// idporten-loa-substantial, PKCE required, sid in the ID token, no name); "staff" is the
// authority's own login (name, e-mail and roles). A page lists the test persons to log in as.
// Never for production: production points Min side at the real providers.
//
//   node tools/idp/idp.mjs --rp http://127.0.0.1:8080 [--public-port 9090] [--staff-port 9091]
//        [--test-controls]
//
// When both providers listen, one JSON line goes to stdout: {"public": url, "staff": url}.
// --test-controls adds POST /_test/rotate, which replaces the signing keys (key rotation).
import http from 'node:http';
import { parseArgs } from 'node:util';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

import { publicPersons, staffPersons } from './persons.mjs';

const { values: opts } = parseArgs({
  options: {
    rp: { type: 'string', default: 'http://127.0.0.1:8080' },
    'public-port': { type: 'string', default: '9090' },
    'staff-port': { type: 'string', default: '9091' },
    'test-controls': { type: 'boolean', default: false },
  },
});

export const CLIENTS = {
  public: { id: 'minside', secret: 'minside-utviklingshemmelighet', callback: '/logg-inn/tilbake' },
  staff: { id: 'minside-ansatt', secret: 'minside-ansatt-utviklingshemmelighet', callback: '/ansatt/logg-inn/tilbake' },
};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – testinnlogging</title></head>
<body><main>
${body}
</main></body></html>`;
}

let generation = 0;
function newKeys() {
  generation += 1;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return {
    keys: [
      { ...rsa, kid: `rsa-${generation}-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' },
      { ...ec, kid: `ec-${generation}-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'ES256' },
    ],
  };
}

// Kept for the life of the process, so a key rotation does not end the sessions at the provider.
const cookieKeys = [randomBytes(32).toString('hex')];
// Front-channel logout: the sessions' sids, kept between the logout question and its success page.
const pendingFrontchannel = new Map();

function makeProvider(kind, issuer, jwks) {
  const persons = kind === 'public' ? publicPersons : staffPersons;
  const client = CLIENTS[kind];
  const provider = new Provider(issuer, {
    clients: [{
      client_id: client.id,
      client_secret: client.secret,
      redirect_uris: [opts.rp + client.callback],
      post_logout_redirect_uris: [`${opts.rp}/logget-ut`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: kind === 'public' ? 'RS256' : 'ES256',
    }],
    jwks,
    cookies: { keys: cookieKeys },
    pkce: { required: () => true },
    acrValues: ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'],
    claims: kind === 'public'
      ? { openid: ['sub', 'pid'] }
      : { openid: ['sub'], profile: ['name', 'email', 'roles'] },
    scopes: kind === 'public' ? ['openid'] : ['openid', 'profile'],
    // Like ID-porten: the claims are in the ID token itself.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          const key = randomBytes(16).toString('hex');
          const auths = ctx.oidc.session?.authorizations ?? {};
          pendingFrontchannel.set(key, Object.values(auths).map((a) => a.sid).filter(Boolean));
          ctx.cookies.set('testidp_fc', key, { httpOnly: true, sameSite: 'lax' });
          ctx.body = page('Logg ut', `<h1>Vil du logge ut?</h1>
${form}
<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, logg ut</button></p>
<p><button type="submit" form="op.logoutForm">Nei, forbli innlogget</button></p>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          // Front-channel logout: every service the person was logged in to is told, by a
          // request with iss and sid, as ID-porten does.
          const key = ctx.cookies.get('testidp_fc');
          const sids = pendingFrontchannel.get(key) ?? [];
          pendingFrontchannel.delete(key);
          const frames = sids.map((sid) => `<iframe title="Utlogging fra Min side" src="${esc(`${opts.rp}/logg-ut/frontkanal?iss=${encodeURIComponent(issuer)}&sid=${encodeURIComponent(sid)}`)}"></iframe>`).join('\n');
          ctx.body = page('Logget ut', `<h1>Du er logget ut</h1>\n<p>Du er logget ut av alle tjenester.</p>\n${frames}`);
        },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, id) => {
      const person = persons.find((p) => p.id === id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => (kind === 'public'
          ? { sub: id, pid: person.pid }
          : { sub: id, name: person.name, email: person.email, roles: person.roles }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Feil', `<h1>Innloggingen kunne ikke fullføres</h1><p>${esc(out.error)}: ${esc(out.error_description ?? '')}</p>`);
    },
    ttl: { Session: 120 * 60, Interaction: 15 * 60, AuthorizationCode: 60, IdToken: 60 * 60, AccessToken: 60 * 60, Grant: 120 * 60 },
  });
  // ID-porten always puts the session id (sid) in the ID token, for front-channel logout.
  Object.defineProperty(provider.Client.prototype, 'includeSid', { value: () => true });
  provider.proxy = false;
  return provider;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => { body += c; if (body.length > 10_000) req.destroy(); });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

async function interaction(kind, provider, req, res) {
  const persons = kind === 'public' ? publicPersons : staffPersons;
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;
  if (prompt.name === 'consent') {
    // Min side is the authority's own service: no consent screen, as at ID-porten.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'POST') {
    const form = await readForm(req);
    const person = persons.find((p) => p.id === form.get('person'));
    if (!person) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Ukjent person', '<h1>Ukjent testperson</h1>'));
      return;
    }
    const acr = kind === 'public' ? (person.acr ?? 'idporten-loa-substantial') : undefined;
    await provider.interactionFinished(req, res, {
      login: { accountId: person.id, acr, amr: kind === 'public' ? ['BankID'] : ['pwd'] },
    }, { mergeWithLastSubmission: false });
    return;
  }
  const title = kind === 'public' ? 'Logg inn med testperson (ID-porten)' : 'Logg inn som ansatt (test)';
  const buttons = persons.map((p) => `<li><button type="submit" name="person" value="${esc(p.id)}">${esc(p.name)}</button> – ${esc(p.about)}${p.pid ? ` (fødselsnummer ${esc(p.pid)})` : ''}</li>`).join('\n');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page(title, `<h1>${esc(title)}</h1>
<p>Dette er en innloggingstjeneste for utvikling og test. Velg hvem du vil logge inn som.</p>
<form method="post" action="/interaction/${esc(uid)}">
<ul>
${buttons}
</ul>
</form>`));
}

async function serve(kind, port) {
  const issuer = `http://127.0.0.1:${port}`;
  let provider = makeProvider(kind, issuer, newKeys());
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      if (opts['test-controls'] && req.method === 'POST' && url.pathname === '/_test/rotate') {
        provider = makeProvider(kind, issuer, newKeys());
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ rotated: true }));
        return;
      }
      if (url.pathname.startsWith('/interaction/')) {
        await interaction(kind, provider, req, res);
        return;
      }
      provider.callback()(req, res);
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Feil', `<h1>Innloggingen kunne ikke fullføres</h1><p>${esc(err.message)}</p>`));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  if (Number(port) === 0) {
    // A free port was asked for: the issuer must name the real one, so start over on it.
    server.close();
    return serve(kind, actual);
  }
  return { server, issuer };
}

const pub = await serve('public', opts['public-port']);
const staff = await serve('staff', opts['staff-port']);
process.stdout.write(`${JSON.stringify({ public: pub.issuer, staff: staff.issuer })}\n`);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { pub.server.close(); staff.server.close(); process.exit(0); });
}
