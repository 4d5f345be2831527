// The signed-JWT presets as scripts use them, through the built `tokendeck`, against stand-ins
// that verify with node:crypto: `token`, `request`, `exec`, `inspect`, and a setup exported
// without any private half and imported elsewhere; `org update` and `client update` changing what a
// stored key signs refused unless --allow-destination-change; `org add --preset github-app` saying
// the API URL its preset fills in.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { createSandbox } from '../support/sandbox.js';
import { APPLE_KID, INSTALLATION, startSignedJwtWorld, TEAM_ID, type SignedJwtWorld } from '../support/signed-jwt-world.js';

let world: SignedJwtWorld;
beforeEach(async () => {
  world = await startSignedJwtWorld();
});
afterEach(() => world.close());

const tokendeck = (args: string[], env: NodeJS.ProcessEnv = world.env, stdin?: string) => runTokendeck(args, { env, ...(stdin === undefined ? {} : { stdin }) });
async function ok(args: string[], env?: NodeJS.ProcessEnv, stdin?: string) {
  const run = await tokendeck(args, env, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

describe('token | request | exec', () => {
  it('token: the Apple Music developer token, with its Bearer word in --json', async () => {
    const out = JSON.parse((await ok(['token', 'apple/web', '--json'])).stdout);
    expect(out).toMatchObject({ scheme: 'jwt', authorization: `Bearer ${out.token}` });
    expect(JSON.parse(Buffer.from(out.token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'ES256', kid: APPLE_KID });
  });

  it('token: the GitHub installation token, exchanged once and then cached', async () => {
    const first = (await ok(['token', 'gh/bot'])).stdout.trim();
    expect(world.github.issued.get(first)).toMatchObject({ installationId: INSTALLATION });
    expect((await ok(['token', 'gh/bot'])).stdout.trim()).toBe(first);
    expect(world.github.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
    const listed = JSON.parse((await ok(['tokens', '--json'])).stdout);
    expect(listed).toEqual([expect.objectContaining({ org: 'gh', client: 'bot', scheme: 'bearer' })]);
  });

  it('request: each preset\'s first call is accepted by its stand-in', async () => {
    for (const [path, url, scheme] of [
      ['apple/web', '/v1/catalog/us/songs/203709340', 'jwt'],
      ['asc/ci', '/v1/apps', 'jwt'],
      ['asc-user/me', '/v1/apps', 'jwt'],
      ['gh/bot', '/app', 'jwt'],
      ['gh/bot', '/installation/repositories', 'bearer'],
      ['grant/svc', '/api/whoami', 'bearer'],
      ['idp/backend', '/api/whoami', 'bearer'],
    ] as const) {
      const run = await ok(['request', path, 'GET', url, '--scheme', scheme, '--json']);
      expect(JSON.parse(run.stdout).status, `${path} ${url}`).toBe(200);
    }
  });

  it('exec: the command gets the token and its Authorization value', async () => {
    const run = await ok(['exec', 'asc/ci', '--', 'sh', '-c', 'printf "%s\\n%s" "$TOKENDECK_TOKEN" "$TOKENDECK_AUTHORIZATION"']);
    const [token, authorization] = run.stdout.split('\n');
    expect(authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString())).toMatchObject({ aud: 'appstoreconnect-v1' });
  });
});

describe('inspect', () => {
  it('judges a token against its organization\'s profile', async () => {
    const token = (await ok(['token', 'apple/web'])).stdout.trim();
    const good = JSON.parse((await ok(['inspect', token, '--json'])).stdout);
    expect(good).toMatchObject({ org: 'apple', signature: { status: 'valid', kid: APPLE_KID }, warnings: [] });
    const asc = (await ok(['token', 'asc/ci'])).stdout.trim();
    // The same token judged as if it were Apple Music's: its aud and typ are not that profile's, its iss not a Team ID.
    const judged = JSON.parse((await ok(['inspect', asc, '--org', 'apple', '--json'])).stdout);
    expect(judged.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['ISS']));
    expect(judged.signature.status).toBe('unknown-kid');
  });
});

describe('setup export and import', () => {
  it('profiles and public halves travel; private halves never do, and the imported side cannot sign until it imports its own', async () => {
    const exported = (await ok(['export'])).stdout;
    expect(exported).not.toMatch(/PRIVATE KEY|tokendeck-rsa/);
    const file = JSON.parse(exported);
    const apple = file.organizations.find((o: { name: string }) => o.name === 'apple');
    expect(apple).toMatchObject({ provider: 'jwt', jwt: { preset: 'apple-music', alg: 'ES256' }, keys: [{ kid: APPLE_KID, algorithm: 'ES256' }], clients: [{ clientId: TEAM_ID }] });
    const gh = file.organizations.find((o: { name: string }) => o.name === 'gh');
    expect(gh).toMatchObject({ jwt: { preset: 'github-app', exchange: 'github-installation' }, clients: [{ jwt: { installationId: INSTALLATION } }] });
    // GitHub's key has no Key ID: it travels known by its thumbprint.
    expect(gh.keys).toEqual([{ algorithm: 'RS256', publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/), thumbprint: world.vault.keys('gh')[0]!.thumbprint, status: 'active' }]);

    const elsewhere = createSandbox();
    try {
      await ok(['import', '-'], elsewhere.env, exported);
      expect(elsewhere.vault.organization('apple').jwt).toEqual(world.vault.organization('apple').jwt);
      const [key] = elsewhere.vault.keys('apple');
      expect(key).toMatchObject({ kid: APPLE_KID, hasPrivateKey: false });
      const run = await tokendeck(['token', 'apple/web'], elsewhere.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/BAD_KEY: The private key of "ABCDE12345" is not on this machine/);
      // Its owner's .pem, imported on the other side, makes the shared GitHub key sign there.
      expect(elsewhere.vault.keys('gh')).toEqual([expect.objectContaining({ hasPrivateKey: false })]);
      const pem = path.join(elsewhere.home, 'app.pem');
      fs.writeFileSync(pem, await world.vault.privateKeyPem(world.vault.keys('gh')[0]!), { mode: 0o600 });
      await ok(['key', 'import', 'gh', '--file', pem], elsewhere.env);
      expect(elsewhere.vault.keys('gh')).toEqual([expect.objectContaining({ hasPrivateKey: true })]);
      const jwt = (await ok(['token', 'gh/bot', '--scheme', 'jwt'], elsewhere.env)).stdout.trim();
      expect(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString())).toMatchObject({ iss: world.vault.resolveClient('gh', 'bot').client.clientId });
    } finally {
      await elsewhere.cleanup();
    }
  });
});

