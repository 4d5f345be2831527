// `tokendeck token | request | exec` as scripts run them, against the vendor stand-ins.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(() => world.close());

const tokendeck = (args: string[], env: NodeJS.ProcessEnv = world.env) => runTokendeck(args, { env });

async function ok(args: string[]) {
  const run = await tokendeck(args);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

describe('tokendeck token', () => {
  it('prints the credential alone, for the client\'s default scheme', async () => {
    expect((await ok(['token', 'acme/web'])).stdout).toBe(`${MUSICAPI_CLIENT.clientId}\n`);
    expect((await ok(['token', 'acme/web', '--scheme', 'basic'])).stdout).toBe(`${Buffer.from(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`).toString('base64')}\n`);
    expect((await ok(['token', 'moodmap/prod'])).stdout.trim()).toBe(world.musimap.issued[0]);
    expect((await ok(['token', 'partner/svc'])).stdout).toMatch(/^oa\.[\w-]+\n$/);
  });

  it('mints a DevToken with --sub and --ttl', async () => {
    const jwt = (await ok(['token', 'acme/web', '--scheme', 'devtoken', '--sub', 'alice', '--ttl', '1d12h'])).stdout.trim();
    expect(decodeProtectedHeader(jwt).kid).toBe('KID-1');
    const claims = decodeJwt(jwt);
    expect(claims.exp! - claims.iat!).toBe(36 * 3600);
    expect(claims.sub).toBe('8d883178-9585-482e-bb4b-0c85736edc2d');
  });

  it('prints {scheme, token, authorization, issuedAt, expiresAt} with --json', async () => {
    const out = JSON.parse((await ok(['token', 'moodmap/prod', '--json'])).stdout);
    expect(Object.keys(out)).toEqual(['scheme', 'token', 'authorization', 'issuedAt', 'expiresAt']);
    expect(out.authorization).toBe(`Bearer ${out.token}`);
    expect(Date.parse(out.expiresAt) - Date.parse(out.issuedAt)).toBe(7_200_000);
    expect(out.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const basic = JSON.parse((await ok(['token', 'acme/web', '--json'])).stdout);
    expect(basic).toMatchObject({ scheme: 'token', expiresAt: null });
  });

  it('reuses the cached token across processes and makes a new one with --fresh', async () => {
    const first = (await ok(['token', 'moodmap/prod'])).stdout;
    expect((await ok(['token', 'moodmap/prod'])).stdout).toBe(first);
    expect((await ok(['token', 'moodmap/prod', '--fresh'])).stdout).not.toBe(first);
    expect(world.musimap.exchanges).toBe(2);
  });

  it('exits 1 with the stable code when the exchange is refused, 2 for bad options', async () => {
    await world.vault.setClientSecret('moodmap', 'prod', 'wrong');
    const refused = await tokendeck(['token', 'moodmap/prod']);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('EXCHANGE_REJECTED');
    expect(refused.stderr).toContain('Invalid client credentials');
    expect(await tokendeck(['token', 'acme/web', '--scheme', 'jwt'])).toMatchObject({ code: 2 });
    expect(await tokendeck(['token', 'acme/web', '--scheme', 'devtoken', '--ttl', 'soon'])).toMatchObject({ code: 2 });
  });

  it('answers TIMEOUT after TOKENDECK_TIMEOUT_MS when the server never answers', async () => {
    world.musimap.misbehave = 'never-answers';
    const run = await tokendeck(['token', 'moodmap/prod'], { ...world.env, TOKENDECK_TIMEOUT_MS: '500' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TIMEOUT');
  });
});

/**
 * A port nothing listens on, of those fetch() refuses to dial (the Fetch standard's "bad ports",
 * which browsers block): the token request once failed there as "unknown error" while
 * `request`, over another client, said ECONNREFUSED. Bound and closed at once, so it is free.
 */
async function closedBadPort(): Promise<number> {
  for (const port of [10080, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 5060, 5061, 4190, 4045, 3659, 2049, 1723, 1720, 1719]) {
    const server = net.createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
  throw new Error('no free port among the Fetch standard bad ports');
}

describe('a refused connection', () => {
  it('is named the same by token (token URL) and request (API URL), ECONNREFUSED', async () => {
    const port = await closedBadPort();
    await world.vault.addOrganization({ name: 'closed', provider: 'musimap', tokenUrl: `http://127.0.0.1:${port}/auth/token` });
    await world.vault.addClient('closed', { name: 'c', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, 'y');
    const token = await tokendeck(['token', 'closed/c']);
    const request = await tokendeck(['request', 'acme/web', 'GET', `http://127.0.0.1:${port}/x`, '--allow-any-origin']);
    for (const run of [token, request]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`tokendeck: NETWORK: http://127.0.0.1:${port} refused the connection (ECONNREFUSED). Is the server running and the port right?\n`);
    }
  });
});

