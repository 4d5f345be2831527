// A token endpoint (and an API) that echoes the whole request it was sent — the Authorization
// header, the JSON or form body — back in its error, in the shapes real servers use. The client
// secret must appear in no form on the CLI's stderr, in the answers and events main sends the
// page, or in the console's history: for Musimap (JSON body) and OAuth 2.0 (client_secret_basic
// and client_secret_post), and for `request` through a redirect loop that echoes the credential.
// And a signed JWT sent (RFC 7523 assertion, private_key_jwt, GitHub app JWT), echoed in halves.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { RefreshScheduler } from '../../main/core/refresh-scheduler.js';
import type { TokenEvent } from '../../main/core/token-events.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { readBody, startLoopback, type Loopback, type SeenRequest } from '../servers/loopback.js';
import { goodAnswer, requestEcho, startHostileTokenEndpoint, type EndpointKind, type HostileTokenEndpoint, type RawAnswer } from '../servers/hostile-token-endpoint.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';
import { base64, formLoose, formsFound, secretRevealed } from '../support/secret-forms.js';

// Every character that some encoding writes differently: space, tab, `+/=&%`, quotes,
// backslash, `<`, non-ASCII and beyond the BMP.
const SECRET = 's3 cr+t/=&%"\\\t\'é-ü:日😀<b>~!*()';
const CLIENT_ID = 'svc client+/=';
// Musimap issues UUIDs: its client cannot carry the characters the OAuth 2.0 id tries.
const MUSIMAP_CLIENT_ID = 'efb3ed15-0052-4e00-9584-1365510b547d';

const CLIENTS: Array<{ path: string; kind: EndpointKind; what: string }> = [
  { path: 'mm/c', kind: 'musimap', what: 'Musimap (JSON body)' },
  { path: 'oa/basic', kind: 'oauth2', what: 'OAuth 2.0 client_secret_basic' },
  { path: 'oa/post', kind: 'oauth2', what: 'OAuth 2.0 client_secret_post' },
];

const json = (status: number, value: unknown): RawAnswer => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The part of the request that carries the secret (the Basic credential, or the body from its
 * secret field on) and where in it the secret begins.
 */
function secretPart(seen: SeenRequest): { part: string; secretAt: number } {
  const basic = seen.headers.authorization?.replace(/^Basic /, '');
  if (basic) return { part: basic, secretAt: Math.ceil(((formLoose(CLIENT_ID).length + 1) * 4) / 3) };
  const part = seen.body.slice(seen.body.indexOf('client_secret'));
  return { part, secretAt: part.search(/s3/) };
}

