// The API-key provider end to end, through the contract's handlers against a stand-in API that
// checks the key where its organization says: a header of its own name, or a query parameter.
// The key is a client secret in the real keychain; it must not show in the store, history, the
// console's answer (its URL included), errors or a setup export, and no redirect may carry it to
// another origin.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, Result } from '../../preload/contract.js';
import type { ConsoleResponse } from '../../main/core/console/console-service.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { startApiKeyServer, type ApiKeyServer } from '../servers/api-key.js';
import { startLoopback, type Loopback } from '../servers/loopback.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

// Characters URL encoders disagree on (space, +, /, =, &, %, ~): a key must survive and be scrubbed in every spelling.
const KEY = 'k3y+with/odd=chars&more%20 ~end';

let sandbox: Sandbox;
let api: ApiKeyServer;
let elsewhere: Loopback;
let elsewhereSaw: string[];
let handlers: Handlers;
const clipboard = { text: '' };

beforeEach(async () => {
  sandbox = createSandbox();
  api = await startApiKeyServer(KEY);
  elsewhereSaw = [];
  elsewhere = await startLoopback((request, response) => {
    elsewhereSaw.push(`${request.url} ${JSON.stringify(request.headers)}`);
    response.writeHead(200, { 'content-type': 'text/plain' }).end('elsewhere');
  });
  const memory = { writeSecret: (t: string) => void (clipboard.text = t), writeText: (t: string) => void (clipboard.text = t), readText: () => clipboard.text, clear: () => void (clipboard.text = '') };
  handlers = createHandlers(sandbox.core, new ClipboardGuard(memory), { confirmDestinationChange: async () => true });
});
afterEach(async () => {
  await Promise.all([api.close(), elsewhere.close()]);
  await sandbox.cleanup();
});

async function call<C extends Parameters<typeof dispatch>[1]>(channel: C, input: unknown): Promise<Result<unknown>> {
  return (await dispatch(handlers, channel, input as never)) as Result<unknown>;
}

async function connect(placement: { in: 'header' | 'query'; name: string }) {
  api.expects = placement;
  const added = await call('org.add', { name: 'keyed', provider: 'apikey', apiBaseUrl: api.origin, apiKey: placement });
  expect(added.ok).toBe(true);
  const client = await call('client.add', { org: 'keyed', client: { name: 'ci', environment: 'development', clientId: 'ci-readonly' }, secret: KEY });
  expect(client.ok).toBe(true);
  return sandbox.vault.resolveClient('keyed', 'ci').client.id;
}

async function send(url: string, seenClient: string): Promise<Result<ConsoleResponse>> {
  const input: CallInput<'console.send'> = { requestId: randomUUID(), seenClient, request: { org: 'keyed', client: 'ci', method: 'GET', url } };
  return (await dispatch(handlers, 'console.send', input)) as Result<ConsoleResponse>;
}

/** Every spelling of the key a URL, a log or a shell could carry. */
const spellings = [KEY, encodeURIComponent(KEY), new URLSearchParams({ k: KEY }).toString().slice(2)];
const leaks = (text: string) => spellings.filter((s) => text.includes(s));