describe('tokendeck request', () => {
  it('sends with the credential attached and prints status, headers and body', async () => {
    const run = await ok(['request', 'acme/web', 'GET', '/users/me', '--scheme', 'devtoken', '--sub', 'alice']);
    expect(run.stdout).toMatch(/^HTTP 200 OK\n/);
    expect(run.stdout).toMatch(/\ncontent-type: application\/json\n/);
    expect(run.stdout).toContain('"auth":"devtoken"');
  });

  it('prints a machine-readable result with --json, with headers and body from the options', async () => {
    const run = await ok(['request', 'moodmap/prod', 'POST', `${world.musimap.origin}/v1/search`, '-H', 'X-Trace: 7', '--data', '{"q":"calm"}', '--json']);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ status: 200, scheme: 'bearer', retriedWithFreshToken: false });
    expect(JSON.parse(out.body)).toMatchObject({ data: { path: '/v1/search' } });
  });

  it('refuses an origin outside the client\'s scope unless --allow-any-origin', async () => {
    const refused = await tokendeck(['request', 'acme/web', 'GET', world.musimap.origin + '/v1/x']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('SCOPE');
    const allowed = await tokendeck(['request', 'acme/web', 'GET', world.musimap.origin + '/v1/x', '--allow-any-origin']);
    // Sent (the origin allowed), answered 401: exit 1, the response still on stdout.
    expect(allowed.code).toBe(1);
    expect(allowed.stdout).toMatch(/^HTTP 401/);
  });
});

describe('tokendeck exec', () => {
  const printEnv = ['node', '-e', 'process.stdout.write(process.env.TOKENDECK_TOKEN + "|" + process.env.TOKENDECK_AUTHORIZATION); process.exit(7)'];

  it('runs a command with TOKENDECK_TOKEN and TOKENDECK_AUTHORIZATION and exits with its code', async () => {
    const run = await tokendeck(['exec', 'moodmap/prod', '--', ...printEnv]);
    expect(run.code).toBe(7);
    const [token, authorization] = run.stdout.split('|');
    expect(token).toBe(world.musimap.issued[0]);
    expect(authorization).toBe(`Bearer ${token}`);
  });

  it('needs a command after --', async () => {
    expect(await tokendeck(['exec', 'moodmap/prod'])).toMatchObject({ code: 2, stderr: expect.stringContaining('after --') });
  });

  it('answers 127 for a command that does not exist', async () => {
    expect(await tokendeck(['exec', 'acme/web', '--', 'no-such-command-tokendeck'])).toMatchObject({ code: 127 });
  });
});

describe('request timing over TLS', () => {
  it('reports TCP connect, TLS handshake, first byte and total for a new https connection', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`], { stdio: 'ignore' });
    const server = https.createServer({ key: fs.readFileSync(`${dir}/k.pem`), cert: fs.readFileSync(`${dir}/c.pem`) }, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await world.vault.addOrganization({ name: 'tls', provider: 'musicapi', apiBaseUrl: origin });
      await world.vault.addClient('tls', { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' });
      // The test's own CA, trusted for this one process only.
      const run = await tokendeck(['request', 'tls/web', 'GET', '/x', '--json', '--scheme', 'token'], { ...world.env, NODE_EXTRA_CA_CERTS: `${dir}/c.pem` });
      expect(run.stderr).toBe('');
      const { status, timing } = JSON.parse(run.stdout);
      expect(status).toBe(200);
      expect(timing).toMatchObject({ reusedConnection: false, connectMs: expect.any(Number), tlsMs: expect.any(Number) });
      expect(timing.tlsMs).toBeGreaterThan(0);
      expect(timing.totalMs).toBeGreaterThanOrEqual(timing.firstByteMs);
      expect(timing.firstByteMs).toBeGreaterThanOrEqual(timing.connectMs + timing.tlsMs);
    } finally {
      server.closeAllConnections();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

