import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './support/summary-reporter.js';

/**
 * Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, where
 * most of a test file's time is spent waiting (for the CLI it spawns, Chromium, the keyring,
 * loopback servers). One file more than the cores keeps them busy: on the quiet 2-core machine
 * two workers took 362 s (the CPUs 56% busy), three 323 s. `npm test -- --maxWorkers=1` runs
 * the files one at a time again.
 */
const workers = os.availableParallelism() + 1;

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: workers,
    // A worker process runs file after file, keeping what it loaded: the sources and their
    // dependencies are transformed and imported once per worker instead of once per file, and the
    // deck tests share one Chromium (harness/browser.ts). Every test makes its own vault,
    // keychain service, servers and page, so nothing a test checks is shared.
    isolate: false,
    // A poll waits for what another process does (a CLI's write, the page's answer): its limit is
    // how long to wait on a busy machine, not a speed check (those are `npm run bench`'s). 10 s
    // covers a gnome-keyring restart mid-test (an upstream crash, see with-keyring.sh): the
    // keychain call that met it is retried once the new daemon answers, a few seconds later.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', new SummaryReporter()],
  },
});
