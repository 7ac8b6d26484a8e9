import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Names every test that passed only on its retry, in the file CANDOUR_RETRIED_LOG names, so that
 * `npm test` can say so beside its count: a retry keeps a tooling stall from failing a run, and
 * must never hide that it happened.
 */
export default class RetriedReporter implements Reporter {
  onTestCaseResult(testCase: TestCase): void {
    const file = process.env.CANDOUR_RETRIED_LOG;
    const retries = testCase.diagnostic()?.retryCount ?? 0;
    if (!file || retries === 0 || testCase.result().state !== 'passed') return;
    appendFileSync(file, `${testCase.module.moduleId.replace(`${process.cwd()}/`, '')} › ${testCase.fullName}\n`);
  }
}
