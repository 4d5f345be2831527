// Memory of a core process alone (no harness, no test runner): the built CLI over the
// 10,000-client vault, reading all of it (`tokendeck client list`, then `tokens`), its RSS and JS
// heap taken as it exits. A whole process, as a script or the app's main would hold the vault.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_PATH } from '../support/cli.js';
import { largeVaultForTest } from './renderer.js';

export interface MemoryFigures {
  rssMb: number;
  heapMb: number;
}

/** Printed on stderr at exit by a preloaded script, after a collection (node --expose-gc). */
const REPORT = `process.on('exit', () => { globalThis.gc?.(); const m = process.memoryUsage(); process.stderr.write('MEMORY ' + JSON.stringify({ rss: m.rss, heap: m.heapUsed }) + '\\n'); });`;

export function measureCoreMemory(env: NodeJS.ProcessEnv, cliPath = CLI_PATH): MemoryFigures {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bench-mem-'));
  const reporter = path.join(home, 'report-memory.cjs');
  try {
    fs.writeFileSync(path.join(home, 'vault.json'), JSON.stringify(largeVaultForTest()), { mode: 0o600 });
    fs.writeFileSync(reporter, REPORT);
    const figures: MemoryFigures[] = [];
    for (const command of [['client', 'list'], ['tokens']]) {
      const run = spawnSync(process.execPath, ['--expose-gc', '--require', reporter, cliPath, ...command], { env: { ...env, TOKENDECK_HOME: home }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      const line = run.stderr.split('\n').find((l) => l.startsWith('MEMORY '));
      if (run.status !== 0 || !line) throw new Error(`tokendeck ${command.join(' ')} failed: ${run.stderr.slice(0, 300)}`);
      const { rss, heap } = JSON.parse(line.slice(7)) as { rss: number; heap: number };
      figures.push({ rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 });
    }
    return { rssMb: Math.max(...figures.map((f) => f.rssMb)), heapMb: Math.max(...figures.map((f) => f.heapMb)) };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
