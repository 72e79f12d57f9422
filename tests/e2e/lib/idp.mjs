// Starts the development identity provider (tools/idp/idp.mjs, the real `oidc-provider`) on
// free loopback ports for one test file, and gives Min side the settings that point at it.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { freePort, repoRoot } from './server.mjs';

const STARTUP_TIMEOUT_MS = 15_000;

/**
 * Starts both providers for a Min side at rpBaseUrl. Returns { publicIssuer, staffIssuer,
 * minsideEnv, rotate(kind), stop() }.
 */
/** Starts a node program that prints one JSON line when it listens; resolves { child, info, output }. */
function spawnListening(script, args) {
  const child = spawn(process.execPath, [path.join(repoRoot, script), ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c) => { output += c; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} startet ikke:\n${output}`)), STARTUP_TIMEOUT_MS);
    let line = '';
    child.stdout.on('data', (c) => {
      line += c;
      const nl = line.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve({ child, info: JSON.parse(line.slice(0, nl)), output: () => output }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${script} avsluttet (${code}):\n${output}`)); });
  });
}

function stopper(child) {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}

export async function startIdp(rpBaseUrl) {
  const [publicPort, staffPort] = [await freePort(), await freePort()];
  const { child, info: issuers, output } = await spawnListening('tools/idp/idp.mjs', ['--rp', rpBaseUrl,
    '--public-port', String(publicPort), '--staff-port', String(staffPort), '--test-controls']);
  // Wait until discovery answers, as Min side will ask it first.
  for (const iss of [issuers.public, issuers.staff]) {
    const res = await fetch(`${iss}/.well-known/openid-configuration`);
    if (res.status !== 200) throw new Error(`${iss} svarer ikke på discovery`);
    await res.arrayBuffer();
  }
  return {
    publicIssuer: issuers.public,
    staffIssuer: issuers.staff,
    minsideEnv: {
      MINSIDE_OIDC_ISSUER: issuers.public,
      MINSIDE_OIDC_CLIENT_ID: 'minside',
      MINSIDE_OIDC_CLIENT_SECRET: 'minside-utviklingshemmelighet',
      MINSIDE_STAFF_OIDC_ISSUER: issuers.staff,
      MINSIDE_STAFF_OIDC_CLIENT_ID: 'minside-ansatt',
      MINSIDE_STAFF_OIDC_CLIENT_SECRET: 'minside-ansatt-utviklingshemmelighet',
    },
    async rotate(kind = 'public') {
      const res = await fetch(`${kind === 'public' ? issuers.public : issuers.staff}/_test/rotate`, { method: 'POST' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error('nøkkelbytte feilet');
    },
    output,
    stop: stopper(child),
  };
}

/**
 * Starts tools/idp/test-provider.mjs, which mints ID tokens with chosen faults. Returns
 * { issuer, minsideEnv, setMode(mode, pid), rotate(), lastSid(), stop() }.
 */
export async function startTestProvider() {
  const clientId = 'minside-test';
  const secret = 'test-hemmelighet';
  const { child, info, output } = await spawnListening('tools/idp/test-provider.mjs',
    ['--client-id', clientId, '--client-secret', secret]);
  const post = async (p, body) => {
    const res = await fetch(info.issuer + p, { method: 'POST', body: JSON.stringify(body ?? {}) });
    return res.json();
  };
  return {
    issuer: info.issuer,
    minsideEnv: {
      MINSIDE_OIDC_ISSUER: info.issuer,
      MINSIDE_OIDC_CLIENT_ID: clientId,
      MINSIDE_OIDC_CLIENT_SECRET: secret,
    },
    setMode: (mode, pid) => post('/_mode', { mode, pid }),
    rotate: () => post('/_rotate'),
    lastSid: async () => (await (await fetch(`${info.issuer}/_last`)).json()).sid,
    output,
    stop: stopper(child),
  };
}
