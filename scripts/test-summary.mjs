// Adds up the checks of the whole suite: every TAP line of the C tests (from meson's log)
// and the browser tests' totals, and prints one closing line.
import { readFileSync, existsSync } from 'node:fs';

const [testlog, e2eTap] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (existsSync(testlog)) {
  for (const line of readFileSync(testlog, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line);
    const out = entry.stdout || entry.stdo || "";
    let counted = 0;
    for (const l of out.split('\n')) {
      if (/^ok \d+.*# SKIP/i.test(l)) { skipped++; counted++; }
      else if (/^ok \d+/.test(l)) { passed++; counted++; }
      else if (/^not ok \d+/.test(l)) { failed++; counted++; }
    }
    // A test program that crashed before printing anything still counts as a failure.
    if (entry.result !== 'OK' && entry.result !== 'SKIP' && entry.result !== 'EXPECTEDFAIL' && counted === 0) failed++;
    if (entry.result !== 'OK' && entry.result !== 'SKIP' && entry.result !== 'EXPECTEDFAIL' && counted > 0 && !/^not ok/m.test(out)) failed++;
  }
} else {
  console.error(`fant ikke ${testlog}: C-testene ble ikke kjørt`);
  failed++;
}

if (existsSync(e2eTap)) {
  const tap = readFileSync(e2eTap, 'utf8');
  const num = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)`, 'm')) || [0, 0])[1]);
  passed += num('pass');
  failed += num('fail') + num('cancelled');
  skipped += num('skipped') + num('todo');
} else {
  console.error(`fant ikke ${e2eTap}: nettlesertestene ble ikke kjørt`);
  failed++;
}

console.log(`\nSummary: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed ? 1 : 0);