describe('api-key provider', () => {
  it('sends the key in the header its organization names, and the API accepts it', async () => {
    const seen = await connect({ in: 'header', name: 'X-Custom-Key' });
    const result = await send('/things', seen);
    expect(result.ok && result.value.status).toBe(200);
    expect(api.seen.at(-1)!.headers['x-custom-key']).toBe(KEY);
    expect(api.seen.at(-1)!.headers.authorization).toBeUndefined();
    expect(api.seen.at(-1)!.path).toBe('/things');
  });

  it('sends the key in the query parameter its organization names, and scrubs it from the shown URL and the history', async () => {
    const seen = await connect({ in: 'query', name: 'api_key' });
    const result = await send('/things?page=2', seen);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.status).toBe(200);
    // The server got it, once, in the query, and nothing in Authorization.
    expect(new URL(api.seen.at(-1)!.path, api.origin).searchParams.getAll('api_key')).toEqual([KEY]);
    expect(api.seen.at(-1)!.headers.authorization).toBeUndefined();
    // What the page is shown and what history keeps never hold it, in any spelling.
    expect(leaks(JSON.stringify(result.value))).toEqual([]);
    const history = await call('console.history', { org: 'keyed' });
    expect(history.ok).toBe(true);
    expect(leaks(JSON.stringify(history))).toEqual([]);
    await sandbox.core.requestConsole.flushHistory();
    expect(leaks(readAllFiles(sandbox.home))).toEqual([]);
  });

  it('never carries a query key to another origin a redirect names, and says the redirect was refused when the target holds the key', async () => {
    const seen = await connect({ in: 'query', name: 'api_key' });
    // A plain hop elsewhere: followed, without the key.
    const plain = await send(`/redirect?to=${encodeURIComponent(`${elsewhere.origin}/landing`)}`, seen);
    expect(plain.ok && plain.value.status).toBe(200);
    expect(elsewhereSaw.join('\n')).not.toContain('api_key');
    expect(leaks(elsewhereSaw.join('\n'))).toEqual([]);
    // A hop whose URL echoes the key under another name: not followed, and the refusal does not quote it.
    const echoing = await send(`/redirect?to=${encodeURIComponent(`${elsewhere.origin}/steal?k=${encodeURIComponent(KEY)}`)}`, seen);
    expect(echoing.ok).toBe(false);
    if (!echoing.ok) expect(leaks(echoing.error.message)).toEqual([]);
    expect(elsewhereSaw.some((line) => line.startsWith('/steal'))).toBe(false);
  });

  it('drops a header key on a redirect to another origin', async () => {
    const seen = await connect({ in: 'header', name: 'X-API-Key' });
    const result = await send(`/redirect?to=${encodeURIComponent(`${elsewhere.origin}/landing`)}`, seen);
    expect(result.ok && result.value.status).toBe(200);
    expect(elsewhereSaw.join('\n').toLowerCase()).not.toContain('x-api-key');
    expect(leaks(elsewhereSaw.join('\n'))).toEqual([]);
  });

  it('keeps the key out of the store file and out of a setup export, which carries where it goes', async () => {
    await connect({ in: 'query', name: 'api_key' });
    expect(leaks(sandbox.storeText())).toEqual([]);
    const exported = exportSetup(sandbox.vault, sandbox.core.requestConsole);
    expect(leaks(exported)).toEqual([]);
    expect(JSON.parse(exported).organizations[0].apiKey).toEqual({ in: 'query', name: 'api_key' });
  });

  it('copies the key itself, and as a header line', async () => {
    const seenClient = await connect({ in: 'header', name: 'X-API-Key' });
    const copied = await call('tokens.copy', { org: 'keyed', client: 'ci', seenClient, scheme: 'apikey' });
    expect(copied.ok).toBe(true);
    expect(clipboard.text).toBe(KEY);
    expect(leaks(JSON.stringify(copied))).toEqual([]);
    await call('tokens.copy', { org: 'keyed', client: 'ci', seenClient, scheme: 'apikey', as: 'header' });
    expect(clipboard.text).toBe(`X-API-Key: ${KEY}`);
  });

  it('asks before the key goes to another header or query parameter: a destination change naming where', async () => {
    await connect({ in: 'header', name: 'X-API-Key' });
    const question = sandbox.vault.organizationUpdateDestinationChange('keyed', { apiKey: { in: 'query', name: 'key' } });
    expect(question?.fields).toContain('apiKey');
    expect(question?.message).toContain('the key query parameter');
    expect(question?.message).toContain('was the X-API-Key header');
    await expect(sandbox.vault.updateOrganization('keyed', { apiKey: { in: 'query', name: 'key' } })).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
    await sandbox.vault.updateOrganization('keyed', { apiKey: { in: 'query', name: 'key' } }, question);
    expect(sandbox.vault.organization('keyed').apiKey).toEqual({ in: 'query', name: 'key' });
  });

  it('refuses to put a key a header cannot carry in a header, saying what to do and never quoting it; a query parameter takes it', async () => {
    const key = 'clé-ключ-7';
    await call('org.add', { name: 'intl', provider: 'apikey', apiBaseUrl: api.origin, apiKey: { in: 'header', name: 'X-API-Key' } });
    await call('client.add', { org: 'intl', client: { name: 'ci', environment: 'development', clientId: 'ci' }, secret: key });
    const seenClient = sandbox.vault.resolveClient('intl', 'ci').client.id;
    const sent = (await dispatch(handlers, 'console.send', { requestId: randomUUID(), seenClient, request: { org: 'intl', client: 'ci', method: 'GET', url: '/x' } })) as Result<ConsoleResponse>;
    expect(sent.ok).toBe(false);
    if (!sent.ok) {
      expect(sent.error.code).toBe('VALIDATION');
      expect(sent.error.message).toContain('a character a header cannot carry');
      expect(sent.error.message).toContain('--key-query');
      expect(sent.error.message).not.toContain('ключ');
    }
    // In the query it is percent-encoded, and arrives whole.
    api.expects = { in: 'query', name: 'k' };
    const question = sandbox.vault.organizationUpdateDestinationChange('intl', { apiKey: { in: 'query', name: 'k' } });
    await sandbox.vault.updateOrganization('intl', { apiKey: { in: 'query', name: 'k' } }, question);
    const result = (await dispatch(handlers, 'console.send', { requestId: randomUUID(), seenClient, request: { org: 'intl', client: 'ci', method: 'GET', url: '/x' } })) as Result<ConsoleResponse>;
    expect(result.ok).toBe(true);
    expect(new URL(api.seen.at(-1)!.path, api.origin).searchParams.get('k')).toBe(key);
  });

  it('refuses an organization without its placement or API URL, and a header the transport owns', async () => {
    const noPlacement = await call('org.add', { name: 'a', provider: 'apikey', apiBaseUrl: api.origin });
    expect(!noPlacement.ok && noPlacement.error.message).toContain('says where its key goes');
    const noUrl = await call('org.add', { name: 'b', provider: 'apikey', apiKey: { in: 'header', name: 'X-API-Key' } });
    expect(!noUrl.ok && noUrl.error.message).toContain('needs its API URL');
    const host = await call('org.add', { name: 'c', provider: 'apikey', apiBaseUrl: api.origin, apiKey: { in: 'header', name: 'Host' } });
    expect(!host.ok && host.error.code).toBe('VALIDATION');
    const foreign = await call('org.add', { name: 'd', provider: 'oauth2', tokenUrl: `${api.origin}/token`, apiKey: { in: 'header', name: 'X-API-Key' } });
    expect(!foreign.ok && foreign.error.message).toContain('puts no API key');
  });
});
