/**
 * `npm test`: builds the widget once, then runs every suite (unit in Node, worker in workerd
 * with real D1, e2e in real Chromium against wrangler dev, the WordPress plugin in Chromium against
 * a private Debian WordPress) and ends with one line,
 * `N passed, N failed`, that counts them all. A suite that crashes counts as a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const suites = [
  { name: 'unit', config: 'test/unit/vitest.config.ts' },
  { name: 'worker', config: 'test/worker/vitest.config.ts' },
  { name: 'e2e', config: 'test/e2e/vitest.config.ts' },
  // The WordPress plugin against Debian's WordPress; skips with one line where it is not installed.
  { name: 'wordpress', config: 'test/wordpress/vitest.config.ts' },
];
const only = process.argv.slice(2);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CANDOUR_SKIP_BUILD: '1' };

console.log('Building the widget…');
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', env });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** The Worker's answers that took 5 s or more: where a browser test that timed out usually began. */
function printSlowRequests(workerLog) {
  const slow = readFileSync(workerLog, 'utf8')
    .split('\n')
    .filter((line) => Number(/\((\d+)ms\)$/.exec(line)?.[1] ?? 0) >= 5000);
  const count = slow.length === 1 ? '1 answer' : `${slow.length} answers`;
  console.log(`The Worker's log is ${workerLog}; ${count} took 5 s or more${slow.length ? ':' : '.'}`);
  for (const line of slow) console.log(`  ${line}`);
}

mkdirSync('test-results', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
/** Tests that passed only on their retry (test/e2e/vitest.config.ts says why browser tests have one). */
const retried = [];
for (const suite of suites.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
  const output = `test-results/${suite.name}.json`;
  const workerLog = `test-results/${suite.name}-worker.log`;
  const retriedLog = `test-results/${suite.name}-retried.txt`;
  for (const file of [output, workerLog, retriedLog]) rmSync(file, { force: true });
  console.log(`\n── ${suite.name} ──`);
  const run = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--config',
      suite.config,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${output}`,
      '--reporter=./test/e2e/retried-reporter.ts',
    ],
    { stdio: 'inherit', env: { ...env, CANDOUR_WORKER_LOG: workerLog, CANDOUR_RETRIED_LOG: retriedLog } },
  );
  let report;
  try {
    report = JSON.parse(readFileSync(output, 'utf8'));
  } catch {
    console.log(`${suite.name}: the suite did not finish (exit ${run.status}); counted as one failure`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A suite can fail outside any test (a crashed setup): count it.
  if (run.status !== 0 && report.numFailedTests === 0) failed += 1;
  if (existsSync(retriedLog)) {
    const names = readFileSync(retriedLog, 'utf8').trim().split('\n');
    retried.push(...names);
  }
  if ((run.status !== 0 || existsSync(retriedLog)) && existsSync(workerLog)) printSlowRequests(workerLog);
}
if (retried.length) {
  console.log(`\nPassed only on a retry (${retried.length}); the Worker's log is under test-results/:`);
  for (const name of retried) console.log(`  ${name}`);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
