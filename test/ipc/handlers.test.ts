// The contract's handlers as the Electron shell and the browser harness call them: through
// dispatch(), with the real vault and keychain behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApi } from '../../preload/channel-names.js';
import { CHANNELS, EVENT_NAMES } from '../../preload/contract.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { openCore } from '../../main/core/open-vault.js';
import { watchVault } from '../../main/core/vault-watch.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const SECRET = 'ipc-secret-77d1';
let sandbox: Sandbox;
let handlers: Handlers;
const memory = { text: '' };
let guard: ClipboardGuard;
/** An in-memory clipboard: a unit test of the handlers; the real one is exercised end to end. */
const memoryClipboard = () => new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') });
beforeEach(() => {
  sandbox = createSandbox();
  memory.text = '';
  guard = memoryClipboard();
  handlers = createHandlers(sandbox.core, guard);
});
afterEach(() => sandbox.cleanup());

describe('IPC handlers', () => {
  it('implements every channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('answers {ok, value} and never returns a secret or private key', async () => {
    const answers = [
      await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi' }),
      await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, secret: SECRET }),
      await dispatch(handlers, 'client.setSecret', { org: 'acme', client: 'web', secret: SECRET }),
      await dispatch(handlers, 'key.generate', { org: 'acme', kid: 'K' }),
      await dispatch(handlers, 'vault.tree', {}),
      await dispatch(handlers, 'vault.outline', {}),
      await dispatch(handlers, 'vault.organization', { org: 'acme' }),
    ];
    for (const answer of answers) expect(answer.ok).toBe(true);
    const text = JSON.stringify(answers);
    expect(text).toContain('"hasSecret":true');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('renames an environment, its clients with it, its URLs kept; a taken name is refused with nothing changed', async () => {
    await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi', environments: [{ name: 'staging', apiBaseUrl: 'https://staging.acme.test' }, { name: 'qa' }] });
    await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'web', environment: 'staging', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } });
    expect(await dispatch(handlers, 'org.renameEnvironment', { org: 'acme', from: 'staging', to: 'Stage' })).toMatchObject({ ok: true, value: { environments: [{ name: 'staging', apiBaseUrl: 'https://staging.acme.test' }, { name: 'qa' }] } });
    // "Stage" is an alias of staging: the same name, so nothing moved; a new name moves the client.
    expect(await dispatch(handlers, 'org.renameEnvironment', { org: 'acme', from: 'staging', to: 'preprod' })).toMatchObject({ ok: true, value: { environments: [{ name: 'preprod', apiBaseUrl: 'https://staging.acme.test' }, { name: 'qa' }] } });
    expect(sandbox.vault.resolveClient('acme', 'web').client.environment).toBe('preprod');
    const before = sandbox.storeText();
    expect(await dispatch(handlers, 'org.renameEnvironment', { org: 'acme', from: 'preprod', to: 'QA' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('already has an environment named "qa"') } });
    expect(await dispatch(handlers, 'org.renameEnvironment', { org: 'acme', from: 'ghost', to: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(sandbox.storeText()).toBe(before);
  });

  it('answers a key\'s public half as PEM and JWK, by thumbprint, and nothing of its private half', async () => {
    await dispatch(handlers, 'org.add', { name: 'gh', provider: 'jwt', jwt: presetProfile('custom') });
    const generated = await dispatch(handlers, 'key.generate', { org: 'gh', kid: 'K1' });
    if (!generated.ok) throw new Error(generated.error.message);
    const { key } = generated.value as { key: { thumbprint: string; publicKeyPem: string } };
    const answer = await dispatch(handlers, 'key.public', { org: 'gh', thumbprint: key.thumbprint.slice(0, 10) });
    expect(answer).toEqual({ ok: true, value: { pem: key.publicKeyPem, jwk: { kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: 'K1', alg: 'ES256', use: 'sig' } } });
    expect(JSON.stringify(answer)).not.toMatch(/"d"|PRIVATE KEY/);
    expect(await dispatch(handlers, 'key.public', { org: 'gh', thumbprint: 'AAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("copies a key's public half in main, as the vault holds it, as PEM or JWK, and never clears it", async () => {
    await dispatch(handlers, 'org.add', { name: 'gh', provider: 'jwt', jwt: presetProfile('custom') });
    const generated = await dispatch(handlers, 'key.generate', { org: 'gh', kid: 'K1' });
    if (!generated.ok) throw new Error(generated.error.message);
    const { key } = generated.value as { key: { thumbprint: string; publicKeyPem: string } };
    const halves = await dispatch(handlers, 'key.public', { org: 'gh', thumbprint: key.thumbprint });
    if (!halves.ok) throw new Error(halves.error.message);
    const { jwk } = halves.value as { jwk: Record<string, string> };

    expect(await dispatch(handlers, 'key.copyPublic', { org: 'gh', thumbprint: key.thumbprint.slice(0, 10), format: 'pem' })).toEqual({ ok: true, value: null });
    expect(memory.text).toBe(key.publicKeyPem);
    expect(await dispatch(handlers, 'key.copyPublic', { org: 'gh', thumbprint: key.thumbprint, format: 'jwk' })).toEqual({ ok: true, value: null });
    expect(JSON.parse(memory.text)).toEqual(jwk);
    expect(memory.text).not.toMatch(/"d"|PRIVATE KEY/);
    // Public: the timed clear (which also runs on quit) leaves it on the clipboard.
    await guard.clearIfStillOurs();
    expect(JSON.parse(memory.text)).toEqual(jwk);

    expect(await dispatch(handlers, 'key.copyPublic', { org: 'gh', thumbprint: 'AAAAAAAA', format: 'pem' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(handlers, 'key.copyPublic', { org: 'gh', thumbprint: key.thumbprint, format: 'private' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'format' } });
  });

  it('draws the deck from the outline (names, providers, clients) and fetches an organization in full when opened', async () => {
    await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi' });
    await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'web', environment: 'production', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, secret: SECRET });
    await dispatch(handlers, 'key.generate', { org: 'acme', kid: 'K' });
    expect(await dispatch(handlers, 'vault.outline', {})).toEqual({
      ok: true,
      value: { organizations: [{ name: 'acme', provider: 'musicapi', environments: [{ name: 'production', production: true }], schemes: ['token', 'basic', 'devtoken'], clients: [{ id: sandbox.vault.resolveClient('acme', 'web').client.id, name: 'web', environment: 'production', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', hasSecret: true, production: true }] }] },
    });
    const full = await dispatch(handlers, 'vault.organization', { org: 'ACME' });
    expect(full).toEqual({ ok: true, value: (await dispatch(handlers, 'vault.tree', {}) as { value: { organizations: unknown[] } }).value.organizations[0] });
    expect(await dispatch(handlers, 'vault.organization', { org: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('copies a token in main and answers without its value', async () => {
    await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi' });
    await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } });
    await dispatch(handlers, 'key.generate', { org: 'acme', kid: 'K' });
    const seenClient = sandbox.vault.resolveClient('acme', 'web').client.id;
    const answer = await dispatch(handlers, 'tokens.copy', { org: 'acme', client: 'web', seenClient, scheme: 'devtoken' });
    expect(answer).toMatchObject({ ok: true, value: { scheme: 'devtoken', fromCache: false, clearsInMs: 30_000 } });
    expect(memory.text.split('.')).toHaveLength(3);
    expect(JSON.stringify(answer)).not.toContain(memory.text);
    const listed = await dispatch(handlers, 'tokens.list', {});
    expect(JSON.stringify(listed)).not.toContain(memory.text);
    const tokenId = (answer as { value: { tokenId: string } }).value.tokenId;
    expect(await dispatch(handlers, 'tokens.reveal', { tokenId })).toEqual({ ok: true, value: { value: memory.text } });
  });

  it('makes a token for a test without copying it or remembering a hand-out', async () => {
    await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi' });
    await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } });
    await dispatch(handlers, 'key.generate', { org: 'acme', kid: 'K' });
    memory.text = 'untouched';
    const seenClient = sandbox.vault.resolveClient('acme', 'web').client.id;
    const answer = await dispatch(handlers, 'tokens.make', { org: 'acme', client: 'web', seenClient, scheme: 'devtoken', fresh: true });
    expect(answer).toMatchObject({ ok: true, value: { scheme: 'devtoken', fromCache: false } });
    expect(Object.keys((answer as { value: object }).value).sort()).toEqual(['expiresAt', 'fromCache', 'issuedAt', 'scheme', 'tokenId']);
    expect(memory.text).toBe('untouched');
    expect(await dispatch(handlers, 'handouts.list', {})).toEqual({ ok: true, value: [] });
    const tokenId = (answer as { value: { tokenId: string } }).value.tokenId;
    expect(await dispatch(handlers, 'tokens.list', {})).toMatchObject({ ok: true, value: [{ id: tokenId }] });
  });

  it('copies a new token in place of an expired cached one, and says so', async () => {
    let now = Date.now();
    const clocked = createSandbox({ now: () => now });
    try {
      const copying = createHandlers(clocked.core, memoryClipboard());
      await dispatch(copying, 'org.add', { name: 'acme', provider: 'musicapi' });
      await dispatch(copying, 'client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } });
      await dispatch(copying, 'key.generate', { org: 'acme', kid: 'K' });
      const seenClient = clocked.vault.resolveClient('acme', 'web').client.id;
      const first = await dispatch(copying, 'tokens.copy', { org: 'acme', client: 'web', seenClient, scheme: 'devtoken', ttlSeconds: 600 });
      if (!first.ok) throw new Error(first.error.message);
      const old = first.value as { tokenId: string; expiresAt: string };
      const oldValue = memory.text;

      // Still valid: copied as it is.
      expect(await dispatch(copying, 'tokens.copyCached', { tokenId: old.tokenId })).toMatchObject({ ok: true, value: { tokenId: old.tokenId, fromCache: true } });
      expect(memory.text).toBe(oldValue);

      now = Date.parse(old.expiresAt) + 1_000;
      const answer = await dispatch(copying, 'tokens.copyCached', { tokenId: old.tokenId });
      if (!answer.ok) throw new Error(answer.error.message);
      const copied = answer.value as { tokenId: string; expiresAt: string; fromCache: boolean; replaced?: { expiresAt: string } };
      expect(copied).toMatchObject({ fromCache: false, replaced: { expiresAt: old.expiresAt } });
      expect(copied.tokenId).not.toBe(old.tokenId);
      expect(Date.parse(copied.expiresAt)).toBeGreaterThan(now);
      expect(memory.text).not.toBe(oldValue);
      expect(memory.text.split('.')).toHaveLength(3);
      expect(JSON.stringify(answer)).not.toContain(memory.text);
      // The expired one is gone from the cache; the new one is what a reveal shows.
      expect(clocked.core.tokens.records().map((r) => r.id)).toEqual([copied.tokenId]);
      expect(await dispatch(copying, 'tokens.reveal', { tokenId: copied.tokenId })).toEqual({ ok: true, value: { value: memory.text } });
    } finally {
      await clocked.cleanup();
    }
  });

  it('answers VALIDATION for unknown channels and malformed payloads, changing nothing', async () => {
    const bad: Array<[unknown, unknown]> = [
      ['vault.drop', {}],
      [42, {}],
      ['org.add', null],
      ['org.add', 'acme'],
      ['org.add', { name: 'acme', provider: 'musicapi', extra: true }],
      ['org.add', { name: '../etc', provider: 'musicapi' }],
      ['client.add', { org: 'acme', client: { name: 'web' } }],
      ['client.setSecret', { org: 'acme', client: 'web', secret: '' }],
      ['key.import', { org: 'acme', kid: 'K', pem: 42 }],
      ['vault.tree', { leak: true }],
    ];
    for (const [channel, payload] of bad) {
      const answer = await dispatch(handlers, channel, payload);
      expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(sandbox.storeText()).toBe('');
  });

  it('names the field of a payload zod refused, as a path in the payload', async () => {
    const catalog = { name: 'Main', id: 'c1', visibility: 'private' };
    expect(await dispatch(handlers, 'org.add', { name: 'acme', provider: 'oauth2', tokenUrl: 'ftp://auth.example/token' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('tokenUrl: '), field: 'tokenUrl' },
    });
    expect(await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi', catalogs: [catalog, { ...catalog, name: '', id: 'c2' }] })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('catalogs[1].name: '), field: 'catalogs[1].name' },
    });
    await dispatch(handlers, 'org.add', { name: 'partner', provider: 'oauth2', tokenUrl: 'https://auth.example/token' });
    const scope = await dispatch(handlers, 'client.add', { org: 'partner', client: { name: 'svc', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', oauth2: { scope: 5 } } });
    expect(scope).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'client.oauth2.scope' } });
    expect(sandbox.vault.tree().organizations.map((o) => o.name)).toEqual(['partner']);
  });

  it("names the field of the core's own verdict, and leaves the field out where there is none", async () => {
    await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi' });
    expect(await dispatch(handlers, 'org.add', { name: 'ACME', provider: 'musicapi' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'Invalid name: an organization named "ACME" already exists.', field: 'name' },
    });
    await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } });
    expect(await dispatch(handlers, 'client.add', { org: 'acme', client: { name: 'Web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'name' },
    });
    await dispatch(handlers, 'key.generate', { org: 'acme', kid: 'K' });
    expect(await dispatch(handlers, 'key.generate', { org: 'acme', kid: 'K' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'kid' } });
    const notFound = await dispatch(handlers, 'org.remove', { org: 'ghost' });
    expect(notFound.ok || Object.keys(notFound.error)).toEqual(['code', 'message']);
  });

  it('carries typed errors from the core with their stable code', async () => {
    expect(await dispatch(handlers, 'org.remove', { org: 'ghost' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi' });
    const answer = await dispatch(handlers, 'key.import', { org: 'acme', kid: 'K', pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_KEY' } });
  });
});

describe('a window acting on a vault changed outside it', () => {
  const CLIENT_ID = '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70';
  const WINDOW_WORDS = 'studio/web was removed or changed outside this window — the deck has been reloaded; choose again.';
  /** The client's uuid as the window's outline shows it. */
  async function seenInOutline(): Promise<string> {
    const outline = await dispatch(handlers, 'vault.outline', {});
    if (!outline.ok) throw new Error(outline.error.message);
    return (outline.value as { organizations: Array<{ clients: Array<{ id: string }> }> }).organizations[0]!.clients[0]!.id;
  }
  const request = { org: 'studio', client: 'web', scheme: 'token', method: 'GET', url: '/ping' } as const;
  const staleCalls = (seenClient: string): Array<[string, unknown]> => [
    ['tokens.copy', { org: 'studio', client: 'web', seenClient, scheme: 'token' }],
    ['tokens.make', { org: 'studio', client: 'web', seenClient, scheme: 'token' }],
    ['console.send', { requestId: crypto.randomUUID(), seenClient, request }],
    ['console.copyExportWithCredential', { format: 'curl', seenClient, request }],
    ['session.signIn', { org: 'studio', client: 'web', seenClient }],
    ['session.signOut', { org: 'studio', client: 'web', seenClient }],
    ['client.chooseCertificate', { org: 'studio', client: 'web', seenClient }],
    ['client.removeCertificate', { org: 'studio', client: 'web', seenClient }],
  ];

  beforeEach(async () => {
    await sandbox.vault.addOrganization({ name: 'studio', provider: 'musicapi', apiBaseUrl: 'http://127.0.0.1:9/' });
    await sandbox.vault.addClient('studio', { name: 'web', environment: 'dev', clientId: CLIENT_ID }, SECRET);
  });

  it('hears of it through vault.changed, which says what to reload, as the bridge delivers it', async () => {
    expect(EVENT_NAMES).toEqual(['tokens.changed', 'vault.changed', 'session.deviceCode']);
    // The preload's bridge over a transport that forwards what main's watch reports, as the shells do.
    let forward: ((payload: unknown) => void) | undefined;
    const api = buildApi(
      async () => ({ ok: true, value: null }),
      (event, listener) => {
        if (event === 'vault.changed') forward = listener;
        return () => undefined;
      },
    );
    const delivered = new Promise((resolve) => api.on('vault.changed', resolve));
    const watch = watchVault(sandbox.home, sandbox.core, (change) => forward?.(change));
    try {
      await openCore({ home: sandbox.home, keychain: sandbox.keychain }).vault.removeClient('studio', 'web');
      expect(await delivered).toEqual({ organizations: true, tokens: false });
    } finally {
      watch.close();
    }
  });

  it('copies for the client the window saw', async () => {
    expect(await dispatch(handlers, 'tokens.copy', { org: 'studio', client: 'web', seenClient: await seenInOutline(), scheme: 'token' })).toMatchObject({ ok: true });
    expect(memory.text).toBe(CLIENT_ID);
  });

  it('refuses to copy or send for a client removed and added again under its name, in the window\'s words', async () => {
    const seen = await seenInOutline();
    // As `tokendeck client remove` and `client add` would, in another process: same name, another client.
    await sandbox.vault.removeClient('studio', 'web');
    await sandbox.vault.addClient('studio', { name: 'web', environment: 'production', clientId: '9d0c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f71' }, 'other-secret-5e2a');
    for (const [channel, payload] of staleCalls(seen)) {
      expect(await dispatch(handlers, channel, payload), channel).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: WINDOW_WORDS } });
    }
    expect(memory.text).toBe('');
  });

  it('refuses a client removed, and words every missing organization or client for the window, never with a CLI command', async () => {
    const seen = await seenInOutline();
    await sandbox.vault.removeClient('studio', 'web');
    for (const [channel, payload] of staleCalls(seen)) {
      expect(await dispatch(handlers, channel, payload), channel).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: WINDOW_WORDS } });
    }
    await sandbox.vault.removeOrganization('studio');
    const named: Array<[string, unknown]> = [
      ['vault.organization', { org: 'studio' }],
      ['client.update', { org: 'studio', client: 'web', changes: { autoRefresh: true } }],
      ['jwt.inspect', { jwt: 'a.b.c', org: 'studio' }],
      ['console.history', { org: 'studio' }],
      ...staleCalls(seen),
    ];
    for (const [channel, payload] of named) {
      const answer = await dispatch(handlers, channel, payload);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^studio was removed or changed outside this window — the deck has been reloaded; choose again\.$/) } });
      expect(JSON.stringify(answer), channel).not.toMatch(/tokendeck |`/);
    }
  });
  it('words a key or trash entry removed outside the window for the window too', async () => {
    await sandbox.vault.generateKey('studio', 'K1');
    const { thumbprint } = sandbox.vault.tree().organizations.find((o) => o.name === 'studio')!.keys[0]!;
    await sandbox.vault.removeKey('studio', 'K1');
    for (const [channel, payload] of [
      ['key.copyPublic', { org: 'studio', thumbprint, format: 'pem' }],
      ['key.public', { org: 'studio', thumbprint }],
    ] as Array<[string, unknown]>) {
      const answer = await dispatch(handlers, channel, payload);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `studio's key "${thumbprint}" was removed or changed outside this window — the deck has been reloaded; choose again.` } });
    }
    const restored = await dispatch(handlers, 'trash.restore', { id: crypto.randomUUID() });
    expect(restored).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^That trash entry was restored, purged or removed outside this window/) } });
    expect(JSON.stringify(restored)).not.toMatch(/tokendeck |`/);
  });
});
