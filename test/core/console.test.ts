// The request console in main, through the contract's handlers: every scheme against the vendor
// stand-ins, query and JSON bodies, refusals before sending, redirects, timeout, cancel, the size
// cap, the 401 retry offer, history without secrets, saved requests, and the curl export run
// for real against the stand-in.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, Result } from '../../preload/contract.js';
import type { ConsoleRequestInput } from '../../main/core/console/console-model.js';
import { ConsoleStore } from '../../main/core/console/console-store.js';
import type { ConsoleResponse } from '../../main/core/console/console-service.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { runShellWithTokendeck } from '../support/cli.js';
import { startLoopback } from '../servers/loopback.js';
import { readAllFiles } from '../support/sandbox.js';
import { ALICE, MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let handlers: Handlers;
const clipboard = { text: '' };

beforeEach(async () => {
  world = await startVendorWorld();
  clipboard.text = '';
  // The clipboard is not what this file tests (the e2e suite uses the real one).
  const memory = { writeSecret: (t: string) => void (clipboard.text = t), writeText: (t: string) => void (clipboard.text = t), readText: () => clipboard.text, clear: () => void (clipboard.text = '') };
  // Tests here widen acme's origins: the user confirms (the confirmation has its own tests).
  handlers = createHandlers(world.core, new ClipboardGuard(memory), { confirmDestinationChange: async () => true });
});
afterEach(() => world.close());

const acme = (request: Partial<ConsoleRequestInput>): ConsoleRequestInput => ({ org: 'acme', client: 'web', method: 'GET', url: '/search/introspection', ...request });

/** The client's uuid, as the window sends it with a send (a fresh one for a client the vault lacks). */
function seenOf({ org, client }: { org: string; client: string }): string {
  try {
    return world.vault.resolveClient(org, client).client.id;
  } catch {
    return randomUUID();
  }
}

async function send(request: ConsoleRequestInput, extra: Partial<CallInput<'console.send'>> = {}): Promise<Result<ConsoleResponse>> {
  return (await dispatch(handlers, 'console.send', { requestId: randomUUID(), seenClient: seenOf(request), request, ...extra })) as Result<ConsoleResponse>;
}

async function sent(request: ConsoleRequestInput, extra: Partial<CallInput<'console.send'>> = {}): Promise<ConsoleResponse> {
  const result = await send(request, extra);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const json = (response: ConsoleResponse) => JSON.parse(response.body.encoding === 'text' ? response.body.text : '') as Record<string, unknown>;

describe('console: sending', () => {
  it('sends with an OAuth 2.0 token whose answer had no expires_in (RFC 6749 §5.1), its expiry assumed', async () => {
    world.oauth.expiresIn = undefined;
    const response = await sent({ org: 'partner', client: 'svc', method: 'GET', url: `${world.oauth.origin}/api/catalog` });
    expect(response).toMatchObject({ status: 200, scheme: 'bearer' });
    expect(world.core.tokens.list()).toEqual([expect.objectContaining({ client: 'svc', assumedExpiry: true })]);
  });

  it('sends with each MusicAPI scheme, the header added in main', async () => {
    for (const scheme of ['token', 'basic', 'devtoken'] as const) {
      const response = await sent(acme({ scheme, url: scheme === 'token' ? '/search/introspection' : '/users/me', sub: scheme === 'devtoken' ? ALICE.label : undefined }));
      expect(response).toMatchObject({ status: 200, scheme });
      expect(json(response)).toMatchObject({ auth: scheme, clientId: MUSICAPI_CLIENT.clientId });
    }
    const last = world.musicapi.seen.at(-1)!;
    expect(last.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('sends a Musimap call with a Bearer token exchanged in main', async () => {
    const response = await sent({ org: 'moodmap', client: 'prod', method: 'GET', url: '/' });
    expect(response.status).toBe(200);
    expect(response.scheme).toBe('bearer');
    expect(world.musimap.exchanges).toBe(1);
  });

  it('adds query parameters and a JSON body, and reports where the time went', async () => {
    const first = await sent(acme({ method: 'POST', url: '/test/echo?a=1', query: [{ name: 'q', value: 'calm & quiet' }], body: { kind: 'json', text: '{"n": 1}' } }));
    expect(json(first)).toEqual({ method: 'POST', query: { a: '1', q: 'calm & quiet' }, contentType: 'application/json; charset=utf-8', body: '{"n": 1}' });
    expect(first.timing.firstByteMs).toBeGreaterThan(0);
    expect(first.timing.totalMs).toBeGreaterThanOrEqual(first.timing.firstByteMs);
    await sent(acme({ url: '/test/echo' }));
    const third = await sent(acme({ url: '/test/echo' }));
    // Connections are kept alive: a later request rides one already open and pays no connect.
    expect(third.timing).toMatchObject({ reusedConnection: true });
    expect(third.timing.connectMs).toBeUndefined();
  });

  it('times a new connection: TCP connect is reported for the request that opened it', async () => {
    const { startMusicApi } = await import('../servers/musicapi.js');
    const fresh = await startMusicApi([MUSICAPI_CLIENT]);
    try {
      await dispatch(handlers, 'org.update', { org: 'acme', changes: { allowedOrigins: [fresh.origin] } });
      const response = await sent(acme({ url: `${fresh.origin}/test/echo` }));
      expect(response.timing.reusedConnection).toBe(false);
      expect(response.timing.connectMs).toBeGreaterThanOrEqual(0);
      expect(response.timing.tlsMs).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it('follows a same-origin redirect with the credential and lists the hops', async () => {
    const response = await sent(acme({ url: '/redirect/loop?hops=2' }));
    expect(response.status).toBe(200);
    expect(response.redirects).toHaveLength(2);
    expect(json(response)).toMatchObject({ auth: 'token' });
  });

  it('drops the credential when a redirect leaves the origin', async () => {
    await dispatch(handlers, 'org.update', { org: 'acme', changes: { allowedOrigins: [world.musimap.origin] } });
    const response = await sent(acme({ url: `/redirect/cross?to=${encodeURIComponent(`${world.musimap.origin}/anything`)}` }));
    expect(response.url).toBe(`${world.musimap.origin}/anything`);
    expect(response.status).toBe(401);
    expect(json(response)).toMatchObject({ message: 'Invalid or expired token' });
  });

  it('shows a timeout as TIMEOUT and keeps it in history', async () => {
    const result = await send(acme({ url: '/test/slow?ms=5000' }), { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    await world.core.requestConsole.flushHistory();
    const history = await dispatch(handlers, 'console.history', { org: 'acme' });
    expect(history).toMatchObject({ ok: true, value: [{ outcome: { errorCode: 'TIMEOUT' } }] });
  });

  it('cancels a request in flight', async () => {
    const requestId = randomUUID();
    const pending = dispatch(handlers, 'console.send', { requestId, seenClient: seenOf(acme({})), request: acme({ url: '/test/slow?ms=5000' }) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await dispatch(handlers, 'console.cancel', { requestId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await dispatch(handlers, 'console.cancel', { requestId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('shows a refused connection as NETWORK', async () => {
    await dispatch(handlers, 'org.update', { org: 'acme', changes: { allowedOrigins: ['http://127.0.0.1:9'] } });
    expect(await send(acme({ url: 'http://127.0.0.1:9/x' }))).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('cuts a body over the cap and says so', async () => {
    const response = await sent(acme({ url: '/test/big?bytes=5000' }), { maxBodyBytes: 1024 });
    expect(response).toMatchObject({ truncated: true, sizeBytes: 1024, maxBodyBytes: 1024 });
    expect(response.body).toEqual({ encoding: 'text', text: 'x'.repeat(1024) });
  });

  it('answers an image as base64 for the preview', async () => {
    const response = await sent(acme({ url: '/test/image.png' }));
    expect(response.contentType).toBe('image/png');
    expect(response.body.encoding).toBe('base64');
  });

  it('offers one retry when a cached token gets a 401, and the fresh token succeeds', async () => {
    const request = { org: 'moodmap', client: 'prod', method: 'GET' as const, url: '/' };
    await sent(request);
    world.musimap.revokeAll();
    const rejected = await sent(request);
    expect(rejected).toMatchObject({ status: 401, credentialFromCache: true, cachedTokenRejected: true });
    expect(world.musimap.exchanges).toBe(1);
    const retried = await sent(request, { fresh: true });
    expect(retried).toMatchObject({ status: 200, credentialFromCache: false, cachedTokenRejected: false });
    expect(world.musimap.exchanges).toBe(2);
  });
});

describe('console: bad input is refused before sending', () => {
  const cases: Array<[string, ConsoleRequestInput, string]> = [
    ['an invalid URL', acme({ url: 'http://exa mple.com/x' }), 'VALIDATION'],
    ['a non-HTTP scheme', acme({ url: 'file:///etc/passwd' }), 'VALIDATION'],
    ['a header with CR/LF', acme({ headers: [{ name: 'X-A', value: 'b\r\nInjected: 1' }] }), 'VALIDATION'],
    ['a header with a control character', acme({ headers: [{ name: 'X-A', value: 'b\u0007' }] }), 'VALIDATION'],
    ['a header name with a space', acme({ headers: [{ name: 'X A', value: 'b' }] }), 'VALIDATION'],
    ['a typed Authorization header', acme({ headers: [{ name: 'authorization', value: 'Token x' }] }), 'VALIDATION'],
    ['a body that is not JSON when JSON is chosen', acme({ method: 'POST', body: { kind: 'json', text: '{"a": ' } }), 'VALIDATION'],
    ['an origin the client does not allow', acme({ url: 'https://evil.example/steal' }), 'SCOPE'],
  ];
  for (const [what, request, code] of cases) {
    it(`refuses ${what}`, async () => {
      const before = world.musicapi.seen.length;
      const result = await send(request);
      expect(result).toMatchObject({ ok: false, error: { code } });
      expect(world.musicapi.seen.length).toBe(before);
      expect(world.core.tokens.records()).toHaveLength(0);
    });
  }
});

describe('console: an answer that echoes the credential', () => {
  // A DevToken (a JWT the client signs) echoed by the API in a header, a same-origin redirect's
  // Location and the body: the answer goes to the page, which never sees an unrevealed token.
  it('scrubs the credential from its headers, url, redirects and body before the page sees them', async () => {
    const echo = await startLoopback((request, response) => {
      const authorization = request.headers.authorization ?? '';
      const [header, payload, signature] = authorization.replace(/^DevToken /, '').split('.');
      if (request.url === '/big') return void response.writeHead(200, { 'content-type': 'text/plain' }).end(`${'.'.repeat(100_000)} ${authorization} ${signature}`);
      if (request.url === '/start') return void response.writeHead(302, { location: `/done?echo=${encodeURIComponent(authorization.replace(/^DevToken /, ''))}` }).end();
      response
        .writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': `DevToken error="invalid_token", error_description="sig ${signature} over ${header}.${payload}"`,
          'x-echo': authorization,
        })
        .end(JSON.stringify({ message: `you sent ${authorization}`, signature }));
    });
    try {
      await dispatch(handlers, 'org.update', { org: 'acme', changes: { allowedOrigins: [echo.origin] } });
      const result = await send(acme({ scheme: 'devtoken', url: `${echo.origin}/start` }));
      expect(result).toMatchObject({ ok: true, value: { status: 401 } });
      const jwt = await world.core.tokens.reveal(world.core.tokens.records().find((r) => r.scheme === 'devtoken')!.id);
      const answer = JSON.stringify(result);
      for (const piece of [jwt, jwt.slice(0, jwt.lastIndexOf('.')), jwt.slice(jwt.lastIndexOf('.') + 1)]) expect(answer).not.toContain(piece);
      const { value } = result as { value: ConsoleResponse };
      expect(value.redirects).toEqual([`${echo.origin}/done?echo=‹redacted›`]);
      expect(value.url).toBe(`${echo.origin}/done?echo=‹redacted›`);
      expect(Object.fromEntries(value.headers)).toMatchObject({ 'www-authenticate': 'DevToken error="invalid_token", error_description="sig ‹redacted› over ‹redacted›"', 'x-echo': '‹redacted›' });
      expect(json(value)).toEqual({ message: 'you sent ‹redacted›', signature: '‹redacted›' });
      // A long body is scrubbed of the credential as sent (its other forms cost too much there).
      const big = await sent(acme({ scheme: 'devtoken', url: `${echo.origin}/big` }));
      expect(big.body).toEqual({ encoding: 'text', text: `${'.'.repeat(100_000)} ‹redacted› ‹redacted›` });
    } finally {
      await echo.close();
    }
  });
});

describe('console: history and saved requests', () => {
  it('keeps no credential or secret in history, even one pasted into the request', async () => {
    await sent(acme({ scheme: 'basic', url: '/users/me', headers: [{ name: 'X-Pasted', value: MUSICAPI_CLIENT.secret }] }));
    await sent(acme({ scheme: 'devtoken', url: '/users/me' }));
    await sent({ org: 'moodmap', client: 'prod', method: 'GET', url: '/' });
    const [devtoken] = world.core.tokens.records().filter((r) => r.scheme === 'devtoken');
    const jwt = await world.core.tokens.reveal(devtoken!.id);
    const bearer = await world.core.tokens.reveal(world.core.tokens.records().find((r) => r.scheme === 'bearer')!.id);
    await world.core.requestConsole.flushHistory();
    const stored = readAllFiles(world.home);
    const history = JSON.stringify(await dispatch(handlers, 'console.history', { org: 'acme' }));
    for (const secret of [...world.secrets, jwt, bearer, Buffer.from(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`).toString('base64')]) {
      expect(stored).not.toContain(secret);
      expect(history).not.toContain(secret);
    }
    expect(history).toContain('‹redacted›');
    expect(history).toContain('"scheme":"devtoken"');
  });

  it('keeps the newest entries up to the limit, per organization', async () => {
    const store = new ConsoleStore(world.home, 3);
    const orgId = world.vault.organization('acme').id;
    for (let i = 0; i < 5; i++) {
      store.append(orgId, { id: randomUUID(), at: new Date().toISOString(), scheme: 'token', request: { ...acme({ url: `/n/${i}` }), query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false }, outcome: { status: 200, durationMs: 1, sizeBytes: 0 } });
    }
    await store.flush();
    expect(store.history(orgId).map((e) => e.request.url)).toEqual(['/n/4', '/n/3', '/n/2']);
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8')).history[orgId]).toHaveLength(3);
  });

  it('saves requests by name, replaces a same-named one, and removes them', async () => {
    const saved = await dispatch(handlers, 'console.save', { name: 'Introspect', request: acme({}) });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Introspect' } });
    await dispatch(handlers, 'console.save', { name: 'introspect', request: acme({ url: '/test/echo' }) });
    const list = await dispatch(handlers, 'console.saved', { org: 'acme' });
    expect(list).toMatchObject({ ok: true, value: [{ name: 'introspect', request: { url: '/test/echo' } }] });
    const id = (list as { value: Array<{ id: string }> }).value[0]!.id;
    expect(await dispatch(handlers, 'console.removeSaved', { org: 'acme', id })).toEqual({ ok: true, value: null });
    expect(await dispatch(handlers, 'console.saved', { org: 'acme' })).toEqual({ ok: true, value: [] });
  });

  it('forgets an organization’s history and saved requests when it is removed', async () => {
    await sent(acme({}));
    await dispatch(handlers, 'console.save', { name: 'x', request: acme({}) });
    const orgId = world.vault.organization('acme').id;
    await dispatch(handlers, 'org.remove', { org: 'acme' });
    expect(fs.readFileSync(world.core.requestConsole.store.file, 'utf8')).not.toContain(orgId);
  });
});

describe('console: export', () => {
  it('copies as curl with a tokendeck line instead of the credential, and the curl runs', async () => {
    const request = acme({ scheme: 'devtoken', sub: ALICE.label, method: 'POST', url: '/users/me', query: [{ name: 'q', value: "it's" }], body: { kind: 'json', text: '{"a": "b"}' } });
    const exported = await dispatch(handlers, 'console.export', { format: 'curl', request });
    if (!exported.ok) throw new Error(exported.error.message);
    const { text } = exported.value as { text: string };
    expect(text).toContain('tokendeck token acme/web --scheme devtoken --sub=alice');
    expect(text).not.toMatch(/eyJ/);
    for (const secret of world.secrets) expect(text).not.toContain(secret);

    const run = await runShellWithTokendeck(text.replace(/^curl /m, 'curl --silent --show-error '), world.env);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ endpoint: '/users/me', method: 'POST', auth: 'devtoken', clientId: MUSICAPI_CLIENT.clientId, sub: ALICE.uuid });
  });

  it('exports fetch code the same way', async () => {
    const exported = await dispatch(handlers, 'console.export', { format: 'fetch', request: acme({}) });
    expect(exported).toMatchObject({ ok: true, value: { text: expect.stringContaining('process.env.TOKENDECK_AUTHORIZATION') } });
  });

  it('puts the real credential in only when asked, copied in main and never answered', async () => {
    const answer = await dispatch(handlers, 'console.copyExportWithCredential', { format: 'curl', seenClient: seenOf(acme({})), request: acme({ scheme: 'basic', url: '/users/me' }) });
    expect(answer).toEqual({ ok: true, value: { clearsInMs: 30_000 } });
    const basic = Buffer.from(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`).toString('base64');
    expect(clipboard.text).toContain(`Authorization: Basic ${basic}`);
  });
});
