// Every IPC handler, fed arbitrary payloads (fast-check): each answers a Result — VALIDATION or
// another typed error — none throws past dispatch, and a refused payload writes nothing (store
// files byte for byte, keychain entries).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../preload/contract.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { ERROR_CODES } from '../../main/core/errors.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const RUNS_PER_CHANNEL = 60;
const UUID = '8d883178-9585-482e-bb4b-0c85736edc2d';
const REQUEST = { org: 'acme', client: 'web', method: 'GET', url: '/search/introspection' };

/** One well-formed payload per channel: the fuzzer breaks one field at a time from here. */
const VALID: Record<Channel, Record<string, unknown>> = {
  'vault.checkKeychain': {},
  'vault.outline': {},
  'vault.organization': { org: 'acme' },
  'vault.tree': {},
  'vault.audit': {},
  'vault.repair': {},
  'org.add': { name: 'fresh', provider: 'musicapi' },
  'org.update': { org: 'acme', changes: { notes: 'n' } },
  'org.remove': { org: 'acme' },
  'org.rename': { org: 'acme', to: 'studio' },
  'org.renameEnvironment': { org: 'acme', from: 'development', to: 'qa' },
  'org.describeCaBundle': { pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' },
  'client.add': { org: 'acme', client: { name: 'new', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' } },
  'client.update': { org: 'acme', client: 'web', changes: { autoRefresh: true } },
  'client.setSecret': { org: 'acme', client: 'web', secret: 'fuzz-secret' },
  'client.setSecretSource': { org: 'acme', client: 'web', source: 'pass:team/acme/web' },
  'client.remove': { org: 'acme', client: 'web' },
  'client.rename': { org: 'acme', client: 'web', to: 'site' },
  'key.generate': { org: 'acme', kid: 'K2' },
  'key.import': { org: 'acme', kid: 'K3', pem: '-----BEGIN PRIVATE KEY-----' },
  'key.importFromSource': { org: 'acme', kid: 'K5', source: 'pass:team/acme/key' },
  'key.setKid': { org: 'acme', thumbprint: 'AAAAAAAA', kid: 'K4' },
  'key.retire': { org: 'acme', kid: 'K' },
  'key.remove': { org: 'acme', kid: 'K' },
  'key.public': { org: 'acme', thumbprint: 'AAAAAAAA' },
  'key.copyPublic': { org: 'acme', thumbprint: 'AAAAAAAA', format: 'pem' },
  'tokens.list': {},
  // seenClient: web's uuid, set once the sandbox made it (beforeAll).
  'tokens.copy': { org: 'acme', client: 'web', seenClient: UUID, scheme: 'token' },
  'tokens.make': { org: 'acme', client: 'web', seenClient: UUID, scheme: 'token' },
  'tokens.copyCached': { tokenId: UUID },
  'tokens.reveal': { tokenId: UUID },
  'tokens.inspect': { tokenId: UUID },
  'jwt.inspect': { jwt: 'a.b.c', org: 'acme' },
  'tokens.refresh': { tokenId: UUID },
  'tokens.discard': { tokenId: UUID },
  'console.send': { requestId: UUID, seenClient: UUID, request: REQUEST },
  'console.sendAll': { requestId: UUID, seenClients: [UUID], request: { org: 'acme', method: 'GET', url: '/search/introspection' }, includeProduction: false },
  'console.cancel': { requestId: UUID },
  'console.history': { org: 'acme' },
  'console.clearHistory': { org: 'acme' },
  'console.saved': { org: 'acme' },
  'console.save': { name: 'n', request: REQUEST },
  'console.removeSaved': { org: 'acme', id: UUID },
  'console.export': { format: 'curl', request: REQUEST },
  'console.copyExportWithCredential': { format: 'curl', seenClient: UUID, request: REQUEST },
  'session.signIn': { org: 'acme', client: 'web', seenClient: UUID },
  'session.cancel': { org: 'acme', client: 'web' },
  'session.signOut': { org: 'acme', client: 'web', seenClient: UUID },
  // A closed loopback port: discovery fails fast and typed, never reaching the network.
  'session.discover': { issuer: 'http://127.0.0.1:9', grant: 'authorization_code', authMethod: 'none', org: 'acme' },
  'client.chooseCertificate': { org: 'acme', client: 'web', seenClient: UUID },
  'client.removeCertificate': { org: 'acme', client: 'web', seenClient: UUID },
  'clipboard.copyText': { text: 'hello' },
  'tokens.remintStale': { org: 'acme' },
  'handouts.list': {},
  'handouts.forget': { id: UUID },
  'setup.export': {},
  'setup.preview': { text: '{"tokendeckSetup": 1, "organizations": []}' },
  'setup.import': { text: '{"tokendeckSetup": 1, "organizations": []}' },
  'sources.view': {},
  // storeDir: a pass store made in beforeAll.
  'sources.setUpPass': { prefixes: ['team'] },
  'sources.setUpVault': { address: 'http://127.0.0.1:8200', prefixes: ['secret/team'], auth: { method: 'env' } },
  'sources.remove': { kind: 'command', name: 'op' },
  'sources.pull': {},
  'sources.check': { reference: 'pass:team/acme/web' },
  'sources.audit': {},
  'sources.dropUnreadableTokens': {},
  'trash.list': {},
  'trash.restore': { id: UUID },
};

/** Hostile values: wrong types, huge and odd strings, prototype keys, deep nesting. */
const hostile = fc.oneof(
  fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withObjectString: true, maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '\r\nInjected: 1', '__proto__', 'constructor', 'x'.repeat(70_000), '\u0000', NaN, -1, 1e308, [], {}),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'org', 'name', 'request', 'tokenId'), fc.anything({ maxDepth: 1 })),
);

