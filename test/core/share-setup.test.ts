// Sharing a setup without its secrets: the export holds no secret, private key or token and is
// stable; the CLI round trip reproduces `tokendeck list --json` minus secrets; imports merge by
// name with a preview; every bad file is refused, naming where, before anything changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { exportSetup, importSetup, planImport } from '../../main/core/setup/share-setup.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';
import { ALICE, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let other: Sandbox;
let scratch: string;
beforeEach(async () => {
  world = await startVendorWorld();
  other = createSandbox();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-setup-'));
  await world.vault.updateOrganization('acme', { agreement: { reference: 'AGR-7', licensedProducts: ['search'], validUntil: '2027-12-31' }, catalogs: [{ name: 'Main', id: 'cat-1', visibility: 'private' }] });
  await world.core.requestConsole.save('Introspect', { org: 'acme', client: 'web', method: 'GET', url: '/search/introspection', query: [], headers: [{ name: 'X-Trace', value: '1' }], body: { kind: 'none' }, allowAnyOrigin: false });
});
afterEach(async () => {
  await world.close();
  await other.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** `tokendeck list --json` without what differs by machine: ids, times, and whether a secret is here. */
function comparable(listJson: string) {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !['id', 'organizationId', 'createdAt', 'hasSecret', 'hasPrivateKey'].includes(key))
          .map(([key, v]) => [key, strip(v)]),
      );
    }
    return value;
  };
  return strip(JSON.parse(listJson));
}

describe('export', () => {
  it('holds no secret, private key or token, no ids or timestamps, and is the same every time', async () => {
    const tokens = [
      (await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: ALICE.label })).token,
      (await world.core.tokens.credential({ org: 'moodmap', client: 'prod' })).token,
      (await world.core.tokens.credential({ org: 'partner', client: 'svc' })).token,
    ];
    const text = exportSetup(world.vault, world.core.requestConsole);
    const [key] = world.vault.keys('acme');
    const privatePem = (await world.keychain.get(keychainAccount.privateKey(key!.id)))!;
    for (const secret of [...world.secrets, ...tokens, privatePem.split('\n')[1]!, 'PRIVATE KEY']) expect(text).not.toContain(secret);
    // Record ids and times change on every machine and export; a catalog's own "id" is data.
    expect(text).not.toMatch(/"(createdAt|organizationId|hasSecret|hasPrivateKey|handedOutAt)"|"id": "[0-9a-f-]{36}"/);
    expect(text).toBe(exportSetup(world.vault, world.core.requestConsole));
    const parsed = JSON.parse(text);
    expect(parsed.tokendeckSetup).toBe(1);
    expect(parsed.organizations.map((o: { name: string }) => o.name)).toEqual(['acme', 'moodmap', 'partner']);
    expect(parsed.organizations[0]).toMatchObject({ agreement: { reference: 'AGR-7' }, keys: [{ kid: 'KID-1', publicKeyPem: expect.stringContaining('PUBLIC KEY') }], savedRequests: [{ name: 'Introspect' }] });
  });
});

