// Starts the real Min side server for one test file, launches Debian's Chromium and checks
// pages with axe. Each server gets its own SQLite database in a fresh temporary folder and its
// own free port on loopback, so test files can run side by side.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

/** The server binary: $MINSIDE_BIN, else build-test/minside, else build/minside. */
export function serverBinary() {
  if (process.env.MINSIDE_BIN) {
    const bin = path.resolve(repoRoot, process.env.MINSIDE_BIN);
    if (!existsSync(bin)) throw new Error(`MINSIDE_BIN peker på ${bin}, som ikke finnes`);
    return bin;
  }
  for (const rel of ['build-test/minside', 'build/minside']) {
    const bin = path.join(repoRoot, rel);
    if (existsSync(bin)) return bin;
  }
  throw new Error('Fant ikke minside i build-test/ eller build/; bygg først, eller sett MINSIDE_BIN');
}

function tryPort(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that was free a moment ago, below the kernel's ephemeral range (where
 * 32768 starts), so that the identity providers and the clients, which take ephemeral ports,
 * cannot take it before Min side binds it. */
export async function freePort() {
  for (let i = 0; i < 100; i++) {
    const port = 10000 + Math.floor(Math.random() * 22000);
    if (await tryPort(port)) return port;
  }
  throw new Error('fant ingen ledig port');
}

function appendCapped(buffer, chunk) {
  const text = buffer + chunk.toString('utf8');
  return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
}

function runToEnd(bin, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output = appendCapped(output, c); });
    child.stderr.on('data', (c) => { output = appendCapped(output, c); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`«minside ${args.join(' ')}» feilet (kode ${code}, signal ${signal}):\n${output}`));
    });
  });
}

/**
 * Migrates a fresh database, loads the demo data (unless seedDemo is false), starts
 * `minside serve` and waits until /healthz answers 200. env adds settings; port picks the port
 * (when another program must know the address first, e.g. the identity provider).
 * Returns { baseUrl, dataDir, output(), stop() }.
 */
export async function startServer({ seedDemo = true, env: extraEnv = {}, port: chosenPort } = {}) {
  const bin = serverBinary();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'minside-e2e-'));
  const port = chosenPort ?? await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    MINSIDE_DATABASE_URL: `sqlite:${path.join(tmp, 'minside.db')}`,
    MINSIDE_LISTEN: `127.0.0.1:${port}`,
    MINSIDE_BASE_URL: baseUrl,
    MINSIDE_DATA_DIR: repoRoot,
    ...extraEnv,
  };

  try {
    await runToEnd(bin, ['migrate'], env);
    if (seedDemo) await runToEnd(bin, ['seed-demo'], env);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }

  const child = spawn(bin, ['serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => { output = appendCapped(output, c); });
  child.stderr.on('data', (c) => { output = appendCapped(output, c); });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });

  async function stop() {
    if (!exitInfo) {
      child.kill('SIGTERM');
      const timer = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout'));
      if ((await Promise.race([exited, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    await rm(tmp, { recursive: true, force: true });
    return exitInfo;
  }

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError = 'ingen svar ennå';
  for (;;) {
    if (exitInfo) {
      await stop();
      throw new Error(`minside serve avsluttet under oppstart (kode ${exitInfo.code}, signal ${exitInfo.signal}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      lastError = `status ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code ?? err.message;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`minside serve svarte ikke 200 på /healthz innen ${STARTUP_TIMEOUT_MS / 1000} s (${lastError}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return { baseUrl, dataDir: repoRoot, dbPath: path.join(tmp, 'minside.db'), output: () => output, stop };
}

/** Debian's Chromium, headless, with nothing that talks to the outside world. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

function failOnViolations(results, what, label) {
  if (results.violations.length === 0) return;
  const lines = results.violations.map((v) => {
    const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`);
    return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
  });
  assert.fail(`axe fant ${results.violations.length} brudd på ${what} på ${label}:\n${lines.join('\n')}`);
}

/** Fails with a readable list when axe finds any WCAG 2.1 A/AA violation on the page. */
export async function expectNoAxeViolations(page, label = page.url()) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  failOnViolations(results, 'WCAG 2.1 A/AA', label);
}

/**
 * axe's rules for page structure that it files under best practice rather than under a WCAG
 * criterion: one main landmark, all content in landmarks, exactly one h1, headings in order.
 */
export const STRUCTURE_RULES = [
  'landmark-one-main', 'region', 'page-has-heading-one', 'heading-order', 'empty-heading',
  'landmark-unique', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main', 'landmark-banner-is-top-level', 'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level', 'skip-link',
];

/** Fails with a readable list when the page breaks one of STRUCTURE_RULES. */
export async function expectGoodStructure(page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withRules(STRUCTURE_RULES).analyze();
  failOnViolations(results, 'sidestrukturen (landemerker og overskrifter)', label);
}

/**
 * Records what goes wrong while a page loads: console errors (Chromium reports CSP violations
 * there), securitypolicyviolation events, page errors, failed requests and /static/ responses
 * with status 400 or more. Call before page.goto. Returns { problems, staticResponses }.
 */
export async function watchPage(page) {
  const problems = [];
  const staticResponses = new Map();
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blokkerte ${e.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The document's own status (e.g. the 404 page) is not a broken asset.
    if (/Failed to load resource/.test(msg.text()) && msg.location().url === page.url()) return;
    problems.push(`konsoll: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`sidefeil: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`feilet: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/static/')) return;
    staticResponses.set(url.pathname, res.status());
    if (res.status() >= 400) problems.push(`status ${res.status()}: ${res.url()}`);
  });
  return {
    problems,
    staticResponses,
    async cspViolations() {
      return page.evaluate(() => window.__cspViolations ?? []);
    },
  };
}

/** axe and the structure rules on the page as it stands. */
export async function checkPage(page, label) {
  await expectNoAxeViolations(page, label);
  await expectGoodStructure(page, label);
}
