// The core's multi-step operations, as the app and the CLI reach them: removing an organization
// takes everything of it (vault records, keychain entries, cached tokens, hand-outs, console
// history and saved requests; its records, secrets and keys wait 7 days in the trash first)
// whichever door it goes through — the built `tokendeck` or the contract's handlers — and leaves
// the other organizations as they were.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { openCore } from '../../main/core/open-vault.js';
import { TokenValues } from '../../main/core/token-values.js';
import { dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { handlersWithMemoryClipboard, type MemoryHandlers } from '../support/memory-clipboard.js';
import { runTokendeck } from '../support/cli.js';
import { readAllFiles } from '../support/sandbox.js';
import { ALICE, MUSICAPI_CLIENT, MUSIMAP_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let handlers: Handlers;
let clipboard: MemoryHandlers['clipboard'];
let call: MemoryHandlers['call'];

beforeEach(async () => {
  world = await startVendorWorld();
  ({ handlers, clipboard, call } = handlersWithMemoryClipboard(world.core));
});
afterEach(() => world.close());

/** Gives the organization one of everything the app keeps for it; resolves to the strings that
 * identify any of it, wherever it might be left. */
async function useFully(org: string, client: string): Promise<{ traces: string[]; token: string }> {
  // A DevToken for MusicAPI: its default scheme (`token`) is not cached and never expires.
  const seenClient = world.vault.resolveClient(org, client).client.id;
  const copied = (await call('tokens.copy', { org, client, seenClient, ...(org === 'acme' ? { scheme: 'devtoken' } : {}) })) as { tokenId: string };
  const token = clipboard.text;
  const request = { org, client, method: 'GET' as const, url: org === 'acme' ? '/search/introspection' : '/' };
  await call('console.send', { requestId: randomUUID(), request, seenClient });
  await call('console.save', { name: `saved-of-${org}`, request });
  await world.core.requestConsole.flushHistory();
  const { organizations } = world.vault.tree();
  const tree = organizations.find((o) => o.name === org)!;
  expect(world.core.handouts.list().filter((h) => h.org === org)).toHaveLength(1);
  expect(world.core.requestConsole.saved(org)).toHaveLength(1);
  expect(await world.core.requestConsole.history(org)).not.toHaveLength(0);
  const traces = [
    tree.id,
    `"${org}"`,
    `saved-of-${org}`,
    copied.tokenId,
    ...tree.clients.flatMap((c) => [c.id, c.clientId]),
    ...tree.keys.flatMap((k) => [k.id, k.kid ?? k.id, k.thumbprint]),
  ];
  return { traces, token };
}

async function keychainAccountsOf(org: string): Promise<string[]> {
  const tree = world.vault.tree().organizations.find((o) => o.name === org)!;
  const ids = [...tree.clients.map((c) => c.id), ...tree.keys.map((k) => k.id)];
  return (await world.keychain.accounts()).filter((account) => ids.some((id) => account.includes(id)));
}

/** Nothing of `gone` in any file of the home, in the decrypted token cache or in the keychain. */
async function expectNothingLeft(gone: string[], goneAccounts: string[]): Promise<void> {
  for (const entry of fs.readdirSync(world.home, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const trace of gone) expect(text, `${entry.name} still holds ${trace.slice(0, 40)}`).not.toContain(trace);
  }
  const values = await new TokenValues(world.home, world.keychain).read();
  for (const trace of gone) expect(JSON.stringify(values)).not.toContain(trace);
  const accounts = await world.keychain.accounts();
  for (const account of goneAccounts) expect(accounts).not.toContain(account);
}

/** The organization is gone from everywhere but the trash, whose keychain items hold its secrets and keys. */
async function expectOnlyTheTrash(goneAccounts: string[]): Promise<void> {
  expect(world.vault.organizations().map((o) => o.name)).not.toContain('acme');
  const [entry] = await world.vault.trash();
  expect(entry).toMatchObject({ name: 'acme', secrets: 2, privateKeys: 1 });
  const accounts = await world.keychain.accounts();
  for (const account of goneAccounts) {
    expect(accounts).not.toContain(account);
    expect(accounts).toContain(keychainAccount.inTrash(entry!.id, account));
  }
}

/** The trash's 7 days, passed on a moved clock (no sleeping). */
async function purgeAWeekLater(): Promise<void> {
  const later = openCore({ home: world.home, keychain: world.keychain }, { now: () => Date.now() + 7 * 24 * 3600_000 });
  expect(await later.vault.purgeTrash()).toBe(1);
}

describe('removing an organization', () => {
  let gone: string[];
  let goneAccounts: string[];
  let kept: string[];
  beforeEach(async () => {
    await world.vault.addClient('acme', { name: 'backend', environment: 'production', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d', integrationUsers: [ALICE] }, 'acme-backend-secret');
    const acme = await useFully('acme', 'web');
    gone = [...acme.traces, acme.token, MUSICAPI_CLIENT.secret, 'acme-backend-secret'];
    goneAccounts = await keychainAccountsOf('acme');
    expect(goneAccounts).toHaveLength(3);
    kept = (await useFully('moodmap', 'prod')).traces;
  });

  async function expectOthersKept(): Promise<void> {
    const files = readAllFiles(world.home);
    for (const trace of kept) expect(files).toContain(trace);
    expect(world.core.requestConsole.saved('moodmap')).toHaveLength(1);
    expect(await world.core.requestConsole.history('moodmap')).not.toHaveLength(0);
    expect(world.core.handouts.list().map((h) => h.org)).toEqual(['moodmap']);
    expect(await world.vault.clientSecret(world.vault.resolveClient('moodmap', 'prod').client)).toBe(MUSIMAP_CLIENT.secret);
    expect(world.core.tokens.list().map((t) => t.org)).toEqual(['moodmap']);
  }

  it('through the built CLI leaves nothing of it but the trash, and nothing at all once the trash is purged', async () => {
    const run = await runTokendeck(['org', 'remove', 'acme', '--yes'], { env: world.env });
    expect(run.stderr).toContain('Removed organization acme');
    expect(run.code).toBe(0);
    await expectOnlyTheTrash(goneAccounts);
    await purgeAWeekLater();
    await expectNothingLeft(gone, goneAccounts);
    await expectOthersKept();
  });

  it('through the app’s contract leaves nothing of it but the trash, and nothing at all once the trash is purged', async () => {
    expect(await dispatch(handlers, 'org.remove', { org: 'acme' })).toEqual({ ok: true, value: null });
    await expectOnlyTheTrash(goneAccounts);
    await purgeAWeekLater();
    await expectNothingLeft(gone, goneAccounts);
    await expectOthersKept();
  });
});
