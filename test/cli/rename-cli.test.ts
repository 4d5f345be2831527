// `org rename` and `client rename` through the built `tokendeck`: the new name gives tokens made
// with the same secret and key, the console's history and the hand-outs follow, a taken name is
// refused with nothing changed, and a `tokendeck` killed between the moves and the vault's write
// (held up there by another process holding the vault's lock) leaves the old name working with its
// history whole; the same command run again finishes the rename.
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../main/core/console/console-model.js';
import { ConsoleStore } from '../../main/core/console/console-store.js';
import { CLI_PATH, runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const HOLDER = fileURLToPath(new URL('../support/lock-holder.ts', import.meta.url));
const SECRET = 'web-secret-5d2c9a71-0e4b-4f6a-8c3d';
const CLIENT_ID = '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70';

let sandbox: Sandbox;
const children: ChildProcess[] = [];

beforeEach(async () => {
  sandbox = createSandbox();
  const { vault, core } = sandbox;
  await vault.addOrganization({ name: 'acme', provider: 'musicapi', apiBaseUrl: 'https://api.acme.test' });
  await vault.addClient('acme', { name: 'web', environment: 'development', clientId: CLIENT_ID }, SECRET);
  await vault.generateKey('acme', 'K1');
  await vault.addOrganization({ name: 'other', provider: 'musicapi', apiBaseUrl: 'https://api.other.test' });
  // One history line, one saved request and one hand-out, as the deck leaves them.
  const request: ConsoleRequest = { org: 'acme', client: 'web', method: 'GET', url: '/ping', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false };
  const history = new ConsoleStore(sandbox.home);
  history.append(vault.organization('acme').id, { id: randomUUID(), at: new Date().toISOString(), scheme: 'devtoken', request, outcome: { status: 200, durationMs: 3, sizeBytes: 2 } });
  await history.flush();
  await core.requestConsole.save('ping', request);
  await core.handouts.record({ how: 'copied', org: 'acme', client: 'web', scheme: 'devtoken', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sandbox.cleanup();
});

const tokendeck = (...args: string[]) => runTokendeck(args, { env: sandbox.env });

/** `<org>/<client>` of every history line and saved request, and of every hand-out, as the core reads them now. */
async function namesKept(org: string): Promise<{ console: string[]; handouts: string[] }> {
  const { requestConsole, handouts } = sandbox.core;
  const requests = [...(await requestConsole.history(org)), ...requestConsole.saved(org)].map((e) => `${e.request.org}/${e.request.client}`);
  return { console: requests, handouts: handouts.list().map((h) => `${h.org}/${h.client}`) };
}

/** A DevToken made by `tokendeck token` (signed with the key from the keychain), or the failure. */
async function devtoken(path: string): Promise<{ code: number; out: string }> {
  const run = await tokendeck('token', path, '--scheme', 'devtoken');
  return { code: run.code, out: run.code === 0 ? run.stdout.trim().split('.').length.toString() : run.stderr };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.join(sandbox.home, file), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Waits until `condition` holds, or the child ends first (then rejects, with what it said). */
async function until(child: ChildProcess, condition: () => boolean, what: string): Promise<void> {
  let err = '';
  child.stderr?.on('data', (chunk) => (err += chunk));
  while (!condition()) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`it ended (${child.exitCode ?? child.signalCode}) before ${what}: ${err}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function start(command: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, command === 'tokendeck' ? [CLI_PATH, ...args] : ['--import', 'tsx', HOLDER, ...args], { env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function killed(child: ChildProcess): Promise<NodeJS.Signals | null> {
  child.kill('SIGKILL');
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.signalCode) : child.on('exit', (_code, signal) => resolve(signal))));
}

/** Another process holds the vault's lock: `tokendeck` runs up to the vault's write and waits there. */
async function holdVaultLock(): Promise<ChildProcess> {
  const holder = start('holder', ['hold', path.join(sandbox.home, 'vault.lock')]);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (chunk) => (out += chunk) && out.includes('held\n') && resolve());
    holder.on('exit', () => reject(new Error('the lock holder ended first')));
  });
  return holder;
}

/**
 * Runs `tokendeck <args>` while another process holds the vault's lock, and kills it (SIGKILL) once
 * `moved` sees its moves on disk: between them and the vault's write, which it is waiting to make.
 */
async function killedBeforeVaultWrite(args: string[], moved: () => boolean): Promise<void> {
  const holder = await holdVaultLock();
  const renaming = start('tokendeck', args);
  await until(renaming, moved, 'moving the hand-outs');
  expect(await killed(renaming)).toBe('SIGKILL');
  await killed(holder);
}

describe('org rename', () => {
  it('renames; tokens, history, saved requests and hand-outs follow', async () => {
    const run = await tokendeck('org', 'rename', 'acme', 'studio');
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe('Renamed organization acme to studio. Its clients, secrets, keys, cached tokens, console history and hand-outs follow; where its credentials go did not change.\n');
    expect(await devtoken('studio/web')).toEqual({ code: 0, out: '3' });
    expect(await namesKept('studio')).toEqual({ console: ['studio/web', 'studio/web'], handouts: ['studio/web'] });
    expect(await tokendeck('token', 'acme/web')).toMatchObject({ code: 2, stderr: expect.stringContaining('No organization named "acme"') });
  });

  it('allows another case of its own name; refuses a taken one (any case) with nothing changed', async () => {
    expect(await tokendeck('org', 'rename', 'acme', 'Acme')).toMatchObject({ code: 0 });
    const before = fs.readFileSync(path.join(sandbox.home, 'vault.json'), 'utf8');
    const taken = await tokendeck('org', 'rename', 'acme', 'OTHER');
    expect(taken).toMatchObject({ code: 2, stderr: 'tokendeck: VALIDATION: Invalid name: an organization named "other" already exists; nothing was renamed.\n' });
    expect(await tokendeck('org', 'rename', 'acme', 'two words')).toMatchObject({ code: 2 });
    expect(fs.readFileSync(path.join(sandbox.home, 'vault.json'), 'utf8')).toBe(before);
    expect(await namesKept('acme')).toEqual({ console: ['Acme/web', 'Acme/web'], handouts: ['Acme/web'] });
  });

  it('killed before the vault write: the old name still gives a token, history whole; run again, it finishes', async () => {
    await killedBeforeVaultWrite(['org', 'rename', 'acme', 'studio'], () => JSON.stringify(readJson('handouts.json')).includes('"org":"studio"'));

    expect(await devtoken('acme/web')).toEqual({ code: 0, out: '3' });
    expect((await namesKept('acme')).console).toEqual(['acme/web', 'acme/web']);

    expect(await tokendeck('org', 'rename', 'acme', 'studio')).toMatchObject({ code: 0 });
    expect(await devtoken('studio/web')).toEqual({ code: 0, out: '3' });
    expect(await namesKept('studio')).toEqual({ console: ['studio/web', 'studio/web'], handouts: ['studio/web'] });
  });
});

describe('client rename', () => {
  it('renames; its secret, key, history, saved requests and hand-outs follow', async () => {
    const run = await tokendeck('client', 'rename', 'acme/web', 'site');
    expect(run).toMatchObject({ code: 0, stderr: 'Renamed client acme/web to acme/site. Its secret, cached tokens, console requests and hand-outs follow; where its credentials go did not change.\n' });
    const basic = await tokendeck('token', 'acme/site', '--scheme', 'basic');
    expect(Buffer.from(basic.stdout.trim(), 'base64').toString()).toBe(`${CLIENT_ID}:${SECRET}`);
    expect(await devtoken('acme/site')).toEqual({ code: 0, out: '3' });
    expect(await namesKept('acme')).toEqual({ console: ['acme/site', 'acme/site'], handouts: ['acme/site'] });
  });

  it('allows another case of its own name; refuses a taken one', async () => {
    await sandbox.vault.addClient('acme', { name: 'app', environment: 'development', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' });
    expect(await tokendeck('client', 'rename', 'acme/web', 'WEB')).toMatchObject({ code: 0 });
    expect(await tokendeck('client', 'rename', 'acme/web', 'App')).toMatchObject({ code: 2, stderr: 'tokendeck: VALIDATION: Invalid name: "acme" already has a client named "app"; nothing was renamed.\n' });
    expect(await namesKept('acme')).toEqual({ console: ['acme/WEB', 'acme/WEB'], handouts: ['acme/WEB'] });
  });

  it('killed before the vault write: the old name still gives a token, history whole; run again, it finishes', async () => {
    await killedBeforeVaultWrite(['client', 'rename', 'acme/web', 'site'], () => JSON.stringify(readJson('handouts.json')).includes('"client":"site"'));

    expect(await devtoken('acme/web')).toEqual({ code: 0, out: '3' });
    expect(await sandbox.core.requestConsole.history('acme')).toHaveLength(1);
    expect(sandbox.core.requestConsole.saved('acme')).toHaveLength(1);

    expect(await tokendeck('client', 'rename', 'acme/web', 'site')).toMatchObject({ code: 0 });
    expect(await devtoken('acme/site')).toEqual({ code: 0, out: '3' });
    expect(await namesKept('acme')).toEqual({ console: ['acme/site', 'acme/site'], handouts: ['acme/site'] });
  });
});
