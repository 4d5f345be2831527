// Renaming an organization or a client (renames.ts): what is kept by name (hand-outs, the console's
// requests) moves, what is kept by id (keychain accounts, cached tokens, history) stays put and still
// resolves, a taken name is refused with nothing moved, and a crash before the vault's write leaves
// the old name working with its history whole; the same rename tried again finishes it.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameClient, renameOrganization } from '../../main/core/renames.js';
import { dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { handlersWithMemoryClipboard, type MemoryHandlers } from '../support/memory-clipboard.js';
import { MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let handlers: Handlers;
let call: MemoryHandlers['call'];

beforeEach(async () => {
  world = await startVendorWorld();
  ({ handlers, call } = handlersWithMemoryClipboard(world.core));
});
afterEach(() => world.close());

/** A copied token (a hand-out), a request sent (a history line) and one saved, for `org/client`. */
async function use(org: string, client: string, url: string): Promise<void> {
  const seenClient = world.vault.resolveClient(org, client).client.id;
  await call('tokens.copy', { org, client, seenClient, ...(org === 'acme' ? { scheme: 'devtoken' } : {}) });
  const request = { org, client, method: 'GET' as const, url };
  await call('console.send', { requestId: randomUUID(), request, seenClient });
  await call('console.save', { name: 'ping', request });
  await world.core.requestConsole.flushHistory();
}

/** What the console keeps of the organization, as the deck is shown it: names only. */
async function consoleOf(org: string): Promise<Array<{ org: string; client: string }>> {
  const requests = [...(await world.core.requestConsole.history(org)), ...world.core.requestConsole.saved(org)].map((e) => e.request);
  return requests.map(({ org, client }) => ({ org, client }));
}

/** The client's Basic credential, decoded: made with its secret, read from the keychain. */
async function basicOf(org: string, client: string): Promise<string> {
  const { token } = await world.core.tokens.credential({ org, client, scheme: 'basic' });
  return Buffer.from(token, 'base64').toString('utf8');
}

const handoutsOf = () => world.core.handouts.list().map((h) => `${h.org}/${h.client}`);

describe('org rename', () => {
  it('keeps its clients, secrets, keys, history and saved requests, and moves its hand-outs', async () => {
    await use('acme', 'web', '/search/introspection');
    const accounts = (await world.keychain.accounts()).sort();

    const org = (await call('org.rename', { org: 'acme', to: 'studio' })) as { name: string };

    expect(org.name).toBe('studio');
    expect(world.vault.organizations().map((o) => o.name)).toEqual(['studio', 'moodmap', 'partner']);
    // Nothing in the keychain is kept by name: the same accounts, and the secret and key still resolve.
    expect((await world.keychain.accounts()).sort()).toEqual(accounts);
    expect(await basicOf('studio', 'web')).toBe(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`);
    expect((await world.core.tokens.credential({ org: 'studio', client: 'web', scheme: 'devtoken', fresh: true })).kid).toBe('KID-1');
    expect(await consoleOf('studio')).toEqual([
      { org: 'studio', client: 'web' },
      { org: 'studio', client: 'web' },
    ]);
    expect(handoutsOf()).toEqual(['studio/web']);
    expect(() => world.vault.organization('acme')).toThrow(/No organization named "acme"/);
  });

  it('renames what waits in the trash under its name: a replaced secret is restored by the new name', async () => {
    await world.vault.setClientSecret('acme', 'web', 'replacement-secret-41f0');
    await call('org.rename', { org: 'acme', to: 'studio' });
    await call('client.rename', { org: 'studio', client: 'web', to: 'site' });
    expect((await world.vault.trash()).map((t) => t.name)).toEqual(['studio/site secret']);
    await world.vault.restoreFromTrash('studio/site secret');
    expect(await basicOf('studio', 'site')).toBe(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`);
  });

  it('allows another case of its own name', async () => {
    await call('org.rename', { org: 'acme', to: 'ACME' });
    expect(world.vault.organization('acme').name).toBe('ACME');
  });

  it('refuses a name another organization has, in any case, and moves nothing', async () => {
    await use('acme', 'web', '/search/introspection');
    const answer = await dispatch(handlers, 'org.rename', { org: 'acme', to: 'MoodMap' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Invalid name: an organization named "moodmap" already exists; nothing was renamed.' } });
    expect(handoutsOf()).toEqual(['acme/web']);
    expect(world.vault.organization('acme').name).toBe('acme');
  });

  it('refuses a name the name rule refuses', async () => {
    expect(await dispatch(handlers, 'org.rename', { org: 'acme', to: 'a b' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(renameOrganization(world.core, 'acme', 'x/y')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(world.vault.organization('acme').name).toBe('acme');
  });

  it('moves the hand-outs back when the vault refuses at the last step (the name taken meanwhile)', async () => {
    await use('acme', 'web', '/search/introspection');
    const taken = renameOrganization(world.core, 'acme', 'studio', { beforeCommit: async () => void (await world.vault.addOrganization({ name: 'Studio', provider: 'musicapi', apiBaseUrl: 'https://api.studio.test' })) });
    await expect(taken).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(handoutsOf()).toEqual(['acme/web']);
    expect(world.vault.organization('acme').name).toBe('acme');
  });

  it('leaves the old name working after a crash before the vault write; tried again, it finishes', async () => {
    await use('acme', 'web', '/search/introspection');
    const crash = renameOrganization(world.core, 'acme', 'studio', { beforeCommit: () => Promise.reject(new Error('crashed')) });
    await expect(crash).rejects.toThrow('crashed');

    expect(await basicOf('acme', 'web')).toBe(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`);
    expect(await consoleOf('acme')).toEqual([
      { org: 'acme', client: 'web' },
      { org: 'acme', client: 'web' },
    ]);

    await renameOrganization(world.core, 'acme', 'studio');
    expect(handoutsOf()).toEqual(['studio/web']);
    expect(await basicOf('studio', 'web')).toBe(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`);
  });
});

describe('client rename', () => {
  it('keeps its secret and cached token, and moves its console requests and hand-outs', async () => {
    await use('moodmap', 'prod', '/');
    await use('acme', 'web', '/search/introspection');
    const cached = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    const accounts = (await world.keychain.accounts()).sort();

    const client = (await call('client.rename', { org: 'moodmap', client: 'prod', to: 'live' })) as { name: string; id: string };

    expect(client).toMatchObject({ name: 'live', id: world.vault.resolveClient('moodmap', 'live').client.id });
    expect((await world.keychain.accounts()).sort()).toEqual(accounts);
    // The cached token is the client's (by id): reused, not made again.
    expect(await world.core.tokens.credential({ org: 'moodmap', client: 'live' })).toMatchObject({ token: cached.token, fromCache: true });
    // A fresh one goes through the exchange, with the secret from the keychain.
    expect((await world.core.tokens.credential({ org: 'moodmap', client: 'live', fresh: true })).token).not.toBe(cached.token);
    expect(await consoleOf('moodmap')).toEqual([
      { org: 'moodmap', client: 'live' },
      { org: 'moodmap', client: 'live' },
    ]);
    expect(await consoleOf('acme')).toEqual([
      { org: 'acme', client: 'web' },
      { org: 'acme', client: 'web' },
    ]);
    expect(handoutsOf().sort()).toEqual(['acme/web', 'moodmap/live']);
  });

  it('allows another case of its own name, and refuses a name its organization has', async () => {
    await call('client.rename', { org: 'partner', client: 'svc', to: 'SVC' });
    expect(world.vault.resolveClient('partner', 'svc').client.name).toBe('SVC');
    expect(await dispatch(handlers, 'client.rename', { org: 'partner', client: 'svc', to: 'Svc-Post' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Invalid name: "partner" already has a client named "svc-post"; nothing was renamed.' },
    });
    // Another organization's client of that name is no clash.
    await call('client.rename', { org: 'partner', client: 'svc-post', to: 'web' });
  });

  it('leaves the old name working after a crash before the vault write; tried again, it finishes', async () => {
    await use('moodmap', 'prod', '/');
    const crash = renameClient(world.core, 'moodmap', 'prod', 'live', { beforeCommit: () => Promise.reject(new Error('crashed')) });
    await expect(crash).rejects.toThrow('crashed');

    expect((await world.core.tokens.credential({ org: 'moodmap', client: 'prod', fresh: true })).token).toBeTruthy();
    expect(await world.core.requestConsole.history('moodmap')).toHaveLength(1);
    expect(world.core.requestConsole.saved('moodmap')).toHaveLength(1);

    await renameClient(world.core, 'moodmap', 'prod', 'live');
    expect(await consoleOf('moodmap')).toEqual([
      { org: 'moodmap', client: 'live' },
      { org: 'moodmap', client: 'live' },
    ]);
    expect(handoutsOf()).toEqual(['moodmap/live']);
  });
});