describe('import', () => {
  it('round trip through the CLI: a fresh TOKENDECK_HOME gets the same `list --json`, minus secrets', async () => {
    const file = path.join(scratch, 'setup.json');
    expect((await runTokendeck(['export', file], { env: world.env })).code).toBe(0);
    const dry = await runTokendeck(['import', file, '--dry-run'], { env: other.env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('add    acme/web: client (secret missing until you set it)');
    expect(other.vault.tree().organizations).toEqual([]);

    const run = await runTokendeck(['import', file], { env: other.env });
    expect(run.code).toBe(0);
    const before = await runTokendeck(['list', '--json'], { env: world.env });
    const after = await runTokendeck(['list', '--json'], { env: other.env });
    expect(comparable(after.stdout)).toEqual(comparable(before.stdout));
    // Secrets are not shared: each imported client shows "secret missing", each key is public only.
    expect(other.vault.tree().organizations.flatMap((o) => o.clients).every((c) => !c.hasSecret)).toBe(true);
    expect(other.vault.keys('acme')).toMatchObject([{ kid: 'KID-1', hasPrivateKey: false }]);
    expect(await other.keychain.accounts()).toEqual([]);
    expect(other.core.requestConsole.saved('acme')).toMatchObject([{ name: 'Introspect', request: { org: 'acme', headers: [{ name: 'X-Trace', value: '1' }] } }]);
    // Importing the same file again changes nothing.
    expect((await runTokendeck(['import', file], { env: other.env })).stdout).toBe('nothing to change\n');
  });

  it('an imported public key verifies but does not sign, until its private key is imported', async () => {
    const [key] = world.vault.keys('acme');
    const privatePem = (await world.vault.privateKeyPem(key!))!;
    await importSetup(other.vault, other.core.requestConsole, exportSetup(world.vault, world.core.requestConsole));
    await expect(other.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' })).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringContaining('not on this machine') });
    await other.vault.importKey('acme', 'KID-1', privatePem);
    expect(other.vault.keys('acme')).toMatchObject([{ kid: 'KID-1', hasPrivateKey: true }]);
    await other.vault.setClientSecret('acme', 'web', 'its-secret');
    expect((await other.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' })).kid).toBe('KID-1');
  });

  it('merges by name and previews what changes', async () => {
    const text = exportSetup(world.vault, world.core.requestConsole);
    await importSetup(other.vault, other.core.requestConsole, text);
    const edited = JSON.parse(text);
    edited.organizations[0].allowedOrigins = ['https://staging.musicapi.test'];
    edited.organizations[0].clients[0].integrationUsers = [];
    edited.organizations[0].clients.push({ name: 'mobile', environment: 'production', clientId: '4b0e6f1a-9c2d-4e83-a5b7-1d3f5e7a9c0b', integrationUsers: [], defaultScheme: 'token', autoRefresh: false });
    const steps = (await planImport(other.vault, other.core.requestConsole, JSON.stringify(edited))).steps.filter((s) => s.action !== 'keep');
    expect(steps).toEqual([
      { action: 'change', what: 'acme', detail: 'allowedOrigins' },
      { action: 'change', what: 'acme/web', detail: 'integrationUsers' },
      { action: 'add', what: 'acme/mobile', detail: 'client (secret missing until you set it)' },
    ]);
    const storeBefore = other.storeText();
    expect(other.storeText()).toBe(storeBefore);
    await importSetup(other.vault, other.core.requestConsole, JSON.stringify(edited));
    expect(other.vault.organization('acme').allowedOrigins).toEqual(['https://staging.musicapi.test']);
    expect(other.vault.resolveClient('acme', 'mobile').client.hasSecret).toBe(false);
  });

  describe('is a choice', () => {
    /** The world's own setup, with partner's token URL moved (a destination change: its client holds a secret here) and a new client. */
    function edited(): string {
      const setup = JSON.parse(exportSetup(world.vault, world.core.requestConsole));
      setup.organizations.find((o: { name: string }) => o.name === 'partner').tokenUrl = 'https://attacker.example/token';
      setup.organizations[0].clients.push({ name: 'mobile', environment: 'production', clientId: '4b0e6f1a-9c2d-4e83-a5b7-1d3f5e7a9c0b', integrationUsers: [], defaultScheme: 'token', autoRefresh: false });
      return JSON.stringify(setup);
    }

    it('declining the destination change still imports the rest, and says what was skipped', async () => {
      const text = edited();
      await expect(importSetup(world.vault, world.core.requestConsole, text)).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
      const plan = await importSetup(world.vault, world.core.requestConsole, text, { skip: ['Partner'] });
      expect(plan.steps.filter((s) => s.action !== 'keep')).toEqual([
        { action: 'add', what: 'acme/mobile', detail: 'client (secret missing until you set it)' },
        { action: 'change', what: 'partner', detail: 'tokenUrl', skipped: true },
      ]);
      expect(plan.destinationChanges).toEqual([]);
      expect(world.vault.resolveClient('acme', 'mobile').client.name).toBe('mobile');
      expect(world.vault.organization('partner').tokenUrl).toBe(world.oauth.tokenUrl);
    });

    it('asks about the destination changes of what is imported, each with its step', async () => {
      const asked: unknown[] = [];
      const plan = await importSetup(world.vault, world.core.requestConsole, edited(), { skip: ['acme/mobile'], confirmDestinationChange: async (question) => (asked.push(question), true) });
      expect(asked).toMatchObject([{ action: 'import', changes: [{ what: 'partner', step: 'partner', destinations: ['https://attacker.example/token'] }] }]);
      expect(plan.steps.find((s) => s.what === 'acme/mobile')).toMatchObject({ skipped: true });
      expect(() => world.vault.resolveClient('acme', 'mobile')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
      expect(world.vault.organization('partner').tokenUrl).toBe('https://attacker.example/token');
    });

    it('a declined organization takes all of its own with it; a declined client, its saved requests', async () => {
      const text = exportSetup(world.vault, world.core.requestConsole);
      const orgSkipped = await importSetup(other.vault, other.core.requestConsole, text, { skip: ['moodmap', 'acme/web'] });
      expect(orgSkipped.steps.filter((s) => s.skipped)).toEqual([
        { action: 'add', what: 'acme/web', detail: 'client', skipped: true },
        { action: 'add', what: 'acme saved Introspect', detail: 'GET /search/introspection: its client acme/web is not imported', skipped: true },
        { action: 'add', what: 'moodmap', detail: 'musimap organization with 1 clients, 0 keys, 0 saved requests: none imported', skipped: true },
      ]);
      expect(other.vault.tree().organizations.map((o) => o.name).sort()).toEqual(['acme', 'partner']);
      expect(other.core.requestConsole.saved('acme')).toEqual([]);
    });

    it('refuses to skip what the file does not add or change, importing nothing', async () => {
      const before = world.storeText();
      await expect(importSetup(world.vault, world.core.requestConsole, edited(), { skip: ['acme/nobody'] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Nothing to skip named "acme\/nobody"/) });
      expect(world.storeText()).toBe(before);
    });

    it('from the CLI: --skip, the skipped steps listed, the rest imported', async () => {
      const file = path.join(scratch, 'setup.json');
      fs.writeFileSync(file, edited());
      const run = await runTokendeck(['import', file, '--skip', 'partner'], { env: world.env });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('add    acme/mobile: client (secret missing until you set it)\nskip   partner: tokenUrl (not changed: skipped)\n');
      expect(run.stderr).toMatch(/^Imported\. Skipped 1 step \(the "skip" lines\): not imported\./);
    });
  });

  const bad: Array<[string, (setup: Record<string, any>) => string, RegExp]> = [
    ['from a newer schema version', (s) => JSON.stringify({ ...s, tokendeckSetup: 2 }), /newer Tokendeck \(format 2; this one reads 1\)/],
    ['with duplicate organization names', (s) => JSON.stringify({ ...s, organizations: [...s.organizations, { ...s.organizations[0], name: 'ACME' }] }), /organizations\[3\]\.name: organization name "ACME" appears twice/],
    ['with duplicate client names', (s) => (s.organizations[0].clients.push({ ...s.organizations[0].clients[0] }), JSON.stringify(s)), /organizations\[0\]\.clients\[1\]\.name: client name "web" appears twice/],
    ['with an invalid URL', (s) => ((s.organizations[1].tokenUrl = 'not a url'), JSON.stringify(s)), /organizations\[1\]\.tokenUrl/],
    ['with an insecure URL', (s) => ((s.organizations[0].apiBaseUrl = 'http://api.example.com'), JSON.stringify(s)), /organizations\[0\]\.apiBaseUrl: .*https/],
    ['truncated', (s) => JSON.stringify(s, null, 2).slice(0, 300), /not valid JSON at line \d+, column \d+/],
    ['not a setup file', () => JSON.stringify({ schemaVersion: 1, organizations: [] }), /not a Tokendeck setup file/],
    ['with a public key that is not one', (s) => ((s.organizations[0].keys[0].publicKeyPem = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'), JSON.stringify(s)), /organizations\[0\]\.keys\[0\]\.publicKeyPem: This is not a PEM public key/],
    ['with the same key twice under two Key IDs', (s) => (s.organizations[0].keys.push({ ...s.organizations[0].keys[0], kid: 'KID-2' }), JSON.stringify(s)), /organizations\[0\]\.keys\[1\]: this key is already in "acme" as "KID-1"/],
    ['with a MusicAPI client id cut short', (s) => ((s.organizations[0].clients[0].clientId = '2cf82db3-4064-4235-8253'), JSON.stringify(s)), /organizations\[0\]\.clients\[0\]\.clientId: Invalid clientId: a musicapi client id is a UUID/],
    ['with a secret field smuggled in', (s) => ((s.organizations[0].clients[0].secret = 'x'), JSON.stringify(s)), /organizations\[0\]\.clients\[0\]: "secret" is not a known field/],
  ];
  for (const [what, edit, message] of bad) {
    it(`refuses a file ${what}, naming where, before anything changes`, async () => {
      await other.vault.addOrganization({ name: 'keepme', provider: 'musicapi' });
      const before = readAllFiles(other.home);
      const text = edit(JSON.parse(exportSetup(world.vault, world.core.requestConsole)));
      await expect(importSetup(other.vault, other.core.requestConsole, text)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
      expect(readAllFiles(other.home)).toBe(before);
      const file = path.join(scratch, 'bad.json');
      fs.writeFileSync(file, text);
      const cli = await runTokendeck(['import', file], { env: other.env });
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(message);
    });
  }
});