/** A payload: hostile as a whole, or the valid one with one field broken, added or removed. */
function payloads(channel: Channel): fc.Arbitrary<unknown> {
  const valid = VALID[channel];
  const keys = Object.keys(valid);
  const broken = keys.length
    ? fc.tuple(fc.constantFrom(...keys), hostile).map(([key, value]) => ({ ...valid, [key]: value }))
    : fc.constant({ ...valid, extra: 1 });
  const dropped = keys.length ? fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))) : fc.constant(null);
  const added = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), hostile).map(([key, value]) => ({ ...valid, [`x${key}`]: value }));
  return fc.oneof(hostile, broken, dropped, added);
}

let sandbox: Sandbox;
let store: string;
let handlers: Handlers;
const fingerprint = () =>
  fs
    .readdirSync(sandbox.home)
    .filter((name) => !name.endsWith('.lock'))
    .sort()
    .map((name) => `${name}:${createHash('sha256').update(fs.readFileSync(path.join(sandbox.home, name))).digest('hex')}`)
    .join('\n');

beforeAll(async () => {
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  await sandbox.vault.addClient('acme', { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, 'the-client-secret');
  await sandbox.vault.generateKey('acme', 'K');
  const seenClient = sandbox.vault.resolveClient('acme', 'web').client.id;
  for (const channel of ['tokens.copy', 'tokens.make', 'console.send', 'console.copyExportWithCredential', 'client.setSecretSource', 'session.signIn', 'session.signOut', 'client.chooseCertificate', 'client.removeCertificate'] as const) VALID[channel].seenClient = seenClient;
  store = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-store-'));
  fs.writeFileSync(path.join(store, '.gpg-id'), 'nobody@example.test\n');
  VALID['sources.setUpPass'].storeDir = store;
  VALID['console.sendAll'].seenClients = [seenClient];
  await sandbox.core.requestConsole.flushHistory();
  const memory = { text: '' };
  handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') }));
});
afterAll(async () => {
  await sandbox.cleanup();
  fs.rmSync(store, { recursive: true, force: true });
});

describe('IPC handlers under arbitrary payloads', () => {
  it('has a well-formed payload for every channel, which the handlers accept', () => {
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel}: answers a typed Result, and a refused payload changes nothing`, async () => {
      const keychainBefore = (await sandbox.keychain.accounts()).sort();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(payloads(channel), async (payload) => {
          const before = fingerprint();
          const answer = await dispatch(handlers, channel, payload);
          expect(answer).toEqual(expect.objectContaining({ ok: expect.any(Boolean) }));
          if (answer.ok) {
            accepted++;
            return;
          }
          expect(ERROR_CODES).toContain(answer.error.code);
          // INTERNAL is what an unexpected throw becomes: a handler that was not ready for this input.
          expect(answer.error, JSON.stringify(payload)?.slice(0, 200)).not.toMatchObject({ code: 'INTERNAL' });
          expect(answer.error.message.length).toBeGreaterThan(0);
          expect(answer.error.message).not.toContain('the-client-secret');
          // A field, where there is one, is a path the message names already: it tells nothing new.
          if ('field' in answer.error) expect(answer.error.message).toContain(answer.error.field);
          if (answer.error.code === 'VALIDATION') expect(fingerprint()).toBe(before);
        }),
        { numRuns: RUNS_PER_CHANNEL, seed: 20261123 ^ channel.length, endOnFailure: true },
      );
      // Unless a payload happened to be valid, the keychain is as it was.
      if (accepted === 0) expect((await sandbox.keychain.accounts()).sort()).toEqual(keychainBefore);
      recordCount('handlers fuzzed', 1);
      recordCount('fuzz cases', RUNS_PER_CHANNEL);
    });
  }

  it('answers VALIDATION for an unknown channel, whatever its name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 1 }), fc.constant({ toString: 0 }), fc.constant({ toString: () => { throw new Error('x'); } })), async (channel) => {
        fc.pre(typeof channel !== 'string' || !(CHANNELS as string[]).includes(channel));
        expect(await dispatch(handlers, channel, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }),
      // A fixed seed keeps CI deterministic; { toString: 0 } once found a crash here.
      { numRuns: 100, seed: 20261123 },
    );
    recordCount('fuzz cases', 100);
  });
});
