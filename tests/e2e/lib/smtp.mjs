// A real SMTP server on loopback for browser tests: tests/mail/smtp_sink.py keeps each message
// it accepts as DIR/NNNNNN.json (envelope, decoded subject and body).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Starts the sink on a free port. Returns { url, messages(), waitFor(pred), stop() }. */
export async function startSmtpSink() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minside-e2e-smtp-'));
  const child = spawn('/usr/bin/python3', [path.join(repoRoot, 'tests/mail/smtp_sink.py'), dir],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  let port;
  for (let i = 0; i < 100 && !port; i++) {
    try {
      port = Number(readFileSync(path.join(dir, 'port'), 'utf8').trim()) || undefined;
    } catch { /* not listening yet */ }
    if (!port) await new Promise((r) => setTimeout(r, 100));
  }
  if (!port) throw new Error('SMTP-mottakeren startet ikke');
  const messages = () => readdirSync(dir).filter((n) => n.endsWith('.json')).sort()
    .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Waits (up to 20 s) for a message that pred accepts, and returns it. */
    async waitFor(pred) {
      for (let i = 0; i < 200; i++) {
        const found = messages().find(pred);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('ingen e-post kom fram');
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
