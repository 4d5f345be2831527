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
    expect(run.code).toBe(0);
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
    const response = await world.core.console.send({ requestId: crypto.randomUUID(), request });
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
