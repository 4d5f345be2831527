// Hostile setup files for signed-JWT organizations, through the built CLI: one that re-points
// where an organization's assertions are posted (its token URL) or its app JWT (GitHub's API URL),
// or rewrites what its private key signs (a claim, the header, the exchange, a longer lifetime, a
// client's subject, scope or installation), is a destination change, refused with nothing written
// unless allowed, naming what changes from what to what; one asking for an unsigned profile, a
// profile its key cannot sign, or a GitHub exchange with no API URL, is refused naming the path.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { startAssertionOAuthStandIn, type AssertionOAuthStandIn } from '../servers/assertion-oauth.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { startSignedJwtWorld, type SignedJwtWorld } from '../support/signed-jwt-world.js';

type Setup = { organizations: Array<Record<string, any>> };

let world: SignedJwtWorld;
let evil: AssertionOAuthStandIn;
let scratch: string;
beforeEach(async () => {
  world = await startSignedJwtWorld();
  evil = await startAssertionOAuthStandIn();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-hostile-jwt-'));
});
afterEach(async () => {
  await evil.close();
  await world.close();
  fs.rmSync(scratch, { recursive: true, force: true });
  recordCount('fault cases', 1);
});

function setupFile(edit: (org: (name: string) => Record<string, any>) => void): string {
  const setup = JSON.parse(exportSetup(world.vault, world.core.requestConsole)) as Setup;
  edit((name) => setup.organizations.find((o) => o.name === name)!);
  const file = path.join(scratch, `setup-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(setup, null, 2));
  return file;
}

const tokendeck = (args: string[]) => runTokendeck(args, { env: world.env });

describe('a setup file against signed-JWT organizations', () => {
  it.each([
    ['the token URL the assertions of grant go to', (org: (n: string) => Record<string, any>) => (org('grant').tokenUrl = `${'EVIL'}/token`), /tokens signed with grant's key grant-key-1 would now be sent to http:\/\/127\.0\.0\.1:\d+\/token/],
    ['the API URL gh posts its app JWT to', (org: (n: string) => Record<string, any>) => (org('gh').apiBaseUrl = 'EVIL'), /tokens signed with gh's key pending \S+ would now be sent to http:\/\/127\.0\.0\.1:\d+/],
  ])('changing %s: DESTINATION_CHANGE, nothing written; no assertion reaches the new host', async (_what, edit, message) => {
    const file = setupFile((org) => {
      edit(org);
      for (const name of ['grant', 'gh']) for (const field of ['tokenUrl', 'apiBaseUrl']) if (org(name)[field]) org(name)[field] = String(org(name)[field]).replace('EVIL', evil.origin);
    });
    const before = world.storeText();
    const run = await tokendeck(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DESTINATION_CHANGE/);
    expect(run.stderr).toMatch(message);
    expect(world.storeText()).toBe(before);
    expect((await tokendeck(['token', 'grant/svc', '--fresh'])).code).toBe(0);
    expect(evil.seen).toEqual([]);
  });

  it.each([
    ['a profile asking for alg none', (org: (n: string) => Record<string, any>) => (org('apple').jwt.alg = 'none'), /organizations\[\d+\]\.jwt\.alg: alg "none" is refused/],
    ['a profile over its preset\'s lifetime', (org: (n: string) => Record<string, any>) => (org('asc').jwt.ttlSeconds = 3_600), /organizations\[\d+\]\.jwt\.ttlSeconds/],
    ['a key of another algorithm than the profile\'s', (org: (n: string) => Record<string, any>) => (org('apple').keys[0].algorithm = 'ES384'), /P-256 .*ES384 needs|the key is ES384/],
    ['an extra claim redefining aud', (org: (n: string) => Record<string, any>) => (org('apple').jwt.claims = { aud: 'x' }), /organizations\[\d+\]\.jwt\.claims: extra claims may not set aud/],
  ])('%s: VALIDATION naming the path, nothing written', async (_what, edit, message) => {
    const file = setupFile(edit);
    const before = world.storeText();
    const run = await tokendeck(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION/);
    expect(run.stderr).toMatch(message);
    expect(world.storeText()).toBe(before);
  });
});

type Edit = (org: (n: string) => Record<string, any>) => void;
const client = (org: Record<string, any>, name: string) => org.clients.find((c: { name: string }) => c.name === name);

describe('a setup file rewriting what a stored private key signs', () => {
  it.each<[string, Edit, string, RegExp]>([
    ['the aud of grant', (org) => (org('grant').jwt.aud = 'https://collect.attacker.example/token'), 'grant', /grant's key grant-key-1 would now sign with aud "https:\/\/collect\.attacker\.example\/token" \(was "\{token_url\}"\)/],
    ['the iss and sub templates of grant', (org) => Object.assign(org('grant').jwt, { iss: 'admin@project.example', sub: 'admin@project.example' }), 'grant', /would now sign with iss "admin@project\.example" \(was "\{client_id\}"\), sub "admin@project\.example" \(was "\{client_id\}"\)/],
    ['an extra claim of apple (the origin list)', (org) => (org('apple').jwt.claims = { origin: ['https://collect.attacker.example'] }), 'apple', /apple's key ABCDE12345 would now sign with extra claims \{"origin":\["https:\/\/collect\.attacker\.example"\]\} \(was none\)/],
    ['the scope claim of asc', (org) => (org('asc').jwt.scope = ['GET /v1/apps', 'DELETE /v1/apps']), 'asc', /asc's key ASCKEY1234 would now sign with scope claim \["GET \/v1\/apps","DELETE \/v1\/apps"\] \(was none\)/],
    ['the exchange of gh (the app JWT sent as it is)', (org) => (org('gh').jwt.exchange = 'none'), 'gh', /would now sign with exchange none \(was github-installation\)/],
    ['the typ header of grant', (org) => (org('grant').jwt.typ = 'JWT'), 'grant', /would now sign with typ header "JWT" \(was none\)/],
    ['the lifetime of apple, upward', (org) => (org('apple').jwt.ttlSeconds = 15_000_000), 'apple', /apple's key ABCDE12345 would now sign with lifetime 15000000 s \(was 86400 s\)/],
    ['the subject of grant/svc', (org) => (client(org('grant'), 'svc').jwt = { scope: 'catalog.read', subject: 'admin@project.example' }), 'grant/svc', /tokens signed with grant's key grant-key-1 would now be sent to http:\/\/127\.0\.0\.1:\d+\/token with subject "admin@project\.example" \(was none\)/],
    ['the scope of grant/svc', (org) => (client(org('grant'), 'svc').jwt = { scope: 'catalog.write' }), 'grant/svc', /with scope "catalog\.write" \(was "catalog\.read"\)/],
    ['the installation of gh/bot', (org) => (client(org('gh'), 'bot').jwt = { installationId: '999' }), 'gh/bot', /with installation "999" \(was "4242"\)/],
  ])('changing %s: DESTINATION_CHANGE naming it from what to what, nothing written; --allow-destination-change lets it through', async (_what, edit, where, message) => {
    const file = setupFile(edit);
    const before = world.storeText();
    const dry = await tokendeck(['import', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^destination ${where}: .*${message.source}`, 'm'));
    const run = await tokendeck(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DESTINATION_CHANGE: This would change where stored secrets are sent: /);
    expect(run.stderr).toMatch(message);
    expect(world.storeText()).toBe(before);
    const allowed = await tokendeck(['import', file, '--allow-destination-change']);
    expect(allowed.code).toBe(0);
    expect(world.storeText()).not.toBe(before);
  });

  it('a shorter lifetime, or the same profile, is a plain change: nothing of the key\'s reach grows', async () => {
    const run = await tokendeck(['import', setupFile((org) => (org('apple').jwt.ttlSeconds = 3_600))]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('change apple: jwt\n');
    expect(world.vault.organization('apple').jwt!.ttlSeconds).toBe(3_600);
  });

  it('a profile whose algorithm the key cannot sign (ES256 to EdDSA over a P-256 key): VALIDATION naming the path, even with --allow-destination-change; nothing written', async () => {
    await world.vault.addOrganization({ name: 'own', provider: 'jwt', jwt: presetProfile('custom'), apiBaseUrl: 'https://api.own.example' });
    await world.vault.importKey('own', 'own-key-1', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const file = setupFile((org) => (org('own').jwt.alg = 'EdDSA'));
    const before = world.storeText();
    for (const extra of [[], ['--allow-destination-change'], ['--dry-run']]) {
      const run = await tokendeck(['import', file, ...extra]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/VALIDATION: The setup file is invalid — organizations\[\d+\]\.jwt\.alg: the active key own-key-1 cannot sign EdDSA .*Nothing was imported\./);
      expect(world.storeText()).toBe(before);
    }
    expect(world.vault.keys('own')[0]!.algorithm).toBe('ES256');
  });

  it('a GitHub installation exchange with no API URL (a custom profile): VALIDATION naming organizations[i].apiBaseUrl, nothing written', async () => {
    const file = setupFile((org) => {
      const gh = org('gh');
      gh.name = 'gh-copy';
      gh.jwt = { ...gh.jwt, preset: 'custom', typ: 'JWT' };
      delete gh.apiBaseUrl;
      gh.keys = [];
    });
    const before = world.storeText();
    const run = await tokendeck(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION: The setup file is invalid — organizations\[\d+\]\.apiBaseUrl: this profile exchanges the app JWT for an installation token under the API URL/);
    expect(world.storeText()).toBe(before);
  });
});

describe('a vault stored before the API URL was required', () => {
  it('a github-app organization without one still opens; minting refuses with what to set, and nothing is sent anywhere', async () => {
    const file = path.join(world.home, 'vault.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete data.organizations.find((o: { name: string }) => o.name === 'gh').apiBaseUrl;
    fs.writeFileSync(file, JSON.stringify(data));
    const list = await tokendeck(['org', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^gh\tjwt\t-$/m);
    const token = await tokendeck(['token', 'gh/bot', '--fresh']);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/VALIDATION: "gh" has no API URL: .*Set it with `tokendeck org update gh --api-url https:\/\/api\.github\.com`/);
    expect(world.github.seen).toEqual([]);
  });
});
