// Hostile and broken setup files through the built CLI, against the real store and keychain: a
// "secret-free" file that re-points where a stored secret goes (matched by name in another case),
// or that makes a client hand out its secret where its public id went, is refused with exit 2 and
// nothing changed, unless --allow-destination-change; the secret then never reaches the new host.
// Every new host and every changed organization is named, however many. And an import lands whole or not at all, even 10,000 organizations
// with a bad one last, or a store that refuses the write after the console's was made.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { startOAuth2, type OAuth2Server } from '../servers/oauth2.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { OAUTH_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

type Setup = { organizations: Array<Record<string, any>> };

let world: VendorWorld;
let evil: OAuth2Server;
let scratch: string;
beforeEach(async () => {
  world = await startVendorWorld();
  // The "new host" of a hostile file: a token endpoint that would accept the secret it is sent.
  evil = await startOAuth2([OAUTH_CLIENT]);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-hostile-setup-'));
  await world.core.requestConsole.save('Introspect', { org: 'acme', client: 'web', method: 'GET', url: '/search/introspection', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false });
});
afterEach(async () => {
  await evil.close();
  await world.close();
  fs.rmSync(scratch, { recursive: true, force: true });
  recordCount('fault cases', 1);
});

/** The world's own setup, edited, as a file: what a colleague's "updated setup" could be. */
function setupFile(edit: (setup: Setup, org: (name: string) => Record<string, any>) => void): string {
  const setup = JSON.parse(exportSetup(world.vault, world.core.requestConsole)) as Setup;
  edit(setup, (name) => setup.organizations.find((o) => o.name === name)!);
  const file = path.join(scratch, `setup-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(setup, null, 2));
  return file;
}

const consoleText = () => fs.readFileSync(world.core.requestConsole.store.file, 'utf8');
const accounts = async () => (await world.keychain.accounts()).sort();

/** vault.json, console.json and the keychain's accounts, to compare byte for byte. */
async function everything(): Promise<[string, string, string[]]> {
  return [world.storeText(), consoleText(), await accounts()];
}

describe('a setup file that re-points a stored secret', () => {
  const cases: Array<[string, (setup: Setup, org: (name: string) => Record<string, any>) => void, string, () => unknown, RegExp]> = [
    [
      'the token URL of PARTNER (matched case-insensitively)',
      (_s, org) => Object.assign(org('partner'), { name: 'PARTNER', tokenUrl: `${evil.origin}/oauth/token` }),
      'partner',
      () => world.vault.organization('partner').tokenUrl,
      /the secret of partner\/svc and the secret of partner\/svc-post would now be sent to http:\/\/127\.0\.0\.1:\d+\/oauth\/token/,
    ],
    ['the API URL of acme', (_s, org) => (org('acme').apiBaseUrl = `${evil.origin}/`), 'acme', () => world.vault.organization('acme').apiBaseUrl, /the secret of acme\/web and DevTokens signed with acme's key KID-1 would now be sent to http:\/\/127\.0\.0\.1:\d+\//],
    ['the allowed origins of moodmap', (_s, org) => (org('moodmap').allowedOrigins = [evil.origin]), 'moodmap', () => world.vault.organization('moodmap').allowedOrigins, /the secret of moodmap\/prod would now be sent to http:\/\/127\.0\.0\.1:\d+/],
    [
      'the auth method of partner/svc',
      (_s, org) => (org('partner').clients.find((c: { name: string }) => c.name === 'svc').oauth2 = { authMethod: 'client_secret_post' }),
      'partner/svc',
      () => world.vault.resolveClient('partner', 'svc').client.oauth2,
      /the secret of partner\/svc would now be sent to http:\/\/127\.0\.0\.1:\d+\/oauth\/token with auth method client_secret_post \(was client_secret_basic\)/,
    ],
    [
      'the client id of partner/svc-post',
      (_s, org) => (org('partner').clients.find((c: { name: string }) => c.name === 'svc-post').clientId = 'someone-elses-client'),
      'partner/svc-post',
      () => world.vault.resolveClient('partner', 'svc-post').client.clientId,
      /the secret of partner\/svc-post would now be sent to .* with client id "someone-elses-client" \(was "svc client"\)/,
    ],
    [
      'four allowed origins of moodmap, three like the partner\'s and the fourth an attacker\'s',
      (_s, org) => (org('moodmap').allowedOrigins = ['https://cdn.partner.example', 'https://files.partner.example', 'https://img.partner.example', 'https://collect.attacker.example']),
      'moodmap',
      () => world.vault.organization('moodmap').allowedOrigins,
      /the secret of moodmap\/prod would now be sent to https:\/\/cdn\.partner\.example, https:\/\/files\.partner\.example, https:\/\/img\.partner\.example and https:\/\/collect\.attacker\.example/,
    ],
    [
      'the default scheme of acme/web from token (its public client id) to basic (base64 of id:secret)',
      (_s, org) => (org('acme').clients.find((c: { name: string }) => c.name === 'web').defaultScheme = 'basic'),
      'acme/web',
      () => world.vault.resolveClient('acme', 'web').client.defaultScheme,
      /every default copy, token and exec of acme\/web would now hand out basic: base64 of client id:secret, from the secret of acme\/web \(was token: the public client id\)/,
    ],
    [
      'the default scheme of acme/web from token to devtoken (signed by its stored key)',
      (_s, org) => (org('acme').clients.find((c: { name: string }) => c.name === 'web').defaultScheme = 'devtoken'),
      'acme/web',
      () => world.vault.resolveClient('acme', 'web').client.defaultScheme,
      /every default copy, token and exec of acme\/web would now hand out devtoken: a DevToken signed by a stored key, from acme's key KID-1 \(was token: the public client id\)/,
    ],
    [
      'the integration user alice of acme/web pointed at another UUID (the DevToken sub its key signs)',
      (_s, org) => (org('acme').clients.find((c: { name: string }) => c.name === 'web').integrationUsers = [{ label: 'alice', uuid: '0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4' }]),
      'acme/web',
      () => world.vault.resolveClient('acme', 'web').client.integrationUsers,
      /acme's key KID-1 would now sign DevTokens of acme\/web with integration user "alice" "0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4" \(was "8d883178-9585-482e-bb4b-0c85736edc2d"\)/,
    ],
    [
      'the integration users of acme/web (a new label, so a new DevToken sub)',
      (_s, org) => org('acme').clients.find((c: { name: string }) => c.name === 'web').integrationUsers.push({ label: 'mallory', uuid: '0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4' }),
      'acme/web',
      () => world.vault.resolveClient('acme', 'web').client.integrationUsers,
      /acme's key KID-1 would now sign DevTokens of acme\/web with integration user "mallory" "0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4" \(was none\)/,
    ],
    [
      'the DevToken lifetime of acme/web, made longer than the default',
      (_s, org) => (org('acme').clients.find((c: { name: string }) => c.name === 'web').devtokenTtlSeconds = 366 * 24 * 3600),
      'acme/web',
      () => world.vault.resolveClient('acme', 'web').client.devtokenTtlSeconds,
      /acme's key KID-1 would now sign DevTokens of acme\/web with DevToken lifetime 31622400 s \(was 1209600 s\)/,
    ],
    [
      'the saved requests of acme (one added that may go to any origin, here another host)',
      (_s, org) => org('acme').savedRequests.push({ name: 'Steal', request: { client: 'web', method: 'GET', url: `${evil.origin}/collect`, query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: true } }),
      'acme saved Steal',
      () => world.core.requestConsole.saved('acme').map((s) => s.name),
      /the secret of acme\/web and DevTokens signed with acme's key KID-1 would be sent to http:\/\/127\.0\.0\.1:\d+ by the saved request "Steal" \(any origin allowed\)/,
    ],
  ];
  for (const [what, edit, where, field, message] of cases) {
    it(`changing ${what}: listed apart, refused with exit 2 and nothing changed, accepted with --allow-destination-change`, async () => {
      const file = setupFile(edit);
      const before = await everything();
      const fieldBefore = structuredClone(field());

      const dry = await runTokendeck(['import', file, '--dry-run'], { env: world.env });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(new RegExp(`^destination ${where}: ${message.source}`, 'm'));
      expect(dry.stderr).toContain('The import would be refused');

      const refused = await runTokendeck(['import', file], { env: world.env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^tokendeck: DESTINATION_CHANGE: This would change where stored secrets are sent: /);
      expect(refused.stderr).toMatch(message);
      expect(refused.stderr).toContain('--allow-destination-change');
      expect(await everything()).toEqual(before);
      expect(field()).toEqual(fieldBefore);

      const allowed = await runTokendeck(['import', file, '--allow-destination-change'], { env: world.env });
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toMatch(message);
      expect(field()).not.toEqual(fieldBefore);
      expect(await accounts()).toEqual(before[2]);
    });
  }

  it('end to end: without the flag the secret never reaches the new host; the next token comes from the old one', async () => {
    const file = setupFile((_s, org) => (org('partner').tokenUrl = `${evil.origin}/oauth/token`));
    expect((await runTokendeck(['import', file], { env: world.env })).code).toBe(2);
    const token = await runTokendeck(['token', 'partner/svc', '--fresh'], { env: world.env });
    expect(token.code).toBe(0);
    expect(world.oauth.exchanges).toBe(1);
    expect(evil.seen).toEqual([]);

    // The flag is what lets it through (and so what the refusal above held back).
    expect((await runTokendeck(['import', file, '--allow-destination-change'], { env: world.env })).code).toBe(0);
    expect((await runTokendeck(['token', 'partner/svc', '--fresh'], { env: world.env })).code).toBe(0);
    expect(evil.seen).toHaveLength(1);
    expect(evil.seen[0]!.headers.authorization).toMatch(/^Basic /);
  });

  it('twelve organizations re-pointed at once: the refusal, the dry run and the --allow-destination-change note name every one, the last included', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    for (const name of names) {
      await world.vault.addOrganization({ name, provider: 'oauth2', tokenUrl: world.oauth.tokenUrl });
      await world.vault.addClient(name, { name: 'svc', environment: 'production', clientId: `${name}-id` }, 'a stored secret');
    }
    const file = setupFile((_s, org) => names.forEach((name, i) => (org(name).tokenUrl = `https://collect${i + 1}.attacker.example/token`)));
    const before = await everything();

    const dry = await runTokendeck(['import', file, '--dry-run'], { env: world.env });
    const refused = await runTokendeck(['import', file], { env: world.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(/\band \d+ more\b/);
    expect(dry.stdout).not.toMatch(/\band \d+ more\b/);
    names.forEach((name, i) => {
      const line = `the secret of ${name}/svc would now be sent to https://collect${i + 1}.attacker.example/token`;
      expect(refused.stderr).toContain(line);
      expect(dry.stdout).toContain(`destination ${name}: ${line}`);
    });
    expect(await everything()).toEqual(before);

    const allowed = await runTokendeck(['import', file, '--allow-destination-change'], { env: world.env });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('destination team-12: the secret of team-12/svc would now be sent to https://collect12.attacker.example/token');
  });

  it('a default scheme moving down the ladder (basic to token), or up to a secret not held here, is a plain change', async () => {
    await world.vault.updateClient('acme', 'web', { defaultScheme: 'basic' }, world.vault.clientUpdateDestinationChange('acme', 'web', { defaultScheme: 'basic' }));
    const down = await runTokendeck(['import', setupFile((_s, org) => (org('acme').clients.find((c: { name: string }) => c.name === 'web').defaultScheme = 'token'))], { env: world.env });
    expect(down.code).toBe(0);
    expect(down.stdout).toBe('change acme/web: defaultScheme\n');
    await world.vault.addClient('acme', { name: 'nosecret', environment: 'staging', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f71' });
    const up = await runTokendeck(['import', setupFile((_s, org) => (org('acme').clients.find((c: { name: string }) => c.name === 'nosecret').defaultScheme = 'basic'))], { env: world.env });
    expect(up.code).toBe(0);
    expect(world.vault.resolveClient('acme', 'nosecret').client.defaultScheme).toBe('basic');
  });

  it('a DevToken user removed, or a shorter DevToken lifetime, is a plain change', async () => {
    const run = await runTokendeck(['import', setupFile((_s, org) => Object.assign(org('acme').clients.find((c: { name: string }) => c.name === 'web'), { integrationUsers: [], devtokenTtlSeconds: 600 }))], { env: world.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('change acme/web: integrationUsers, devtokenTtlSeconds\n');
    expect(world.vault.resolveClient('acme', 'web').client).toMatchObject({ integrationUsers: [], devtokenTtlSeconds: 600 });
  });

  it('an organization holding no secret and no private key takes the same change plainly', async () => {
    await world.vault.addOrganization({ name: 'fresh', provider: 'oauth2', tokenUrl: world.oauth.tokenUrl });
    await world.vault.addClient('fresh', { name: 'svc', environment: 'staging', clientId: 'no-secret-yet' });
    const file = setupFile((_s, org) => (org('fresh').tokenUrl = `${evil.origin}/oauth/token`));
    const run = await runTokendeck(['import', file], { env: world.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('change fresh: tokenUrl\n');
    expect(world.vault.organization('fresh').tokenUrl).toBe(`${evil.origin}/oauth/token`);
  });
});

describe('a setup file that would slip a host or a key past the checks', () => {
  it('a GitHub App organization without its API URL: refused naming organizations[i].apiBaseUrl, never filled in with api.github.com', async () => {
    const gh = (apiBaseUrl?: string) => ({ name: 'gh', provider: 'jwt', ...(apiBaseUrl ? { apiBaseUrl } : {}), jwt: presetProfile('github-app'), clients: [{ name: 'app', environment: 'production', clientId: 'Iv1.0123456789abcdef' }] });
    const before = await everything();
    const refused = await runTokendeck(['import', writeSetup({ tokendeckSetup: 1, organizations: [gh()] } as Setup)], { env: world.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^tokendeck: VALIDATION: The setup file is invalid — organizations\[0\]\.apiBaseUrl: this profile exchanges the app JWT for an installation token under the API URL: give it/);
    expect(await everything()).toEqual(before);

    const named = await runTokendeck(['import', writeSetup({ tokendeckSetup: 1, organizations: [gh('https://ghe.example.com/api/v3')] } as Setup)], { env: world.env });
    expect(named.code).toBe(0);
    expect(world.vault.organization('gh').apiBaseUrl).toBe('https://ghe.example.com/api/v3');
  });

  it('one P-256 public key in an ES256 and an RS256 organization: refused for the RS256 one, nothing imported', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const org = (name: string, alg: 'ES256' | 'RS256') => ({ name, provider: 'jwt', apiBaseUrl: `https://${name}.example`, jwt: { ...presetProfile('custom'), alg }, keys: [{ kid: 'K1', algorithm: alg, publicKeyPem: pem, thumbprint: 'x', status: 'active' }] });
    const before = await everything();
    const run = await runTokendeck(['import', writeSetup({ tokendeckSetup: 1, organizations: [org('es', 'ES256'), org('rs', 'RS256')] } as Setup)], { env: world.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tokendeck: VALIDATION: The setup file is invalid — organizations\[1\]\.keys\[0\]\.publicKeyPem: /);
    expect(await everything()).toEqual(before);
    expect(world.vault.tree().organizations.map((o) => o.name)).not.toContain('rs');
  });
});

/** A setup file of `count` OAuth 2.0 organizations, one client each: the shape of a big team. */
function bulkSetup(count: number): Setup {
  const organizations = Array.from({ length: count }, (_, i) => ({
    name: `bulk-${String(i).padStart(5, '0')}`,
    provider: 'oauth2',
    tokenUrl: `https://auth${i}.example.com/oauth/token`,
    clients: [{ name: 'svc', environment: 'production', clientId: `client-${i}` }],
  }));
  return { tokendeckSetup: 1, organizations } as Setup;
}

function writeSetup(setup: Setup): string {
  const file = path.join(scratch, `setup-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(setup));
  return file;
}

/** Makes a file impossible to replace, root included (chattr +i); returns the undo. */
function pinFile(file: string): () => void {
  execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
  return () => execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
}

const canPinFiles = (() => {
  const probe = path.join(fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'tokendeck-pin-probe-')), 'f');
  fs.writeFileSync(probe, '');
  try {
    pinFile(probe)();
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  }
})();
if (!canPinFiles) console.warn('Unreplaceable vault test skipped: this filesystem cannot make a file immutable (chattr +i failed).');

describe('an import is all or nothing', () => {
  it('10,000 organizations with a client that does not fit last: refused, vault and console byte-identical; without it all 10,000 land', async () => {
    const setup = bulkSetup(10_000);
    // MusicAPI has no bearer scheme: the check that used to fail only after 9,999 writes.
    Object.assign(setup.organizations[9_999]!, { provider: 'musicapi', tokenUrl: undefined, apiBaseUrl: 'https://api.musicapi.com', clients: [{ name: 'svc', environment: 'production', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70', defaultScheme: 'bearer' }] });
    const before = await everything();
    const bad = await runTokendeck(['import', writeSetup(setup)], { env: world.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/VALIDATION: The setup file is invalid — organizations\[9999\]\.clients\[0\]\.defaultScheme: Invalid defaultScheme: a musicapi client can use token, basic, devtoken, not bearer\. Nothing was imported\./);
    expect(await everything()).toEqual(before);

    const good = await runTokendeck(['import', writeSetup(bulkSetup(10_000))], { env: world.env });
    expect(good.code).toBe(0);
    expect(world.vault.organizations()).toHaveLength(10_003);
    expect(world.vault.resolveClient('bulk-09999', 'svc').client).toMatchObject({ clientId: 'client-9999', hasSecret: false });
    expect(await accounts()).toEqual(before[2]);
  });

  it('a saved request naming a client that exists nowhere, last in the file: refused before anything is written', async () => {
    const file = setupFile((setup, org) => {
      setup.organizations.push(...bulkSetup(50).organizations);
      org('partner').savedRequests = [{ name: 'Ghost', request: { client: 'ghost', method: 'GET', url: '/x', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false } }];
      org('acme').notes = 'changed by the import';
    });
    const before = await everything();
    const run = await runTokendeck(['import', file], { env: world.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/organizations\[2\]\.savedRequests\[0\]\.request\.client: "ghost" is not a client of "partner"/);
    expect(await everything()).toEqual(before);
  });

  it.skipIf(!canPinFiles)('a vault file that cannot be replaced after the saved requests were written: both files as they were', async () => {
    // A new saved request for acme, and a change to partner's notes (a vault write).
    const file = setupFile((_s, org) => {
      org('acme').savedRequests.push({ name: 'Second', request: { client: 'web', method: 'GET', url: '/second', query: [], headers: [], body: { kind: 'none' }, allowAnyOrigin: false } });
      org('partner').notes = 'changed by the import';
    });
    const before = await everything();
    const unpin = pinFile(path.join(world.home, 'vault.json'));
    let run;
    try {
      run = await runTokendeck(['import', file], { env: world.env });
    } finally {
      unpin();
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/STORE_UNWRITABLE/);
    expect(await everything()).toEqual(before);
    expect(world.core.requestConsole.saved('acme').map((s) => s.name)).toEqual(['Introspect']);
  });
});
