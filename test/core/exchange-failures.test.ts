// Every way a token exchange goes wrong is a typed error, nothing is cached from it, and the
// previous valid token is kept.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToTokenEndpoint } from '../../main/core/http/token-endpoint.js';
import { startLoopback } from '../servers/loopback.js';
import type { MusimapMisbehaviour } from '../servers/musimap.js';
import { recordCount } from '../support/fault-counts.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld({ timeoutMs: 1_000 });
});
afterEach(async () => {
  await world.close();
  recordCount('fault cases', 1);
});

const exchange = (fresh = false) => world.core.tokens.credential({ org: 'moodmap', client: 'prod', fresh });

const cases: Array<[MusimapMisbehaviour, string, RegExp]> = [
  ['html', 'EXCHANGE_PROTOCOL', /text\/html that is not valid JSON/],
  ['empty', 'EXCHANGE_PROTOCOL', /an empty body/],
  ['truncated-json', 'EXCHANGE_PROTOCOL', /not valid JSON/],
  ['giant', 'EXCHANGE_PROTOCOL', /over 1024 KB/],
  ['no-envelope', 'EXCHANGE_PROTOCOL', /no "data" envelope/],
  ['no-token', 'EXCHANGE_PROTOCOL', /lacks data\.token/],
  ['no-expiry', 'EXCHANGE_PROTOCOL', /lacks data\.expires_at/],
  ['wrong-types', 'EXCHANGE_PROTOCOL', /data\.expires_at as string/],
  ['seconds-not-ms', 'EXCHANGE_PROTOCOL', /expired already \(1970-.*milliseconds/],
  ['microseconds', 'EXCHANGE_PROTOCOL', /absurdly far.*milliseconds/],
  ['server-error', 'EXCHANGE_REJECTED', /HTTP 500.*try again later/],
  ['reset-mid-body', 'NETWORK', /failed/],
  ['never-answers', 'TIMEOUT', /did not answer.*within 1 s/],
  ['redirect', 'EXCHANGE_PROTOCOL', /redirected.*does not re-send a secret/],
];

describe('token exchange failures', () => {
  for (const [misbehaviour, code, message] of cases) {
    it(`${misbehaviour}: ${code}, nothing cached, the previous token kept`, async () => {
      const previous = await exchange();
      world.musimap.misbehave = misbehaviour;
      const failure = await exchange(true).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code, message: expect.stringMatching(message) });
      expect((failure as Error).message).not.toContain(world.secrets[1]);
      expect(world.core.tokens.records()).toHaveLength(1);
      const again = await exchange();
      expect(again).toMatchObject({ fromCache: true, token: previous.token });
    });
  }

  const oauthCases: Array<[string, unknown, RegExp]> = [
    ['milliseconds where seconds are due', 3_600_000, /expires_in 3600000.*looks like milliseconds/],
    ['a negative lifetime', -5, /expired already/],
    ['a lifetime as words', 'one hour', /not a number of seconds/],
  ];
  for (const [what, expiresIn, message] of oauthCases) {
    it(`OAuth 2.0 expires_in with ${what}: EXCHANGE_PROTOCOL, the previous token kept`, async () => {
      const previous = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
      world.oauth.expiresIn = expiresIn as number;
      await expect(world.core.tokens.credential({ org: 'partner', client: 'svc', fresh: true })).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching(message) });
      expect(await world.core.tokens.credential({ org: 'partner', client: 'svc' })).toMatchObject({ fromCache: true, token: previous.token });
    });
  }

  it('connection refused: NETWORK', async () => {
    await world.musimap.close();
    await expect(exchange()).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('unknown host: NETWORK', async () => {
    await world.vault.addOrganization({ name: 'nohost', provider: 'musimap', tokenUrl: 'https://tokendeck-test.invalid/token' });
    await world.vault.addClient('nohost', { name: 'c', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, 'y');
    await expect(world.core.tokens.credential({ org: 'nohost', client: 'c' })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/could not be found|ENOTFOUND|EAI_AGAIN/) });
  });

  it('an untrusted TLS certificate: TLS_UNTRUSTED', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`], { stdio: 'ignore' });
    const server = https.createServer({ key: fs.readFileSync(`${dir}/k.pem`), cert: fs.readFileSync(`${dir}/c.pem`) }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await world.vault.addOrganization({ name: 'selfsigned', provider: 'musimap', tokenUrl: `https://127.0.0.1:${port}/token` });
      await world.vault.addClient('selfsigned', { name: 'c', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, 'y');
      await expect(world.core.tokens.credential({ org: 'selfsigned', client: 'c' })).rejects.toMatchObject({ code: 'TLS_UNTRUSTED', message: expect.stringContaining('TLS') });
    } finally {
      server.closeAllConnections();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing secret: SECRET_MISSING before anything is sent', async () => {
    await world.keychain.delete(`client/${world.vault.resolveClient('moodmap', 'prod').client.id}/secret`);
    await expect(exchange()).rejects.toMatchObject({ code: 'SECRET_MISSING' });
    expect(world.musimap.exchanges).toBe(0);
  });
});

describe('the token request itself', () => {
  it('refuses a token URL with user:password@ before sending anything (node:http would send it as Basic)', async () => {
    let requests = 0;
    const server = await startLoopback((_request, response) => {
      requests++;
      response.end('{}');
    });
    try {
      const url = server.origin.replace('http://', 'http://user:hunter2@') + '/token';
      const call = postToTokenEndpoint({ url, client: { org: 'o', client: 'c' }, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 1_000, secrets: { values: ['s'] } });
      await expect(call).rejects.toMatchObject({ code: 'VALIDATION', message: expect.not.stringContaining('hunter2') });
      expect(requests).toBe(0);
    } finally {
      await server.close();
    }
  });
});
