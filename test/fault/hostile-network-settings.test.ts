// Hostile network settings for an organization (issue 25, item 6), through the IPC handlers as the
// page would send them and through the CLI: a CA "bundle" that is no PEM, a huge one, one with a
// private key or a server's own certificate, a base64 body that is not a certificate; a proxy URL
// with CR/LF (a header injection into CONNECT), a path, a huge password, another scheme; NO_PROXY entries
// with CR/LF or a path. Each is refused with VALIDATION naming the field; nothing is stored, no input
// is echoed whole, and a private key never comes back in an answer.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let ca: TestCa;
let sandbox: Sandbox;
let handlers: Handlers;
beforeAll(() => {
  ca = createTestCa('Fault Root CA');
});
afterAll(() => ca?.remove());
beforeEach(async () => {
  sandbox = createSandbox();
  const memory = { text: '' };
  handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') }));
  await sandbox.vault.addOrganization({ name: 'corp', provider: 'oauth2', tokenUrl: 'https://auth.corp.example/token' });
});
afterEach(() => sandbox.cleanup());

const PRIVATE = () => ca.client('someone').keyPem;
const BAD_CAS: Array<[string, () => string, RegExp]> = [
  ['text that is no PEM', () => 'hello, I am a CA', /holds no PEM certificate/],
  ['DER bytes read as text', () => Buffer.from(ca.pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').toString('latin1'), /holds no PEM certificate/],
  ['a certificate block whose body is not a certificate', () => '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n', /certificate 1 is not a valid X\.509 certificate/],
  ['a private key beside the CA', () => `${ca.pem}${PRIVATE()}`, /holds a private key/],
  ["a server's own certificate", () => ca.server(['api.corp.example']).certPem, /is not a CA certificate/],
  ['65 certificates', () => ca.pem.repeat(65), /65 certificates, over 64/],
  ['600 KB of certificates', () => `${ca.pem}${'#'.repeat(600 * 1024)}`, /512 KB/],
];

describe('a hostile CA bundle', () => {
  it.each(BAD_CAS)('%s: refused with VALIDATION, nothing stored, no key echoed', async (_what, pem, words) => {
    recordCount('fault cases', 3);
    const before = sandbox.storeText();
    for (const [channel, payload] of [
      ['org.update', { org: 'corp', changes: { network: { caPem: pem() } } }],
      ['org.add', { name: 'fresh', provider: 'oauth2', tokenUrl: 'https://auth.fresh.example/token', network: { caPem: pem() } }],
      ['org.describeCaBundle', { pem: pem() }],
    ] as const) {
      const answer = await dispatch(handlers, channel, payload as never);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const { message } = (answer as { error: { message: string } }).error;
      // Over the contract's cap the schema answers first; below it, the bundle's own words.
      if (!/512 KB/.test(words.source) || channel !== 'org.describeCaBundle') expect(message).toMatch(/CA bundle|network\.caPem|pem/);
      expect(message.length).toBeLessThan(600);
      expect(message).not.toContain('PRIVATE KEY-----');
    }
    expect(sandbox.storeText()).toBe(before);
  });
});

const BAD_PROXIES: Array<[string, string, RegExp]> = [
  ['CR/LF (a header smuggled into CONNECT)', 'http://proxy.corp.example:3128\r\nProxy-Authorization: Basic eDp5', /plain text: character 31 is U\+000D/],
  ['a path', 'http://proxy.corp.example:3128/pac/proxy.pac', /without a path, query or fragment/],
  ['a query', 'http://proxy.corp.example:3128?x=1', /without a path, query or fragment/],
  ['a 2 KB password', `http://bob:${'p'.repeat(2000)}@proxy.corp.example:3128`, /user name or password too long/],
  ['an https:// proxy', 'https://proxy.corp.example:3128', /must be an http:\/\/ proxy/],
  ['socks', 'socks5://proxy.corp.example:1080', /must be an http:\/\/ proxy/],
  ['no port', 'http://proxy.corp.example', /must name its port/],
  ['spaces', 'http://proxy corp:3128', /spaces/],
  ['4 KB of text', `http://${'a'.repeat(4096)}.example:3128`, /over 2048 characters/],
];

describe('a hostile proxy setting', () => {
  it.each(BAD_PROXIES)('%s: refused with VALIDATION naming network.proxy, nothing stored', async (_what, proxy, words) => {
    recordCount('fault cases', 1);
    const before = sandbox.storeText();
    const answer = await dispatch(handlers, 'org.update', { org: 'corp', changes: { network: { proxy } } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'changes.network.proxy', message: expect.stringMatching(words) } });
    expect(JSON.stringify(answer)).not.toContain('pr0xy-pa55w0rd');
    expect(sandbox.storeText()).toBe(before);
  });

  it.each([
    ['CR/LF', 'internal.example\r\nX: y'],
    ['a path', 'internal.example/path'],
    ['a URL', 'https://internal.example'],
    ['a CIDR with a bad prefix', '10.0.0.0/x'],
  ])('a NO_PROXY entry with %s: refused, nothing stored', async (_what, entry) => {
    recordCount('fault cases', 1);
    const before = sandbox.storeText();
    const answer = await dispatch(handlers, 'org.update', { org: 'corp', changes: { network: { noProxy: ['ok.example', entry] } } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'changes.network.noProxy[1]' } });
    expect(sandbox.storeText()).toBe(before);
  });
});

describe('the CLI with hostile network options', () => {
  it('refuses a --cacert that is huge before reading it, and CR/LF in --proxy, printing neither', async () => {
    recordCount('fault cases', 2);
    const huge = path.join(sandbox.home, 'huge.pem');
    fs.writeFileSync(huge, Buffer.alloc(3 * 1024 * 1024, 0x41));
    const run = await runTokendeck(['org', 'update', 'corp', '--cacert', huge], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tokendeck: VALIDATION: Invalid CA bundle: .*huge\.pem is over 512 KB/);
    const injected = await runTokendeck(['org', 'update', 'corp', '--proxy', 'http://p.example:3128\r\nX-Evil: 1'], { env: sandbox.env });
    expect(injected.code).toBe(2);
    expect(injected.stderr).toContain('network.proxy');
    expect(injected.stderr).not.toContain('X-Evil');
  });
});
