// Hostile files and servers against the rules of the security issue: a setup file that smuggles a
// password in a URL, a redirect target that answers 401, a JWT nested thousands deep, text that
// would drive the terminal. Each is refused or made harmless, and nothing secret is printed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';
import { startLoopback, type Loopback } from '../servers/loopback.js';
import { OAUTH_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';

afterEach(() => recordCount('fault cases', 1));

describe('a hostile setup file', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('with a password in an organization URL is refused, naming the field but not the password', async () => {
    const PASSWORD = 'Pw-in-setup-file-5521';
    await sandbox.vault.addOrganization({ name: 'partner', provider: 'oauth2', tokenUrl: 'https://auth.partner.test/token' });
    const storeBefore = sandbox.storeText();
    const file = path.join(sandbox.home, 'setup.json');
    for (const [field, organization] of [
      ['organizations[0].tokenUrl', { name: 'partner', provider: 'oauth2', tokenUrl: `https://svc:${PASSWORD}@auth.partner.test/token` }],
      ['organizations[0].apiBaseUrl', { name: 'fresh', provider: 'musicapi', apiBaseUrl: `https://svc:${PASSWORD}@api.fresh.test` }],
      ['organizations[0].allowedOrigins[1]', { name: 'fresh', provider: 'musicapi', allowedOrigins: ['https://ok.test', `https://:${PASSWORD}@cdn.fresh.test`] }],
    ] as const) {
      fs.writeFileSync(file, JSON.stringify({ tokendeckSetup: 1, organizations: [organization] }));
      for (const args of [['import', file], ['import', file, '--dry-run']]) {
        const run = await runTokendeck(args, { env: sandbox.env });
        expect(run.code, field).toBe(2);
        expect(run.stderr).toMatch(/^tokendeck: VALIDATION: /);
        expect(run.stderr).toContain(`${field}: must not contain a user name or password`);
        expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      }
    }
    fs.rmSync(file);
    expect(sandbox.storeText()).toBe(storeBefore);
    expect(readAllFiles(sandbox.home)).not.toContain(PASSWORD);
  });
});

describe('a redirect target that answers 401', () => {
  // Origin A (the organization's API) redirects to origin B, which never saw the credential (it
  // is dropped on the way) and answers 401: a judgement on nothing Tokendeck sent.
  let world: VendorWorld;
  let apiA: Loopback;
  let targetB: Loopback;
  const seenByB: Array<string | undefined> = [];
  beforeEach(async () => {
    world = await startVendorWorld();
    seenByB.length = 0;
    targetB = await startLoopback((request, response) => {
      seenByB.push(request.headers.authorization);
      response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end('no');
    });
    apiA = await startLoopback((request, response) => response.writeHead(302, { location: `${targetB.origin}/landing` }).end());
    await world.vault.addOrganization({ name: 'fronted', provider: 'oauth2', apiBaseUrl: apiA.origin, tokenUrl: world.oauth.tokenUrl });
    await world.vault.addClient('fronted', { name: 'svc', environment: 'staging', clientId: OAUTH_CLIENT.clientId }, OAUTH_CLIENT.secret);
  });
  afterEach(async () => {
    await Promise.all([apiA.close(), targetB.close()]);
    await world.close();
  });

  it('does not make `tokendeck request` discard the cached token or exchange a new one', async () => {
    const cached = (await runTokendeck(['token', 'fronted/svc'], { env: world.env })).stdout;
    expect(world.oauth.exchanges).toBe(1);
    const run = await runTokendeck(['request', 'fronted/svc', 'GET', '/data'], { env: world.env });
    // The final status is the 401: exit 1 (issue 26), the response still printed.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^HTTP 401 /);
    expect(run.stderr).not.toContain('sent again');
    expect(seenByB).toEqual([undefined]);
    expect(world.oauth.exchanges).toBe(1);
    expect((await runTokendeck(['token', 'fronted/svc'], { env: world.env })).stdout).toBe(cached);
    expect(world.oauth.exchanges).toBe(1);
  });

  it('does not make the console offer a retry with a fresh token', async () => {
    await world.core.tokens.credential({ org: 'fronted', client: 'svc' });
    const request = { org: 'fronted', client: 'svc', method: 'GET' as const, url: '/data', query: [], headers: [], body: { kind: 'none' as const }, allowAnyOrigin: false };
    const response = await world.core.requestConsole.send({ requestId: crypto.randomUUID(), request });
    expect(response).toMatchObject({ status: 401, credentialFromCache: true, cachedTokenRejected: false });
    expect(world.oauth.exchanges).toBe(1);
  });
});

