// Faults around the store and the keychain: a read-only home, a damaged console history, keychain
// entries deleted behind the app's back or left orphaned, and the app core writing while CLI
// processes do. Each is a clear typed error, nothing falls back to plaintext, nothing is lost,
// and `doctor --fix` (or the deck's "Make them agree") brings store and keychain back together,
// setting orphans aside in the trash.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { readAllFiles } from '../support/sandbox.js';
import { ALICE, MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(async () => {
  await world.close();
  recordCount('fault cases', 1);
});

/**
 * Makes a folder unwritable for real: root ignores permission bits, so as root the folder is
 * made immutable (chattr +i, ext4 and most Linux filesystems); otherwise chmod 0500. Returns the
 * undo, or undefined where neither is possible.
 */
function makeReadOnly(dir: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o500);
    return () => fs.chmodSync(dir, 0o700);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
}

const probe = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'tokendeck-ro-probe-'));
const undoProbe = makeReadOnly(probe);
undoProbe?.();
fs.rmSync(probe, { recursive: true, force: true });
if (!undoProbe) console.warn('Read-only store test skipped: this filesystem cannot make a folder immutable for root (chattr +i failed).');

describe('store faults', () => {
  it.skipIf(!undoProbe)('a read-only home: STORE_UNWRITABLE, nothing changed, no keychain entry left behind, queued history kept', async () => {
    await world.core.requestConsole.send({ requestId: crypto.randomUUID(), request: { org: 'acme', client: 'web', method: 'GET', url: '/search/introspection', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false } });
    const storeBefore = world.storeText();
    const accountsBefore = (await world.keychain.accounts()).sort();
    const undo = makeReadOnly(world.home)!;
    try {
      await expect(world.vault.addOrganization({ name: 'new', provider: 'musicapi' })).rejects.toMatchObject({ code: 'STORE_UNWRITABLE', message: expect.stringMatching(/Nothing was changed/) });
      await expect(world.vault.addClient('acme', { name: 'second', environment: 'dev', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' }, 'second-secret')).rejects.toMatchObject({ code: 'STORE_UNWRITABLE' });
      await expect(world.core.requestConsole.flushHistory()).rejects.toMatchObject({ code: 'STORE_UNWRITABLE' });
      // Reading goes on; the unwritten history entry is still shown.
      expect(world.vault.tree().organizations.map((o) => o.name)).toEqual(['acme', 'moodmap', 'partner']);
      expect(await world.core.requestConsole.history('acme')).toHaveLength(1);
    } finally {
      undo();
    }
    expect(world.storeText()).toBe(storeBefore);
    expect((await world.keychain.accounts()).sort()).toEqual(accountsBefore);
    await world.core.requestConsole.flushHistory();
    expect(JSON.parse(fs.readFileSync(world.core.requestConsole.store.file, 'utf8')).history[world.vault.organization('acme').id]).toHaveLength(1);
  });

  it('a damaged console history: moved aside as STORE_CORRUPT, the vault untouched', async () => {
    await world.core.requestConsole.save('x', { org: 'acme', client: 'web', method: 'GET', url: '/', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false });
    fs.writeFileSync(world.core.requestConsole.store.file, '{"schemaVersion": 1, "history": {');
    expect(() => world.core.requestConsole.saved('acme')).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining('console history file') }));
    expect(fs.readdirSync(world.home).some((name) => name.startsWith('console.json.corrupt-'))).toBe(true);
    expect(world.core.requestConsole.saved('acme')).toEqual([]);
    expect(world.vault.tree().organizations).toHaveLength(3);
  });
});

describe('keychain entries deleted behind the app', () => {
  it('a deleted client secret: SECRET_MISSING saying what to do, no fallback; doctor --fix marks it missing', async () => {
    const { client } = world.vault.resolveClient('acme', 'web');
    await world.keychain.delete(keychainAccount.clientSecret(client.id));
    await expect(world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'basic' })).rejects.toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('tokendeck client set-secret acme/web') });
    expect(readAllFiles(world.home)).not.toContain(MUSICAPI_CLIENT.secret);

    const found = await runTokendeck(['doctor'], { env: world.env });
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('secret missing: acme/web');
    const fixed = await runTokendeck(['doctor', '--fix'], { env: world.env });
    expect(fixed.code).toBe(0);
    expect(world.vault.resolveClient('acme', 'web').client.hasSecret).toBe(false);
    expect((await runTokendeck(['doctor'], { env: world.env })).code).toBe(0);
  });

  it('a deleted private key: SECRET_MISSING for DevTokens; the repair retires the key', async () => {
    const [key] = world.vault.keys('acme');
    await world.keychain.delete(keychainAccount.privateKey(key!.id));
    await expect(world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: ALICE.label })).rejects.toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('Import it again') });
    expect(await world.vault.auditKeychain()).toMatchObject({ missingPrivateKeys: [{ org: 'acme', kid: 'KID-1' }] });
    const after = await world.vault.repairKeychain();
    expect(after).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
    expect(world.vault.keys('acme')[0]).toMatchObject({ kid: 'KID-1', status: 'retired' });
  });

  it('a deleted data key: the token cache is only a cache, tokens are made again', async () => {
    const first = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await world.keychain.delete(keychainAccount.dataKey);
    const reopened = (await import('../../main/core/open-vault.js')).openCore({ home: world.home, keychain: world.keychain });
    const again = await reopened.tokens.credential({ org: 'moodmap', client: 'prod' });
    expect(again.fromCache).toBe(false);
    expect(again.token).not.toBe(first.token);
    expect(world.musimap.exchanges).toBe(2);
  });

  it('an orphaned keychain entry is reported and set aside in the trash, and nothing else is touched', async () => {
    await world.keychain.set('client/00000000-0000-4000-8000-000000000000/secret', 'left-over');
    const accounts = (await world.keychain.accounts()).length;
    expect(await world.vault.auditKeychain()).toMatchObject({ orphans: ['client/00000000-0000-4000-8000-000000000000/secret'] });
    await world.vault.repairKeychain();
    expect(await world.keychain.get('client/00000000-0000-4000-8000-000000000000/secret')).toBeNull();
    const [aside] = await world.vault.trash();
    expect(aside).toMatchObject({ kind: 'orphans', accounts: ['client/00000000-0000-4000-8000-000000000000/secret'] });
    expect(await world.keychain.get(`trash/${aside!.id}/client/00000000-0000-4000-8000-000000000000/secret`)).toBe('left-over');
    expect((await world.keychain.accounts()).length).toBe(accounts);
    expect(await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'basic' })).toMatchObject({ scheme: 'basic' });
  });
});

describe('two writers', () => {
  it('the app core and CLI processes writing the vault at once lose no update', async () => {
    const cli = Array.from({ length: 4 }, (_, i) => runTokendeck(['org', 'add', `cli-${i}`, '--provider', 'musicapi'], { env: world.env }));
    const core = Array.from({ length: 4 }, (_, i) => world.vault.addOrganization({ name: `core-${i}`, provider: 'musicapi' }));
    const runs = await Promise.all(cli);
    await Promise.all(core);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const names = world.vault.tree().organizations.map((o) => o.name);
    for (let i = 0; i < 4; i++) expect(names).toEqual(expect.arrayContaining([`cli-${i}`, `core-${i}`]));
  });
});