/** How a server echoes the request back: by name, the answer it sends (undefined: not for this kind). */
const SHAPES: Record<string, (echo: string, seen: SeenRequest, kind: EndpointKind) => RawAnswer | undefined> = {
  'RFC 6749 error_description': (echo) => json(400, { error: 'invalid_client', error_description: echo }),
  'Musimap error.message': (echo) => json(401, { status: 401, error: { message: echo } }),
  'plain text': (echo) => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: echo }),
  'an HTML page': (echo) => ({ status: 403, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>Forbidden</h1><pre>${html(echo)}</pre></body></html>` }),
  'JSON inside JSON': (echo) => json(400, { message: JSON.stringify({ request: echo }) }),
  'base64 of the whole request': (echo) => json(400, { message: `request (base64): ${base64(echo)}` }),
  'a query string': (echo) => json(400, { detail: `replay it: /debug?${new URLSearchParams({ request: echo })}` }),
  // A message longer than 300 characters, its secret straddling the cut: n characters of it
  // before character 300.
  ...Object.fromEntries(
    [10, 16, 24, 40].map((n) => [
      `a long message cut ${n} characters into the secret`,
      (_echo: string, seen: SeenRequest) => {
        const { part, secretAt } = secretPart(seen);
        return json(400, { message: `${'.'.repeat(299 - secretAt - n)} ${part} (rejected)` });
      },
    ]),
  ),
  'a redirect Location': (echo) => ({ status: 302, headers: { location: `https://elsewhere.example/login?r=${encodeURIComponent(echo)}` }, body: '' }),
  'the content type of a non-JSON answer': (echo) => ({ status: 200, headers: { 'content-type': `text/plain; echo=${base64(echo)}` }, body: 'not JSON' }),
  'token_type': (echo, _seen, kind) => (kind === 'oauth2' ? json(200, { access_token: 'abc', token_type: echo, expires_in: 3600 }) : undefined),
};

let sandbox: Sandbox;
let endpoint: HostileTokenEndpoint;
let handlers: Handlers;
/** Moves the core's clock (not the CLI's): to reach a token's expiring phase. */
let clockAheadMs = 0;

beforeEach(async () => {
  clockAheadMs = 0;
  sandbox = createSandbox({ now: () => Date.now() + clockAheadMs });
  endpoint = await startHostileTokenEndpoint();
  const { vault } = sandbox;
  await vault.addOrganization({ name: 'mm', provider: 'musimap', apiBaseUrl: endpoint.origin, tokenUrl: endpoint.musimapUrl });
  await vault.addClient('mm', { name: 'c', environment: 'dev', clientId: MUSIMAP_CLIENT_ID, autoRefresh: true }, SECRET);
  await vault.addOrganization({ name: 'oa', provider: 'oauth2', tokenUrl: endpoint.oauthUrl, apiBaseUrl: endpoint.origin });
  await vault.addClient('oa', { name: 'basic', environment: 'dev', clientId: CLIENT_ID }, SECRET);
  await vault.addClient('oa', { name: 'post', environment: 'dev', clientId: CLIENT_ID, oauth2: { authMethod: 'client_secret_post' } }, SECRET);
  await vault.addOrganization({ name: 'api', provider: 'musicapi', apiBaseUrl: endpoint.origin });
  await vault.addClient('api', { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, SECRET);
  const memory = { text: '' };
  handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') }));
});
afterEach(async () => {
  await endpoint.close();
  await sandbox.cleanup();
  recordCount('fault cases', 1);
});

/** Fails saying how the text still gives the secret away: a form of it, what was sent, a fragment. */
function expectNoSecret(text: string, where: string, sent: string[] = []): void {
  expect(formsFound(text, SECRET, CLIENT_ID), where).toEqual([]);
  // What was actually on the wire, exactly as sent.
  for (const value of sent) expect(text.includes(value), `${where} holds what was sent: ${value.slice(0, 40)}`).toBe(false);
  expect(secretRevealed(text, SECRET), where).toBeUndefined();
}

/** The secret-bearing values of the last request, as sent: the Basic credential, the body's field. */
function sentValues(): string[] {
  const seen = endpoint.seen.at(-1)!;
  const values = [seen.headers.authorization, seen.headers.authorization?.replace(/^Basic /, '')].filter((v): v is string => !!v);
  const field = /client_secret(?:":"|=)((?:[^"&\\]|\\.)*)/.exec(seen.body)?.[1];
  return field ? [...values, field] : values;
}

describe('a token endpoint that echoes the request in its error', () => {
  for (const { path, kind, what } of CLIENTS) {
    for (const [shape, answer] of Object.entries(SHAPES)) {
      if (!answer(' ', { method: 'POST', path: '/', headers: {}, body: '' }, kind)) continue;
      it(`${what}, echoed as ${shape}: the secret is in no form on stderr, in IPC answers or history`, async () => {
        endpoint.answer = (k, seen) => answer(requestEcho(seen), seen, k)!;
        const [org, client] = path.split('/') as [string, string];

        const cli = await runTokendeck(['token', path], { env: sandbox.env });
        expect(cli.code).toBe(1);
        expect(cli.stdout).toBe('');
        expect(cli.stderr).toMatch(/EXCHANGE_(REJECTED|PROTOCOL)/);
        expectNoSecret(cli.stderr, 'CLI stderr', sentValues());

        const seenClient = sandbox.vault.resolveClient(org, client).client.id;
        const copied = await dispatch(handlers, 'tokens.copy', { org, client, seenClient });
        expect(copied).toMatchObject({ ok: false, error: { code: expect.stringMatching(/EXCHANGE_/) } });
        expectNoSecret(JSON.stringify(copied), 'tokens.copy answer', sentValues());

        const sent = await dispatch(handlers, 'console.send', { requestId: crypto.randomUUID(), seenClient, request: { org, client, method: 'GET', url: '/api/x' } });
        expect(sent).toMatchObject({ ok: false });
        expectNoSecret(JSON.stringify(sent), 'console.send answer', sentValues());
        const history = await dispatch(handlers, 'console.history', { org });
        expect(JSON.stringify(history)).toContain('"errorCode":"EXCHANGE_');
        expectNoSecret(JSON.stringify(history), 'console history', sentValues());
        await sandbox.core.requestConsole.flushHistory();
        expectNoSecret(readAllFiles(sandbox.home), 'the files in the home', sentValues());
      });
    }
  }

  it('a refresh that fails: the failed event and the refresh answer hold no form of the secret', async () => {
    endpoint.answer = (kind) => goodAnswer(kind, 'mm.first');
    const first = await sandbox.core.tokens.credential({ org: 'mm', client: 'c' });
    endpoint.answer = (_kind, seen) => json(400, { message: requestEcho(seen) });
    const events: TokenEvent[] = [];
    sandbox.core.tokens.events.on((event) => events.push(event));
    // Into the token's expiring phase: the scheduler refreshes it (auto-refresh is on).
    clockAheadMs = first.expiresAt! - 60_000 - Date.now();
    await new RefreshScheduler(sandbox.vault, sandbox.core.tokens).tick();
    const failed = events.find((e) => e.type === 'failed');
    expect(failed?.error?.code).toBe('EXCHANGE_REJECTED');
    expectNoSecret(JSON.stringify(events), 'tokens.changed events', sentValues());
    const refreshed = await dispatch(handlers, 'tokens.refresh', { tokenId: first.tokenId });
    expect(refreshed).toMatchObject({ ok: false, error: { code: 'EXCHANGE_REJECTED' } });
    expectNoSecret(JSON.stringify(refreshed), 'tokens.refresh answer', sentValues());
  });
});

describe('an API that echoes the credential into a redirect loop', () => {
  it('request --scheme basic: the Location quoted in the error holds no form of the secret', async () => {
    const basic = base64(`3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70:${SECRET}`);
    const cli = await runTokendeck(['request', 'api/web', 'GET', '/api/loop', '--scheme', 'basic'], { env: sandbox.env });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('More than 5 redirects');
    expectNoSecret(cli.stderr, 'CLI stderr', [basic, encodeURIComponent(basic)]);

    const seenClient = sandbox.vault.resolveClient('api', 'web').client.id;
    const sent = await dispatch(handlers, 'console.send', { requestId: crypto.randomUUID(), seenClient, request: { org: 'api', client: 'web', scheme: 'basic', method: 'GET', url: '/api/loop' } });
    expect(sent).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expectNoSecret(JSON.stringify(sent), 'console.send answer', [basic, encodeURIComponent(basic)]);
    expectNoSecret(JSON.stringify(await dispatch(handlers, 'console.history', { org: 'api' })), 'console history', [basic, encodeURIComponent(basic)]);
  });
});

// An assertion (RFC 7523 grant or client authentication) or a GitHub app JWT that a token endpoint
// refuses is still unspent: a server answering "sig <S> over <H>.<P>" hands out both halves, and
// joined with a dot they are the token. Neither half may be repeated anywhere.
describe('a token endpoint that echoes a signed JWT in halves', () => {
  let echo: Loopback;
  /** Every JWT the endpoint was sent. */
  let sentJwts: string[];
  /** How the endpoint spells the pieces: apart as they were sent, or as debug output spells bytes. */
  let spelling: 'halves' | 'debug';
  beforeEach(async () => {
    sentJwts = [];
    spelling = 'halves';
    echo = await startLoopback(async (request, response) => {
      const body = await readBody(request);
      const form = new URLSearchParams(body);
      const jwt = form.get('assertion') ?? form.get('client_assertion') ?? request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      sentJwts.push(jwt);
      const [header, payload, signature] = jwt.split('.');
      // Apart, in two encodings, and the signature's bytes in hex: every way a debug page might.
      const bytes = Buffer.from(signature ?? '', 'base64url');
      const lines = (text: string) => text.match(/.{1,64}/g)!.join('\n');
      // PEM-style base64 at 64 columns, OpenSSL's colon-hex 15 bytes a line, header.payload wrapped.
      const debug = `sig (base64):\n${lines(bytes.toString('base64'))}\nsig (hex):\n${lines(bytes.toString('hex').replace(/(..)(?!$)/g, '$1:')).replace(/\n/g, '\n    ')}\nover:\n${lines(`${header}.${payload}`)}`;
      const words = spelling === 'debug' ? debug : `sig ${signature} over ${header}.${payload}; as base64: ${base64(`${header}.${payload}`)} / ${Buffer.from(signature ?? '', 'base64url').toString('base64')}; hex ${Buffer.from(signature ?? '', 'base64url').toString('hex')}`;
      const status = request.url?.startsWith('/app/') ? 401 : 400;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 401 ? { message: words } : { error: 'invalid_grant', error_description: words }));
    });
    const { vault } = sandbox;
    const rsaPkcs8 = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await vault.addOrganization({ name: 'grant', provider: 'jwt', jwt: presetProfile('jwt-bearer'), apiBaseUrl: echo.origin, tokenUrl: `${echo.origin}/token` });
    await vault.importKey('grant', 'grant-1', rsaPkcs8());
    await vault.addClient('grant', { name: 'svc', environment: 'dev', clientId: 'svc@project.example' });
    await vault.addOrganization({ name: 'idp', provider: 'jwt', jwt: { ...presetProfile('private-key-jwt'), alg: 'EdDSA' }, apiBaseUrl: echo.origin, tokenUrl: `${echo.origin}/token` });
    await vault.generateKey('idp', 'idp-1');
    await vault.addClient('idp', { name: 'backend', environment: 'dev', clientId: 'backend-1' });
    await vault.addOrganization({ name: 'es', provider: 'jwt', jwt: { ...presetProfile('private-key-jwt'), alg: 'ES256' }, apiBaseUrl: echo.origin, tokenUrl: `${echo.origin}/token` });
    await vault.generateKey('es', 'es-1');
    await vault.addClient('es', { name: 'backend', environment: 'dev', clientId: 'backend-2' });
    await vault.addOrganization({ name: 'gh', provider: 'jwt', jwt: presetProfile('github-app'), apiBaseUrl: echo.origin });
    await vault.importKey('gh', undefined, rsaPkcs8());
    await vault.addClient('gh', { name: 'bot', environment: 'dev', clientId: 'Iv23liABCDEF12345678', jwt: { installationId: '4242' } });
  });
  afterEach(() => echo.close());

  /** Fails naming the half (and the form of it) that the text still holds. */
  function expectNoHalf(text: string, where: string): void {
    expect(sentJwts.length, 'the endpoint was reached').toBeGreaterThan(0);
    for (const jwt of sentJwts) {
      const signingInput = jwt.slice(0, jwt.lastIndexOf('.'));
      const signature = jwt.slice(jwt.lastIndexOf('.') + 1);
      expect(formsFound(text, signingInput, 'x').filter((f) => !f.includes('id:secret')), `${where}: header.payload`).toEqual([]);
      expect(formsFound(text, signature, 'x').filter((f) => !f.includes('id:secret')), `${where}: signature`).toEqual([]);
      for (const spelling of [Buffer.from(signature, 'base64url').toString('base64'), Buffer.from(signature, 'base64url').toString('hex')]) {
        expect(text.includes(spelling), `${where}: the signature as ${spelling.slice(0, 12)}…`).toBe(false);
      }
      // Nor spelled with line breaks or separators between its characters (in JSON, as \n).
      const compact = text.replace(/\\n|\s|:/g, '');
      expect(compact.includes(Buffer.from(signature, 'base64url').toString('base64').replace(/=+$/, '')), `${where}: the signature as wrapped base64`).toBe(false);
      expect(compact.includes(Buffer.from(signature, 'base64url').toString('hex')), `${where}: the signature as colon-hex`).toBe(false);
      expect(compact.includes(signingInput), `${where}: header.payload wrapped`).toBe(false);
    }
  }

  /** The CLI's refusal shows `echoed` (the pieces redacted), and no piece is anywhere: CLI, IPC answers, history, files. */
  async function expectRefusedWithoutPieces(path: string, echoed: string): Promise<void> {
    const [org, client] = path.split('/') as [string, string];
    const cli = await runTokendeck(['token', path], { env: sandbox.env });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/EXCHANGE_REJECTED/);
    expect(cli.stderr).toContain(echoed);
    expectNoHalf(cli.stderr, 'CLI stderr');

    const seenClient = sandbox.vault.resolveClient(org, client).client.id;
    const copied = await dispatch(handlers, 'tokens.copy', { org, client, seenClient });
    expect(copied).toMatchObject({ ok: false, error: { code: 'EXCHANGE_REJECTED' } });
    expectNoHalf(JSON.stringify(copied), 'tokens.copy answer');
    const sent = await dispatch(handlers, 'console.send', { requestId: crypto.randomUUID(), seenClient, request: { org, client, method: 'GET', url: '/api/x' } });
    expect(sent).toMatchObject({ ok: false, error: { code: 'EXCHANGE_REJECTED' } });
    expectNoHalf(JSON.stringify(sent), 'console.send answer');
    expectNoHalf(JSON.stringify(await dispatch(handlers, 'console.history', { org })), 'console history');
    await sandbox.core.requestConsole.flushHistory();
    expectNoHalf(readAllFiles(sandbox.home), 'the files in the home');
  }

  it.each([
    ['an RFC 7523 grant assertion (RS256)', 'grant/svc'],
    ['a private_key_jwt client assertion (EdDSA)', 'idp/backend'],
    ['a GitHub app JWT', 'gh/bot'],
  ])('%s: neither half on stderr, in IPC answers, history or the files', async (_what, path) => {
    await expectRefusedWithoutPieces(path, 'sig ‹redacted› over ‹redacted›');
  });

  it.each([
    ['an RFC 7523 grant assertion (RS256)', 'grant/svc'],
    ['a private_key_jwt client assertion (ES256)', 'es/backend'],
  ])('%s echoed as debug output (base64 at 64 columns, colon-hex, header.payload wrapped): no piece anywhere', async (_what, path) => {
    spelling = 'debug';
    await expectRefusedWithoutPieces(path, 'sig (base64): ‹redacted› sig (hex): ‹redacted› over: ‹redacted›');
  });
});
