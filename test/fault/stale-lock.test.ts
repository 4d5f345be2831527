// The vault lock when its holder dies: killed outright (its lock names a dead owner, taken over at
// once), interrupted (it removes its lock on the way out), and several waiters racing for a dead
// owner's lock (exactly one holds it at a time). When its holder lives on: stopped with Ctrl-Z
// (never robbed, however old its lock; the waiter says who holds it), and a holder whose lock was
// taken all the same (it writes nothing). Real second processes, the real lock file.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

describe('a vault lock whose holder lives on', () => {
  it('stopped with Ctrl-Z is never taken, however old: the next command says who holds it and how to end it', async () => {
    const holder = startHolder(['hold-releasing', lockPath]);
    await said(holder, 'held');
    holder.kill('SIGSTOP');
    // Stopped ten minutes ago, as far as the lock file's age tells.
    const longAgo = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(lockPath, longAgo, longAgo);
    const lockBefore = fs.readFileSync(lockPath, 'utf8');

    // The CLI, and the app's core (what main's `org.add` handler calls), waiting at the same time.
    const [run, inApp] = await Promise.all([
      runTokendeck(['org', 'add', 'meanwhile', '--provider', 'musicapi'], { env: sandbox.env }),
      sandbox.vault.addOrganization({ name: 'from-the-app', provider: 'musicapi' }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    ]);
    expect(inApp).toMatchObject({ code: 'STORE_LOCKED', message: expect.stringContaining(`process ${holder.pid} (node)`) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`tokendeck: STORE_LOCKED: The vault (${lockPath}) is locked by process ${holder.pid} (node) since `);
    expect(run.stderr).toContain('It is stopped (Ctrl-Z): resume it with `fg`');
    expect(run.stderr).toContain(`\`kill ${holder.pid}; kill -CONT ${holder.pid}\``);
    expect(run.stderr).toContain('Nothing was changed');
    expect(sandbox.vault.organizations()).toEqual([]);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(lockBefore);

    // The advice works: the holder ends, removing its lock, and the command then goes through.
    holder.kill('SIGTERM');
    holder.kill('SIGCONT');
    expect(await ended(holder)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(fs.existsSync(lockPath)).toBe(false);
    const again = await runTokendeck(['org', 'add', 'meanwhile', '--provider', 'musicapi'], { env: sandbox.env });
    expect(again.code).toBe(0);
  });

  it('that lost its lock all the same (the lock file replaced under it) writes nothing and says so', async () => {
    expect((await runTokendeck(['org', 'add', 'first', '--provider', 'musicapi'], { env: sandbox.env })).code).toBe(0);
    const writer = startHolder(['update', sandbox.home, 'first']);
    let out = '';
    writer.stdout.on('data', (chunk) => (out += chunk));
    await said(writer, 'changing');
    writer.kill('SIGSTOP');
    // Meanwhile its lock file goes (removed by hand), another command writes, and a third process holds the lock.
    fs.rmSync(lockPath);
    expect((await runTokendeck(['org', 'add', 'second', '--provider', 'musicapi'], { env: sandbox.env })).code).toBe(0);
    const other = startHolder(['hold', lockPath]);
    await said(other, 'held');
    const otherLock = fs.readFileSync(lockPath, 'utf8');
    const vaultBefore = sandbox.storeText();

    writer.kill('SIGCONT');
    writer.stdin.write('go\n');
    expect(await ended(writer)).toEqual({ code: 3, signal: null });
    expect(out).toContain(`failed STORE_LOCKED: This command lost the vault lock while it was paused (process ${other.pid} holds it now`);
    expect(out).toContain('Its change was not written; run the command again');
    expect(out).not.toContain('wrote');
    // Its stale copy (without "second") did not land, and the other's lock is left alone.
    expect(sandbox.storeText()).toBe(vaultBefore);
    expect(sandbox.vault.organizations().map((o) => o.name)).toEqual(['first', 'second']);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(otherLock);
    expect(fs.readdirSync(sandbox.home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('that lost its lock does not rewrite the token cache either: a token minted meanwhile stays cached', async () => {
    const env = sandbox.env;
    expect((await runTokendeck(['org', 'add', 'acme', '--provider', 'musicapi'], { env })).code).toBe(0);
    expect((await runTokendeck(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70'], { env })).code).toBe(0);
    expect((await runTokendeck(['key', 'generate', 'acme', '--kid', 'K1'], { env })).code).toBe(0);
    const writer = startHolder(['update-tokens', sandbox.home, env.TOKENDECK_KEYCHAIN_SERVICE!]);
    let out = '';
    writer.stdout.on('data', (chunk) => (out += chunk));
    await said(writer, 'changing');
    writer.kill('SIGSTOP');
    fs.rmSync(lockPath);
    const minted = await runTokendeck(['token', 'acme/web', '--scheme', 'devtoken'], { env });
    expect(minted.code, minted.stderr).toBe(0);

    writer.kill('SIGCONT');
    writer.stdin.write('go\n');
    expect(await ended(writer)).toEqual({ code: 3, signal: null });
    expect(out).toContain('failed STORE_LOCKED: This command lost the vault lock');
    // The cache still holds the token minted meanwhile: the same one is handed out again.
    const again = await runTokendeck(['token', 'acme/web', '--scheme', 'devtoken'], { env });
    expect(again.stdout).toBe(minted.stdout);
  });

  it('named by a pid that now belongs to a later process is a dead owner: taken over at once', async () => {
    // This test's own pid is alive, but it did not start at the time the lock says.
    const owner = { id: 'crashed-owner', pid: process.pid, host: os.hostname(), at: new Date().toISOString(), started: '1' };
    fs.writeFileSync(lockPath, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    const run = await runTokendeck(['org', 'add', 'after-reuse', '--provider', 'musicapi'], { env: sandbox.env });
    expect(run.code).toBe(0);
    expect(sandbox.vault.organizations().map((o) => o.name)).toEqual(['after-reuse']);
  });

  it('of another host keeps the age rule: taken over once older than any write takes', async () => {
    const owner = { id: 'far-owner', pid: 1, host: `not-${os.hostname()}`, at: new Date(Date.now() - 60_000).toISOString() };
    fs.writeFileSync(lockPath, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, minuteAgo, minuteAgo);
    const run = await runTokendeck(['org', 'add', 'after-far', '--provider', 'musicapi'], { env: sandbox.env });
    expect(run.code).toBe(0);
    expect(sandbox.vault.organizations().map((o) => o.name)).toEqual(['after-far']);
  });
});
