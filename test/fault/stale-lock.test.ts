// The vault lock when its holder dies: killed outright (its lock names a dead owner, taken over at
// once), interrupted (it removes its lock on the way out), and several waiters racing for a dead
// owner's lock (exactly one holds it at a time). Real second processes, the real lock file.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const HOLDER = fileURLToPath(new URL('../support/lock-holder.ts', import.meta.url));
type Holder = ChildProcessByStdio<Writable, Readable, Readable>;

let sandbox: Sandbox;
let lockPath: string;
const children: Holder[] = [];
beforeEach(() => {
  sandbox = createSandbox();
  lockPath = path.join(sandbox.home, 'vault.lock');
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sandbox.cleanup();
  recordCount('fault cases', 1);
});

function startHolder(args: string[]): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Resolves when the child prints `line`; rejects if it ends first (with what it said). */
function said(child: Holder, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.split('\n').includes(line)) resolve();
    });
    child.on('exit', (code, signal) => reject(new Error(`the holder ended (${code ?? signal}) before saying "${line}": ${err}`)));
  });
}

function ended(child: Holder): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

describe('a stale vault lock', () => {
  it('left by a killed process is taken over at once: the next write succeeds', async () => {
    const holder = startHolder(['hold', lockPath]);
    await said(holder, 'held');
    holder.kill('SIGKILL');
    await ended(holder);
    // The lock is still there, fresh, naming a dead owner: an age rule alone would wait it out.
    expect(fs.existsSync(lockPath)).toBe(true);
    const run = await runTokendeck(['org', 'add', 'after-crash', '--provider', 'musicapi'], { env: sandbox.env });
    expect(run.stderr).not.toContain('STORE_UNWRITABLE');
    expect(run.code).toBe(0);
    expect(sandbox.vault.organizations().map((o) => o.name)).toEqual(['after-crash']);
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`is not left by a process interrupted with ${signal}: it removes its lock and dies of the signal`, async () => {
      const holder = startHolder(['hold-releasing', lockPath]);
      await said(holder, 'held');
      expect(fs.existsSync(lockPath)).toBe(true);
      holder.kill(signal);
      expect(await ended(holder)).toEqual({ code: null, signal });
      expect(fs.existsSync(lockPath)).toBe(false);
    });
  }

  // The app's shell installs it too: test/shell/shell.test.ts checks the running shell's listeners.
  it('the CLI installs the signal handling before it runs a command', () => {
    const root = path.join(import.meta.dirname, '..', '..', 'main');
    expect(fs.readFileSync(path.join(root, 'cli', 'run-cli.ts'), 'utf8')).toMatch(/releaseLocksOnSignals\(\);[^]*found\.command\.run\(/);
  });

  it('of a dead owner, raced for by several waiters, is held by exactly one at a time', async () => {
    const holder = startHolder(['hold', lockPath]);
    await said(holder, 'held');
    holder.kill('SIGKILL');
    await ended(holder);
    const log = path.join(sandbox.home, 'critical-section.log');
    const racers = Array.from({ length: 4 }, () => startHolder(['race', lockPath, log, '3']));
    await Promise.all(racers.map((racer) => said(racer, 'ready')));
    for (const racer of racers) racer.stdin.write('go\n');
    const results = await Promise.all(racers.map(ended));
    expect(results).toEqual(racers.map(() => ({ code: 0, signal: null })));
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4 * 3 * 2);
    // begin A, end A, begin B, end B, …: nobody entered while another was inside.
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^begin \d+$/);
      expect(lines[i + 1]).toBe(lines[i]!.replace('begin', 'end'));
    }
    expect(fs.existsSync(lockPath)).toBe(false);
  });
});
