// Main's watch over the Tokendeck home: real files, real file-system events, and a second core
// over the same home writing as the CLI does (its own store objects, atomic renames, the lock).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../main/core/atomic-write.js';
import { openCore, type Core } from '../../main/core/open-vault.js';
import { watchVault, type VaultChange, type VaultWatch } from '../../main/core/vault-watch.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let sandbox: Sandbox;
/** Another process's view of the same home: what the CLI opens. */
let elsewhere: Core;
let watch: VaultWatch | undefined;
/** Every change reported, in order, and a way to wait for the next that matches. */
let changes: VaultChange[];
let waiting: Array<{ until: (change: VaultChange) => boolean; resolve: () => void }>;

function reported(until: (change: VaultChange) => boolean): Promise<void> {
  if (changes.some(until)) return Promise.resolve();
  return new Promise((resolve) => waiting.push({ until, resolve }));
}

beforeEach(async () => {
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'studio', provider: 'musicapi' });
  await sandbox.vault.addClient('studio', { name: 'web', environment: 'development', clientId: '2cf82db3-4064-4235-8253-16994eb51773' }, 'watch-secret-0c1d');
  await sandbox.vault.generateKey('studio', 'KID-1');
  elsewhere = openCore({ home: sandbox.home, keychain: sandbox.keychain });
  changes = [];
  waiting = [];
  watch = watchVault(sandbox.home, sandbox.core, (change) => {
    changes.push(change);
    for (const waiter of waiting.filter((w) => w.until(change))) waiter.resolve();
  });
});
afterEach(async () => {
  watch?.close();
  await sandbox.cleanup();
});

describe('vault watch', () => {
  it('reports an organization removed by another process', async () => {
    await elsewhere.vault.removeOrganization('studio');
    await reported((c) => c.organizations);
    expect(changes[0]).toMatchObject({ organizations: true });
    expect(sandbox.vault.outline().organizations).toEqual([]);
  });

  it('reports a client changed in place by another process', async () => {
    await elsewhere.vault.updateClient('studio', 'web', { environment: 'production' });
    await reported((c) => c.organizations);
    expect(changes[0]).toEqual({ organizations: true, tokens: false });
  });

  it('reports a token minted elsewhere as tokens only, and writes that change nothing shown not at all', async () => {
    // The vault file written again as it is, a lock taken and let go, the console's history
    // written: nothing the window shows changed.
    const store = path.join(sandbox.home, 'vault.json');
    writeFileAtomically(store, fs.readFileSync(store, 'utf8'));
    await elsewhere.vault.transact(() => undefined);
    await elsewhere.requestConsole.save('saved', { org: 'studio', client: 'web', method: 'GET', url: '/ping', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false });
    // A DevToken minted by the CLI: its record goes into vault.json, its value into tokens.enc.
    await elsewhere.tokens.credential({ org: 'studio', client: 'web', scheme: 'devtoken' });
    await reported((c) => c.tokens);
    expect(changes.every((c) => !c.organizations)).toBe(true);
  });

  it('leaves the app running where the home cannot be watched (here: a file, not a folder)', () => {
    const notAFolder = path.join(sandbox.home, 'vault.json');
    const blocked = openCore({ home: notAFolder, keychain: sandbox.keychain });
    expect(() => watchVault(notAFolder, blocked, () => undefined).close()).not.toThrow();
  });

  it('watches a home that does not exist yet, as a fresh install has', async () => {
    const home = path.join(sandbox.home, 'fresh');
    const fresh = openCore({ home, keychain: sandbox.keychain });
    const seen: VaultChange[] = [];
    const arrived = new Promise<void>((resolve) => {
      const freshWatch = watchVault(home, fresh, (change) => {
        seen.push(change);
        freshWatch.close();
        resolve();
      });
    });
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    await openCore({ home, keychain: sandbox.keychain }).vault.addOrganization({ name: 'later', provider: 'musicapi' });
    await arrived;
    expect(seen).toEqual([{ organizations: true, tokens: false }]);
  });
});
