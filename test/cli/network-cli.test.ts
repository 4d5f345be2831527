// An organization's proxy, NO_PROXY and CA bundle from the command line (issue 25, item 6): set with
// `org add`, shown by `org show`, used by `token` and `request` (through the proxy, which sees
// neither the secret nor the token), changed or removed with `org update` only with
// --allow-destination-change, and hostile values refused without echoing them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../servers/connect-proxy.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { startTlsOrigin, type TlsOrigin } from '../servers/tls-origin.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const SECRET = 'cli-proxy-secret-51d0be7c';
const TOKEN = 'cli-proxy-token-a0c4f19e';
let ca: TestCa;
let origin: TlsOrigin;
let relay: ConnectProxy;
let sandbox: Sandbox;
let caFile: string;

beforeAll(async () => {
  ca = createTestCa('Corp CLI Root CA');
  origin = await startTlsOrigin(ca.server(['auth.tokendeck.test', 'api.tokendeck.test']), {
    answer: (request) => (request.path === '/token' ? { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 } : { me: 'svc' }),
  });
  relay = await startConnectProxy();
  sandbox = createSandbox();
  caFile = path.join(sandbox.home, 'corp-ca.pem');
  fs.writeFileSync(caFile, `# Corp root, from the wiki\n${ca.pem}`);
});
afterAll(async () => {
  await relay?.close();
  await origin?.close();
  await sandbox?.cleanup();
  ca?.remove();
});

const tokendeck = (args: string[], stdin?: string) => runTokendeck(args, { env: sandbox.env, ...(stdin === undefined ? {} : { stdin }) });
async function ok(args: string[], stdin?: string) {
  const run = await tokendeck(args, stdin);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

describe('tokendeck org … --proxy --no-proxy --cacert', () => {
  it('sets them on org add, shows them, and token and request go through the proxy', async () => {
    await ok(['org', 'add', 'corp', '--provider', 'oauth2', '--token-url', `https://auth.tokendeck.test:${origin.port}/token`, '--api-url', `https://api.tokendeck.test:${origin.port}`, '--proxy', relay.url, '--no-proxy', '10.0.0.0/8,internal.example', '--cacert', caFile]);
    await ok(['client', 'add', 'corp/svc', '--env', 'prod', '--client-id', 'svc', '--secret-stdin'], `${SECRET}\n`);
    const shown = (await ok(['org', 'show', 'corp'])).stdout;
    expect(shown).toContain(`proxy\t${relay.url}\n`);
    expect(shown).toContain('no proxy\t10.0.0.0/8, internal.example\n');
    expect(shown).toMatch(/^CA\tCorp CLI Root CA, until \d{4}-\d\d-\d\d, SHA-256 [0-9A-F:]+$/m);
    const json = JSON.parse((await ok(['org', 'show', 'corp', '--json'])).stdout);
    expect(json.network).toMatchObject({ proxy: relay.url, noProxy: ['10.0.0.0/8', 'internal.example'], caCertificates: [{ subject: 'Corp CLI Root CA', expired: false }] });
    expect(json.network.caPem).toBeUndefined();

    expect((await ok(['token', 'corp/svc'])).stdout).toBe(`${TOKEN}\n`);
    expect((await ok(['request', 'corp/svc', 'GET', '/me'])).stdout).toContain('"me"');
    expect(relay.connects.map((c) => c.target)).toEqual([`auth.tokendeck.test:${origin.port}`, `api.tokendeck.test:${origin.port}`]);
    for (const never of [SECRET, TOKEN, 'authorization', 'Authorization']) expect(relay.raw().includes(never)).toBe(false);
  });

  it('changes or removes the proxy and the CA only with --allow-destination-change, naming the proxy and what a CA means', async () => {
    const refused = await tokendeck(['org', 'update', 'corp', '--proxy', 'http://other-proxy.example:3128']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('DESTINATION_CHANGE');
    expect(refused.stderr).toContain('through the proxy other-proxy.example:3128');
    const removed = await tokendeck(['org', 'update', 'corp', '--no-cacert']);
    expect(removed.stderr).toContain('DESTINATION_CHANGE');
    expect(removed.stderr).toContain('"Corp CLI Root CA"');
    await ok(['org', 'update', 'corp', '--proxy', '', '--no-proxy', '', '--no-cacert', '--allow-destination-change']);
    const shown = (await ok(['org', 'show', 'corp'])).stdout;
    expect(shown).toContain('proxy\tHTTPS_PROXY (the environment)\n');
    expect(shown).toContain('CA\tthe system roots only\n');
    const again = await tokendeck(['org', 'update', 'corp', '--cacert', caFile]);
    expect(again.stderr).toContain(`would be readable by whoever holds the CA "Corp CLI Root CA"`);
  });

  it("keeps a proxy's password (read from stdin) in the keychain: sent to the proxy in CONNECT only, never stored in vault.json or printed", async () => {
    const PASSWORD = 'hunter2 p4ss:@%';
    const guarded = await startConnectProxy({ requireAuthorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` });
    try {
      await ok(['org', 'update', 'corp', '--proxy', `http://alice@127.0.0.1:${new URL(guarded.url).port}`, '--proxy-password-stdin', '--cacert', caFile, '--allow-destination-change'], `${PASSWORD}\n`);
      const inArgv = await tokendeck(['org', 'update', 'corp', '--proxy', 'http://alice:hunter2-in-argv@proxy.corp:3128']);
      expect(inArgv.code).toBe(2);
      expect(inArgv.stderr).toContain('--proxy-password-stdin');
      expect(inArgv.stderr).not.toContain('hunter2');
      const shown = (await ok(['org', 'show', 'corp'])).stdout;
      expect(shown).toContain(`proxy\thttp://alice@127.0.0.1:${new URL(guarded.url).port} (its password in the keychain)`);
      expect((await ok(['token', 'corp/svc', '--fresh'])).stdout).toBe(`${TOKEN}\n`);
      expect(guarded.connects).toEqual([{ target: `auth.tokendeck.test:${origin.port}`, proxyAuthorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` }]);
      expect(origin.seen.map((s) => JSON.stringify(s)).join('')).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
      for (const text of [sandbox.storeText(), shown, (await ok(['org', 'show', 'corp', '--json'])).stdout, (await ok(['org', 'list', '--json'])).stdout]) {
        expect(text).not.toContain('hunter2');
      }
    } finally {
      await guarded.close();
    }
  });

  it('refuses a --cacert that is not a PEM bundle of CA certificates', async () => {
    const leaf = path.join(sandbox.home, 'leaf.pem');
    fs.writeFileSync(leaf, ca.server(['x.tokendeck.test']).certPem);
    const key = path.join(sandbox.home, 'key.pem');
    fs.writeFileSync(key, ca.client('who').keyPem);
    const der = path.join(sandbox.home, 'ca.der');
    fs.writeFileSync(der, Buffer.from(ca.pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'));
    for (const [file, words] of [[leaf, 'is not a CA certificate'], [key, 'holds a private key'], [der, 'holds no PEM certificate']] as const) {
      const run = await tokendeck(['org', 'update', 'corp', '--cacert', file, '--allow-destination-change']);
      expect(run.stderr).toContain('VALIDATION');
      expect(run.stderr).toContain(words);
      expect(run.stderr).not.toContain('PRIVATE KEY-----');
    }
  });
});
