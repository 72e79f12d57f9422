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
export async function startIdp(rpBaseUrl) {
  const [publicPort, staffPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [path.join(repoRoot, 'tools/idp/idp.mjs'), '--rp', rpBaseUrl,
    '--public-port', String(publicPort), '--staff-port', String(staffPort), '--test-controls'],
  { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c) => { output += c; });
  const issuers = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`identitetsleverandøren startet ikke:\n${output}`)), STARTUP_TIMEOUT_MS);
    let line = '';
    child.stdout.on('data', (c) => {
      line += c;
      const nl = line.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve(JSON.parse(line.slice(0, nl))); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`identitetsleverandøren avsluttet (${code}):\n${output}`)); });
  });
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
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => { if (child.exitCode !== null) resolve(); else child.on('exit', resolve); });
    },
  };
}