describe('org update | client update: what a stored key signs', () => {
  it('org update rewriting aud and the lifetime of grant: DESTINATION_CHANGE naming each from what to what, nothing written; allowed with the flag', async () => {
    const before = world.storeText();
    const refused = await tokendeck(['org', 'update', 'grant', '--aud', 'https://collect.attacker.example/token', '--ttl', '30m']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/DESTINATION_CHANGE: This would change where stored secrets are sent: grant's key grant-key-1 would now sign with aud "https:\/\/collect\.attacker\.example\/token" \(was "\{token_url\}"\), lifetime 1800 s \(was 300 s\)\. Nothing was changed\./);
    expect(world.storeText()).toBe(before);
    const allowed = await ok(['org', 'update', 'grant', '--aud', 'https://collect.attacker.example/token', '--ttl', '30m', '--allow-destination-change']);
    expect(allowed.stderr).toMatch(/^Grant's key grant-key-1 would now sign with aud/m);
    expect(world.vault.organization('grant').jwt!.aud).toBe('https://collect.attacker.example/token');
  });

  it('client update changing the subject of grant/svc: refused unconfirmed, from what to what', async () => {
    const before = world.storeText();
    const refused = await tokendeck(['client', 'update', 'grant/svc', '--subject', 'admin@project.example']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/DESTINATION_CHANGE: .*tokens signed with grant's key grant-key-1 would now be sent to http:\/\/127\.0\.0\.1:\d+\/token with subject "admin@project\.example" \(was none\)/);
    expect(world.storeText()).toBe(before);
    await ok(['client', 'update', 'grant/svc', '--subject', 'admin@project.example', '--allow-destination-change']);
    expect(world.vault.resolveClient('grant', 'svc').client.jwt).toMatchObject({ subject: 'admin@project.example' });
  });

  it('org add --preset github-app fills in the API URL and says so; a custom GitHub exchange without one is refused', async () => {
    const box = createSandbox();
    try {
      const added = await ok(['org', 'add', 'app', '--preset', 'github-app'], box.env);
      expect(added.stderr).toContain('API URL: https://api.github.com (the github-app preset\'s; give --api-url for another, e.g. GitHub Enterprise).');
      expect(box.vault.organization('app').apiBaseUrl).toBe('https://api.github.com');
      const custom = await tokendeck(['org', 'add', 'own', '--preset', 'custom', '--exchange', 'github-installation'], box.env);
      expect(custom.code).toBe(2);
      expect(custom.stderr).toMatch(/VALIDATION: .*apiBaseUrl.*installation token under the API URL/);
    } finally {
      await box.cleanup();
    }
  });
});
