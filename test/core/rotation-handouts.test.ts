// Key rotation (a new key signs, the old one verifies until retired, stale DevTokens re-minted)
// and the hand-out list behind the expiry reminders.
import fs from 'node:fs';
import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { HandoutStore, reminderText } from '../../main/core/handouts.js';
import { inspectAgainst } from '../../main/core/jwt-inspect.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';
import { runTokendeck } from '../support/cli.js';
import { ALICE, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const BOB_UUID = '0b6d3c2e-1f4a-4b5c-9d8e-7f6a5b4c3d2e';
const devtoken = (w: VendorWorld) => w.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: ALICE.label });

describe('key rotation', () => {
  it('signs new DevTokens with the new key, flags the old ones, and re-mints them', async () => {
    world = await startVendorWorld();
    const old = await devtoken(world);
    const { key: next, publicKeyPem } = await world.vault.generateKey('acme', 'KID-2');
    world.musicapi.registerKey('KID-2', publicKeyPem);
    expect(world.vault.keys('acme').map((k) => [k.kid, k.status])).toEqual([['KID-1', 'active'], ['KID-2', 'active']]);

    expect(world.core.tokens.list()).toMatchObject([{ kid: 'KID-1', staleKey: 'superseded' }]);
    const fresh = await devtoken(world);
    expect(decodeProtectedHeader(fresh.token).kid).toBe('KID-2');
    // The old key still verifies what it signed.
    expect(inspectAgainst(world.vault.tree().organizations, old.token).signature).toEqual({ status: 'valid', kid: 'KID-1', keyStatus: 'active' });

    const remint = await runTokendeck(['key', 'remint', 'acme'], { env: world.env });
    expect(remint.stderr).toContain('Minted 1 DevToken(s) again');
    const views = world.core.tokens.list();
    expect(views.map((t) => t.kid)).toEqual(['KID-2']);
    expect(views[0]!.staleKey).toBeUndefined();
    expect(next.kid).toBe('KID-2');
  });

  it('retires a key only with --yes, deleting its private key; tokens it signed are flagged retired', async () => {
    world = await startVendorWorld();
    await devtoken(world);
    await world.vault.generateKey('acme', 'KID-2');
    const [first] = world.vault.keys('acme');
    const refused = await runTokendeck(['key', 'retire', 'acme', '--kid', 'KID-1'], { env: world.env });
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.stderr).toContain('--yes');
    expect(await world.keychain.get(keychainAccount.privateKey(first!.id))).not.toBeNull();
    expect((await runTokendeck(['key', 'retire', 'acme', '--kid', 'KID-1', '--yes'], { env: world.env })).code).toBe(0);
    expect(await world.keychain.get(keychainAccount.privateKey(first!.id))).toBeNull();
    expect(world.core.tokens.list()).toMatchObject([{ kid: 'KID-1', staleKey: 'retired' }]);
  });
});

