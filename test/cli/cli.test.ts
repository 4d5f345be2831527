// The built `tokendeck` as scripts run it: a separate process, the real keychain, a real store.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const SECRET = 'cli-secret-5a1f0c9e';
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.cleanup());

const tokendeck = (args: string[], stdin?: string) => runTokendeck(args, { env: sandbox.env, stdin });

async function ok(args: string[], stdin?: string) {
  const run = await tokendeck(args, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

describe('tokendeck CLI', () => {
  it('lists its commands with --help on stdout', async () => {
    const run = await ok(['--help']);
    for (const command of ['org add', 'org list', 'org remove', 'client add', 'client set-secret', 'client remove', 'key generate', 'key import', 'key list', 'list']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command}  +[A-Z]`, 'm'));
    }
  });

  it('adds an organization and lists it as text and JSON', async () => {
    const add = await ok(['org', 'add', 'acme', '--provider', 'musicapi', '--allow-origin', 'https://cdn.musicapi.com']);
    expect(add.stdout).toBe('');
    expect(add.stderr).toContain('Added organization acme');
    expect((await ok(['org', 'list'])).stdout).toBe('acme\tmusicapi\thttps://api.musicapi.com\n');
    const orgs = JSON.parse((await ok(['org', 'list', '--json'])).stdout);
    expect(orgs).toMatchObject([{ name: 'acme', provider: 'musicapi', allowedOrigins: ['https://cdn.musicapi.com'] }]);
  });

  it('takes a client secret from stdin into the keychain, never into the store', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['client', 'add', 'acme/web', '--env', 'staging', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--secret-stdin', '--user', 'alice=8d883178-9585-482e-bb4b-0c85736edc2d'], `${SECRET}\n`);
    const [client] = JSON.parse((await ok(['list', '--json'])).stdout).organizations[0].clients;
    expect(client).toMatchObject({ name: 'web', environment: 'staging', hasSecret: true, integrationUsers: [{ label: 'alice' }] });
    expect(await sandbox.keychain.get(`client/${client.id}/secret`)).toBe(SECRET);
    await ok(['client', 'set-secret', 'acme/web'], 'replaced-secret');
    expect(await sandbox.keychain.get(`client/${client.id}/secret`)).toBe('replaced-secret');
    expect(readAllFiles(sandbox.home)).not.toContain(SECRET);
  });

  it('client update --default-scheme basic on a client holding its secret: DESTINATION_CHANGE (its copies would hand out base64 of id:secret), allowed only with the flag; back down to token is plain', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['client', 'add', 'acme/web', '--env', 'staging', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--secret-stdin'], `${SECRET}\n`);
    const before = sandbox.storeText();
    const refused = await tokendeck(['client', 'update', 'acme/web', '--default-scheme', 'basic']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('DESTINATION_CHANGE: This would change where stored secrets are sent: every default copy, token and exec of acme/web would now hand out basic: base64 of client id:secret, from the secret of acme/web (was token: the public client id). Nothing was changed.');
    expect(refused.stderr).toContain('--allow-destination-change');
    expect(sandbox.storeText()).toBe(before);
    await ok(['client', 'update', 'acme/web', '--default-scheme', 'basic', '--allow-destination-change']);
    expect((await ok(['token', 'acme/web'])).stdout.trim()).toBe(Buffer.from(`3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70:${SECRET}`).toString('base64'));
    await ok(['client', 'update', 'acme/web', '--default-scheme', 'token']);
  });

  it('client update --user re-pointing a label, or a longer --devtoken-ttl, with the organization holding a key: DESTINATION_CHANGE (what the key signs), allowed only with the flag; a shorter one is plain', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['client', 'add', 'acme/web', '--env', 'staging', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--user', 'alice=8d883178-9585-482e-bb4b-0c85736edc2d']);
    await ok(['client', 'update', 'acme/web', '--devtoken-ttl', '1h']);
    await ok(['key', 'generate', 'acme', '--kid', 'K1']);
    const before = sandbox.storeText();
    const repointed = await tokendeck(['client', 'update', 'acme/web', '--user', 'alice=0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4']);
    expect(repointed.code).toBe(2);
    expect(repointed.stderr).toContain(
      'DESTINATION_CHANGE: This would change where stored secrets are sent: acme\'s key K1 would now sign DevTokens of acme/web with integration user "alice" "0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4" (was "8d883178-9585-482e-bb4b-0c85736edc2d"). Nothing was changed.',
    );
    const longer = await tokendeck(['client', 'update', 'acme/web', '--devtoken-ttl', '30d']);
    expect(longer.code).toBe(2);
    expect(longer.stderr).toContain('acme\'s key K1 would now sign DevTokens of acme/web with DevToken lifetime 2592000 s (was 3600 s)');
    expect(sandbox.storeText()).toBe(before);
    await ok(['client', 'update', 'acme/web', '--user', 'alice=0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4', '--devtoken-ttl', '30d', '--allow-destination-change']);
    await ok(['client', 'update', 'acme/web', '--devtoken-ttl', '1h']);
    const [client] = JSON.parse((await ok(['list', '--json'])).stdout).organizations[0].clients;
    expect(client).toMatchObject({ integrationUsers: [{ label: 'alice', uuid: '0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4' }], devtokenTtlSeconds: 3600 });
  });

  it('org update with four new allowed origins: the refusal names every one, the fourth included', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['client', 'add', 'acme/web', '--env', 'staging', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--secret-stdin'], `${SECRET}\n`);
    const origins = ['https://cdn.partner.example', 'https://files.partner.example', 'https://img.partner.example', 'https://collect.attacker.example'];
    const refused = await tokendeck(['org', 'update', 'acme', ...origins.flatMap((o) => ['--allow-origin', o])]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the secret of acme/web would now be sent to ${origins.slice(0, 3).join(', ')} and ${origins[3]}.`);
  });

  it('refuses a secret of only spaces or with spaces around it, from client add and set-secret alike', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    const spaces = await tokendeck(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '2cf82db3-4064-4235-8253-16994eb51773', '--secret-stdin'], '   ');
    expect(spaces.code).not.toBe(0);
    expect(spaces.stderr).toContain('VALIDATION: Invalid secret: it is only spaces. Nothing was saved.');
    expect(JSON.parse((await ok(['list', '--json'])).stdout).organizations[0].clients).toEqual([]);

    // The one newline a pipe adds is not part of the secret (`echo "$S" | …`); anything else is.
    await ok(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '2cf82db3-4064-4235-8253-16994eb51773', '--secret-stdin'], `${SECRET}\n`);
    const [client] = JSON.parse((await ok(['list', '--json'])).stdout).organizations[0].clients;
    for (const padded of [` ${SECRET}`, `${SECRET} \n`, `${SECRET}\t`]) {
      const run = await tokendeck(['client', 'set-secret', 'acme/web'], padded);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('VALIDATION: Invalid secret: it starts or ends with a space or tab.');
    }
    expect(await sandbox.keychain.get(`client/${client.id}/secret`)).toBe(SECRET);
  });

  it('checks MusicAPI and Musimap client ids as UUIDs on client add and update; OAuth 2.0 ids stay free-form', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['org', 'add', 'moodmap', '--provider', 'musimap', '--token-url', 'https://auth.moodmap.test/token']);
    await ok(['org', 'add', 'partner', '--provider', 'oauth2', '--token-url', 'https://auth.partner.test/token']);
    const cut = await tokendeck(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '2cf82db3-4064-4235-8253']);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('VALIDATION: Invalid clientId: a musicapi client id is a UUID like 2cf82db3-4064-4235-8253-16994eb51773');
    await ok(['client', 'add', 'moodmap/prod', '--env', 'production', '--client-id', 'efb3ed15-0052-4e00-9584-1365510b547d']);
    const changed = await tokendeck(['client', 'update', 'moodmap/prod', '--client-id', 'efb3ed15']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('VALIDATION: Invalid clientId: a musimap client id is a UUID');
    await ok(['client', 'add', 'partner/svc', '--env', 'dev', '--client-id', 'svc client']);
    const clients = JSON.parse((await ok(['list', '--json'])).stdout).organizations.flatMap((o: { clients: Array<{ clientId: string }> }) => o.clients);
    expect(clients.map((c: { clientId: string }) => c.clientId)).toEqual(['efb3ed15-0052-4e00-9584-1365510b547d', 'svc client']);
  });

  it('marks a client as production with client update --production on|off, whatever its environment', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['client', 'add', 'acme/web', '--env', 'staging', '--client-id', '2cf82db3-4064-4235-8253-16994eb51773']);
    const client = async () => JSON.parse((await ok(['list', '--json'])).stdout).organizations[0].clients[0];
    expect((await client()).production).toBeUndefined();
    await ok(['client', 'update', 'acme/web', '--production', 'on']);
    expect((await client()).production).toBe(true);
    await ok(['client', 'update', 'acme/web', '--production', 'off']);
    expect((await client()).production).toBe(false);
    const wrong = await tokendeck(['client', 'update', 'acme/web', '--production', 'maybe']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--production takes on or off');
  });

  it('never accepts a secret as an argument', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    const run = await tokendeck(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--secret', SECRET]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('USAGE');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('generates a key, printing only the public PEM on stdout', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    const run = await ok(['key', 'generate', 'acme', '--kid', 'KEY-1']);
    expect(run.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(run.stderr).toContain('thumbprint');
    const keys = JSON.parse((await ok(['key', 'list', 'acme', '--json'])).stdout);
    expect(keys).toMatchObject([{ kid: 'KEY-1', publicKeyPem: run.stdout, status: 'active' }]);
    expect((await ok(['key', 'list', 'acme'])).stdout).toMatch(/^KEY-1\tactive\t[\w-]{43}\t/);
  });

  it('imports the SEC1 PEM of the seed\'s openssl command and refuses a public key', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pemFile = path.join(sandbox.home, 'private.ec.key');
    fs.writeFileSync(pemFile, privateKey.export({ type: 'sec1', format: 'pem' }));
    await ok(['key', 'import', 'acme', '--kid', 'K', '--file', pemFile]);
    fs.writeFileSync(pemFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const refused = await tokendeck(['key', 'import', 'acme', '--kid', 'K2', '--file', pemFile]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/BAD_KEY: This is a public key/);
    const missing = await tokendeck(['key', 'import', 'acme', '--kid', 'K3', '--file', '/nonexistent.pem']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('ENOENT') });
  });

  it('exits 2 with the stable code for bad usage and input, 1 for other failures', async () => {
    const cases: Array<[string[], number, string]> = [
      [[], 2, ''],
      [['frobnicate'], 2, 'USAGE'],
      [['org', 'add', 'acme'], 2, 'USAGE: --provider is required'],
      [['org', 'add', 'acme', '--provider', 'myspace'], 2, 'VALIDATION: Invalid organization: provider'],
      [['org', 'add', 'acme', '--provider', 'musicapi', '--api-url', 'nope'], 2, 'VALIDATION: Invalid organization: apiBaseUrl'],
      [['org', 'remove', 'ghost'], 2, 'NOT_FOUND'],
      [['client', 'add', 'ghost', '--env', 'dev', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70'], 2, 'USAGE: "ghost" is not <org>/<client>'],
      [['client', 'remove', 'ghost/web'], 2, 'NOT_FOUND'],
      [['key', 'list', 'ghost'], 2, 'NOT_FOUND'],
    ];
    for (const [args, code, message] of cases) {
      const run = await tokendeck(args);
      expect({ args, code: run.code }).toEqual({ args, code });
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    }
  });

  it('reports an unreachable Secret Service as KEYCHAIN_UNAVAILABLE and writes the secret nowhere', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    const env = { ...sandbox.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const run = await runTokendeck(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--secret-stdin'], { env, stdin: SECRET });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/KEYCHAIN_UNAVAILABLE: .*Secret Service/);
    expect(run.stderr).not.toContain(SECRET);
    expect(readAllFiles(sandbox.home)).not.toContain(SECRET);
    expect(JSON.parse((await ok(['list', '--json'])).stdout).organizations[0].clients).toEqual([]);
  });

  it('removes clients and organizations with --yes, their keychain entries to the trash', async () => {
    await ok(['org', 'add', 'acme', '--provider', 'musicapi']);
    await ok(['client', 'add', 'acme/web', '--env', 'dev', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', '--secret-stdin'], SECRET);
    await ok(['client', 'add', 'acme/api', '--env', 'prod', '--client-id', '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d', '--secret-stdin'], 'other');
    await ok(['key', 'generate', 'acme', '--kid', 'K']);
    expect(await sandbox.keychain.accounts()).toHaveLength(3);
    await ok(['client', 'remove', 'acme/web', '--yes']);
    const live = async () => (await sandbox.keychain.accounts()).filter((account) => !account.startsWith('trash/'));
    expect(await live()).toHaveLength(2);
    await ok(['org', 'remove', 'acme', '--yes']);
    // What was removed waits in the trash for 7 days (trash-cli.test.ts).
    expect(await live()).toEqual([]);
    expect(await sandbox.keychain.accounts()).toHaveLength(3);
    expect(JSON.parse((await ok(['list', '--json'])).stdout)).toEqual({ organizations: [] });
  });
});
