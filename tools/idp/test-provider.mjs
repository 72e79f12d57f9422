// A test provider for the ID token checks that the real `oidc-provider` cannot be made to fail:
// a real HTTP server with real signing keys (RS256 and ES256, by the `jose` library), serving
// discovery, JWKS, an authorization endpoint that answers at once and a token endpoint that
// checks the client secret and PKCE, then mints the ID token the chosen mode asks for.
// For tests only; never started by `make run`.
//
//   node tools/idp/test-provider.mjs --client-id ID --client-secret SECRET
//
// Prints {"issuer": url} when it listens. POST /_mode {"mode": …, "pid": …} picks the next
// tokens; POST /_rotate replaces the keys; GET /_last tells the last token's sid.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { SignJWT, exportJWK, generateKeyPair } from 'jose';

const { values: opts } = parseArgs({
  options: {
    'client-id': { type: 'string', default: 'minside' },
    'client-secret': { type: 'string', default: 'hemmelig' },
    port: { type: 'string', default: '0' },
  },
});

let generation = 0;
let keys;
async function rotate() {
  generation += 1;
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  keys = {
    RS256: { ...rsa, kid: `test-rsa-${generation}` },
    ES256: { ...ec, kid: `test-ec-${generation}` },
  };
}
await rotate();
// A key Min side has never seen: for a token signed by someone else.
const stranger = { ...(await generateKeyPair('RS256')), kid: 'test-rsa-1' };

let mode = 'ok';
let pid = '17058045039';
let lastSid = null;
const codes = new Map();

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => resolve(body));
  });
}

async function idToken(issuer, grant) {
  const now = Math.floor(Date.now() / 1000);
  lastSid = `sid-${randomBytes(8).toString('hex')}`;
  const claims = { pid, acr: 'idporten-loa-substantial', amr: ['BankID'], sid: lastSid, nonce: grant.nonce };
  let iss = issuer;
  let aud = opts['client-id'];
  let iat = now;
  let exp = now + 120;
  if (mode === 'wrong-iss') iss = 'http://127.0.0.1:1/annen-utsteder';
  if (mode === 'wrong-aud') aud = 'en-annen-tjeneste';
  if (mode === 'expired') { iat = now - 600; exp = now - 300; }
  if (mode === 'wrong-nonce') claims.nonce = b64url(randomBytes(32));
  if (mode === 'no-pid') delete claims.pid;
  if (mode === 'low-acr') claims.acr = 'idporten-loa-low';
  const alg = mode === 'es256' ? 'ES256' : 'RS256';
  const key = mode === 'stranger' ? stranger : keys[alg];
  let token = await new SignJWT(claims)
    .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(iss).setAudience(aud).setSubject(`sub-${pid}`)
    .setIssuedAt(iat).setExpirationTime(exp)
    .sign(key.privateKey);
  if (mode === 'tampered') {
    // Another person's pid in the payload, the original signature kept.
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url'));
    payload.pid = '03116245085';
    token = `${h}.${b64url(JSON.stringify(payload))}.${s}`;
  }
  if (mode === 'alg-none') {
    const [, p] = token.split('.');
    token = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`;
  }
  return token;
}

const server = http.createServer(async (req, res) => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const url = new URL(req.url, issuer);
  try {
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') {
      const list = [];
      for (const alg of ['RS256', 'ES256']) {
        list.push({ ...(await exportJWK(keys[alg].publicKey)), kid: keys[alg].kid, alg, use: 'sig' });
      }
      return json(res, 200, { keys: list });
    }
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== opts['client-id'] || p.get('code_challenge_method') !== 'S256' ||
          !p.get('code_challenge') || !p.get('state') || !p.get('nonce')) {
        return json(res, 400, { error: 'invalid_request' });
      }
      const code = b64url(randomBytes(24));
      codes.set(code, { nonce: p.get('nonce'), challenge: p.get('code_challenge'), redirect: p.get('redirect_uri') });
      const back = new URL(p.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state'));
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString().split(':').map(decodeURIComponent);
      if (user !== opts['client-id'] || pass !== opts['client-secret']) return json(res, 401, { error: 'invalid_client' });
      const grant = codes.get(form.get('code'));
      codes.delete(form.get('code'));
      if (!grant || grant.redirect !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
      const challenge = b64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest());
      if (challenge !== grant.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
      return json(res, 200, { access_token: b64url(randomBytes(16)), token_type: 'Bearer', expires_in: 60, id_token: await idToken(issuer, grant) });
    }
    if (url.pathname === '/_mode' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req));
      mode = body.mode;
      if (body.pid) pid = body.pid;
      return json(res, 200, { mode, pid });
    }
    if (url.pathname === '/_rotate' && req.method === 'POST') {
      await rotate();
      return json(res, 200, { rotated: keys.RS256.kid });
    }
    if (url.pathname === '/_last') return json(res, 200, { sid: lastSid });
    return json(res, 404, { error: 'not_found' });
  } catch (err) {
    return json(res, 500, { error: String(err) });
  }
});

server.listen(Number(opts.port), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ issuer: `http://127.0.0.1:${server.address().port}` })}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { server.close(); process.exit(0); });