describe('a hostile JWT', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.cleanup());

  const part = (json: string) => Buffer.from(json).toString('base64url');
  const nested = (levels: number) => `{"deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  const header = part('{"alg":"ES256","kid":"K"}');

  it('nested 5,000 levels deep is VALIDATION, from the CLI and the app, not an internal error', async () => {
    const handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: () => undefined, writeText: () => undefined, readText: () => '', clear: () => undefined }));
    for (const jwt of [`${header}.${part(nested(5000))}.c2ln`, `${part(`{"alg":"ES256","x":${nested(5000)}}`)}.${part('{}')}.c2ln`]) {
      for (const args of [['inspect', jwt], ['inspect', jwt, '--json'], ['inspect', '-']]) {
        const run = await runTokendeck(args, { env: sandbox.env, stdin: jwt });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^tokendeck: VALIDATION: .*nested more than 64 levels deep/);
      }
      expect(await dispatch(handlers, 'jwt.inspect', { jwt })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    // A deep but sane claim set is still shown.
    const run = await runTokendeck(['inspect', `${header}.${part(nested(60))}.c2ln`, '--json'], { env: sandbox.env });
    expect(run.code).toBe(0);
  });
});

describe('text that would drive the terminal', () => {
  // An OSC 52 clipboard write, a right-to-left override, an isolate, a C1 CSI, DEL, a bare CR, a
  // right-to-left mark and a tag character: none may reach the terminal as itself.
  const HOSTILE = '\u001b]52;c;aGk=\u0007\u202egnp.exe\u2066x\u2069\u009b2J\u007f\rover\u200f\u{e0041}';
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/u;
  const clean = (run: { stdout: string; stderr: string }) => {
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stderr).not.toMatch(RAW);
  };

  let sandbox: Sandbox;
  let hostile: Loopback;
  let answer: { status: number; body: unknown };
  beforeEach(async () => {
    sandbox = createSandbox();
    hostile = await startLoopback((request, response) => {
      if (request.url === '/api/page') return void response.writeHead(200, { 'x-note': 'a\u009b2Jb', 'content-type': 'text/plain' }).end(`body ${HOSTILE}`);
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await sandbox.vault.addOrganization({ name: 'hostile', provider: 'oauth2', apiBaseUrl: hostile.origin, tokenUrl: `${hostile.origin}/token` });
    await sandbox.vault.addClient('hostile', { name: 'svc', environment: 'dev', clientId: 'svc' }, 'hostile-client-secret');
  });
  afterEach(async () => {
    await hostile.close();
    await sandbox.cleanup();
  });

  it('is escaped by inspect, in lines and in JSON that still parses to the same claims', async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${part({ alg: `ES256${HOSTILE}`, typ: 'JWT' })}.${part({ sub: HOSTILE, iss: 'x' })}.c2ln`;
    const lines = await runTokendeck(['inspect', jwt], { env: sandbox.env });
    expect(lines.code).toBe(0);
    clean(lines);
    expect(lines.stdout).toContain('\\u202egnp.exe');
    const json = await runTokendeck(['inspect', jwt, '--json'], { env: sandbox.env });
    clean(json);
    expect(JSON.parse(json.stdout)).toMatchObject({ header: { alg: `ES256${HOSTILE}` }, claims: { sub: HOSTILE } });
  });

  it('is escaped in a token from a server, or in the error that refuses it', async () => {
    answer = { status: 200, body: { access_token: `tok${HOSTILE}`, token_type: 'Bearer', expires_in: 3600 } };
    for (const args of [['token', 'hostile/svc'], ['token', 'hostile/svc', '--json']]) clean(await runTokendeck(args, { env: sandbox.env }));
  });

  it('is escaped in an exchange error quoting the server, and in a response\'s status and headers', async () => {
    answer = { status: 400, body: { error: 'invalid_client', error_description: HOSTILE } };
    const refused = await runTokendeck(['token', 'hostile/svc'], { env: sandbox.env });
    expect(refused.code).toBe(1);
    clean(refused);
    answer = { status: 200, body: { access_token: 'tok-ok', token_type: 'Bearer', expires_in: 3600 } };
    const sent = await runTokendeck(['request', 'hostile/svc', 'GET', '/api/page'], { env: sandbox.env });
    expect(sent.code).toBe(0);
    const [head, body] = sent.stdout.split('\n\n');
    expect(head).toContain('x-note: a\\u009b2Jb');
    expect(head).not.toMatch(RAW);
    // Into a pipe the body stays byte for byte: it may be a file being saved.
    expect(body).toBe(`body ${HOSTILE}\n`);
    const json = await runTokendeck(['request', 'hostile/svc', 'GET', '/api/page', '--json'], { env: sandbox.env });
    clean(json);
    expect(JSON.parse(json.stdout).body).toBe(`body ${HOSTILE}`);
  });
});