describe('handed-out tokens', () => {
  it('records copies of expiring tokens (never their value) and lists them', async () => {
    world = await startVendorWorld();
    const memory = { text: '' };
    const handlers = createHandlers(world.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => {} }));
    const seenWeb = world.vault.resolveClient('acme', 'web').client.id;
    await dispatch(handlers, 'tokens.copy', { org: 'acme', client: 'web', seenClient: seenWeb, scheme: 'devtoken', sub: 'alice' });
    await dispatch(handlers, 'tokens.copy', { org: 'acme', client: 'web', seenClient: seenWeb, scheme: 'token' });
    await dispatch(handlers, 'console.copyExportWithCredential', { format: 'curl', seenClient: world.vault.resolveClient('moodmap', 'prod').client.id, request: { org: 'moodmap', client: 'prod', method: 'GET', url: '/' } });
    const listed = await dispatch(handlers, 'handouts.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ how: 'exported', org: 'moodmap', scheme: 'bearer' }, { how: 'copied', org: 'acme', client: 'web', scheme: 'devtoken', kid: 'KID-1' }] });
    const file = JSON.stringify(listed);
    expect(file).not.toContain(memory.text.split(' ').at(-1));
    for (const token of world.musimap.issued) expect(file).not.toContain(token);
  });

  it('reminds once, a day before expiry, and never of a token already expired', async () => {
    world = await startVendorWorld();
    let now = Date.parse('2026-11-23T12:00:00Z');
    const store = new HandoutStore(world.home, () => now);
    const base = { org: 'acme', client: 'web', scheme: 'devtoken' as const, how: 'copied' as const };
    await store.record({ ...base, expiresAt: '2026-12-07T12:00:00.000Z' });
    await store.record({ ...base, client: 'old', expiresAt: '2026-11-23T11:00:00.000Z' });
    expect(await store.takeDueReminders()).toEqual([]);
    now = Date.parse('2026-12-06T12:30:00Z');
    const due = await store.takeDueReminders();
    expect(due).toMatchObject([{ client: 'web' }]);
    expect(reminderText(due[0]!)).toEqual({
      title: 'acme/web: a devtoken token expires within a day',
      body: 'The token you copied on 2026-11-23 expires at 2026-12-07 12:00 UTC. Copy a fresh one where it is used.',
    });
    expect(await store.takeDueReminders()).toEqual([]);
    expect(store.list().find((h) => h.client === 'web')!.remindedAt).toBe('2026-12-06T12:30:00.000Z');
    // A week after expiry a hand-out is forgotten.
    now = Date.parse('2026-12-15T12:00:00Z');
    expect(store.list()).toEqual([]);
  });

  it('counts a token handed out again on its one row, and reminds of it once', async () => {
    world = await startVendorWorld();
    let now = Date.parse('2026-11-23T12:00:00Z');
    const store = new HandoutStore(world.home, () => now);
    const token = { org: 'acme', client: 'web', scheme: 'devtoken' as const, expiresAt: '2026-12-07T12:00:00.000Z', sub: ALICE.uuid, subLabel: 'alice' };
    await store.recordToken('copied', token, 'eyJ.the-token.value');
    now += 60_000;
    await store.recordToken('copied', token, 'eyJ.the-token.value');
    await store.recordToken('exported', token, 'eyJ.the-token.value');
    now += 60_000;
    await store.recordToken('copied', { ...token, sub: BOB_UUID, subLabel: 'bob' }, 'eyJ.another-token.value');
    expect(store.list()).toMatchObject([
      { subLabel: 'bob', copies: 1 },
      { subLabel: 'alice', copies: 3, how: 'exported', handedOutAt: '2026-11-23T12:00:00.000Z', lastHandedOutAt: '2026-11-23T12:01:00.000Z' },
    ]);
    expect(fs.readFileSync(path.join(world.home, 'handouts.json'), 'utf8')).not.toContain('the-token');
    now = Date.parse('2026-12-06T12:30:00Z');
    expect((await store.takeDueReminders()).map((h) => h.subLabel)).toEqual(['alice', 'bob']);
    await store.recordToken('copied', token, 'eyJ.the-token.value');
    expect(await store.takeDueReminders()).toEqual([]);
  });

  it('records `tokendeck token --copy` too', async () => {
    world = await startVendorWorld();
    const { startXvfb } = await import('../support/xvfb.js');
    const x = await startXvfb();
    try {
      const run = await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: { ...world.env, DISPLAY: x.display, WAYLAND_DISPLAY: '' } });
      expect(run.code).toBe(0);
      expect(world.core.handouts.list()).toMatchObject([{ how: 'copied', org: 'moodmap', client: 'prod', scheme: 'bearer' }]);
      const listed = await runTokendeck(['handouts'], { env: world.env });
      expect(listed.stdout).toMatch(/^moodmap\/prod {2}bearer {2}copied \d{4}-\d\d-\d\d {2}expires in 1 h 59 m/);
      for (const token of world.musimap.issued) expect(listed.stdout).not.toContain(token);
    } finally {
      x.stop();
    }
  });
});
