// Ends the run with the plain "N passed, N failed" line CI reads, next to vitest's own report,
// the fault suite's tally (handlers fuzzed, fault cases tried, leak-scan hits) and the run's wall
// time (from the reporter's start to its end: what a developer waits) with the files that took
// longest, so where the time goes is in every run's output.
import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { FAULT_COUNTS_FILE, readCounts } from './fault-counts.js';

export default class SummaryReporter implements Reporter {
  private startedAt = Date.now();

  onInit(): void {
    this.startedAt = Date.now();
    fs.rmSync(FAULT_COUNTS_FILE, { force: true });
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && module.children.size === 0) failed++;
    }
    const counts = readCounts();
    if (counts.size) {
      const get = (kind: Parameters<typeof counts.get>[0]) => counts.get(kind) ?? 0;
      process.stdout.write(
        `\nfault suite: ${get('handlers fuzzed')} IPC handlers fuzzed with ${get('fuzz cases')} payloads, ${get('fault cases')} fault cases tried, leak scan: ${get('leak-scan values')} secret/key/token values checked, ${get('leak-scan hits')} hits\n`,
      );
    }
    // An unhandled error fails the run too: it is counted, never hidden behind a green line.
    const unhandled = errors.length ? `, ${errors.length} unhandled errors` : '';
    process.stdout.write(`\nslowest files: ${slowest(modules)}\n`);
    process.stdout.write(`\nwall time: ${Math.round((Date.now() - this.startedAt) / 1000)} s${wholeRun()}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${unhandled}\n`);
  }
}

/** `npm test` (test/npm-test.mjs) says when it began: its checks and build are part of the wait. */
function wholeRun(): string {
  const began = Number(process.env.TOKENDECK_TEST_STARTED_AT);
  return Number.isFinite(began) && began > 0 ? ` (npm test in all, with lint, typecheck and build: ${Math.round((Date.now() - began) / 1000)} s)` : '';
}

/** The eight files that took longest (import and tests), and what share of the summed file time they are. */
function slowest(modules: ReadonlyArray<TestModule>): string {
  const timed = modules.map((module) => {
    const { collectDuration, duration } = module.diagnostic();
    return { name: module.relativeModuleId, ms: collectDuration + duration };
  });
  const total = timed.reduce((sum, file) => sum + file.ms, 0);
  const top = timed.sort((a, b) => b.ms - a.ms).slice(0, 8);
  const share = total > 0 ? Math.round((100 * top.reduce((sum, file) => sum + file.ms, 0)) / total) : 0;
  return `${top.map((file) => `${file.name} ${Math.round(file.ms / 1000)} s`).join(', ')} (${share}% of ${Math.round(total / 1000)} s summed over ${timed.length} files)`;
}
