// Signed-JWT presets from the deck alone: for each preset, from an empty vault through "Connect a
// signed-JWT API" — the organization with its profile, the client, the key (generated, or imported
// as Apple's .p8 or GitHub's PKCS#1 PEM), its Key ID — to a token the preset's stand-in accepts,
// checked here with node:crypto against the key's public half, then seen live with its countdown.
// And the refusals a user meets in the forms: a key of the wrong curve, a lifetime over the maximum.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { presetProfile, PRESETS, type JwtPreset } from '../../main/core/jwt-profile.js';
import { removeOrganization } from '../../main/core/operations.js';
import { startAppStoreConnectStandIn } from '../servers/app-store-connect.js';
import { startAppleMusicStandIn } from '../servers/apple-music.js';
import { JWT_BEARER_CLIENT_ASSERTION, JWT_BEARER_GRANT, startAssertionOAuthStandIn } from '../servers/assertion-oauth.js';
import { startGitHubStandIn } from '../servers/github-app.js';
import { verifyCompactJws, type JwsAlgorithm, type JwtClaims } from '../servers/jwt-verify.js';
import type { Loopback } from '../servers/loopback.js';
import { useDeckPage } from '../support/deck-page.js';
import { signJws } from '../support/jws-sign.js';

const deck = useDeckPage();
const standIns: Loopback[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});

const TEAM_ID = 'A1B2C3D4E5';
const KEY_ID = 'K2X9R4HXF3';
const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The token's header and claims once its signature holds under `publicKeyPem` (node:crypto, in jwt-verify.ts). */
function verified(token: string, alg: JwsAlgorithm, publicKeyPem: string): { header: JwtClaims; claims: JwtClaims } {
  const verdict = verifyCompactJws(token, [alg], () => createPublicKey(publicKeyPem));
  if (!verdict.ok) throw new Error(`the token does not verify: ${verdict.reason}`);
  return { header: verdict.header, claims: verdict.payload };
}

async function emptyVault() {
  for (const org of deck.world.vault.organizations()) await removeOrganization(deck.world.core, org.name);
  await deck.page.reload();
  await deck.page.getByRole('heading', { name: 'Your vault is empty: connect an API' }).waitFor();
}

const wizardOf = () => deck.page.getByRole('region', { name: 'Connect a signed-JWT API' });

/** From the empty vault's start screen to the wizard's organization step with `preset` chosen. */
async function chooseProfile(preset: JwtPreset, name: string) {
  await emptyVault();
  await deck.page.getByRole('button', { name: 'Connect a signed-JWT API' }).click();
  const wizard = wizardOf();
  await wizard.getByLabel('Organization name').fill(name);
  await wizard.getByLabel('Preset').selectOption({ label: PRESETS[preset].label });
  // The preset's own values fill the form (its summary under the choice).
  await wizard.getByText(PRESETS[preset].summary).waitFor();
  // One environment, as these vendors have (connect-environments.test.ts walks several).
  for (const env of ['staging', 'production']) await wizard.getByRole('button', { name: `Remove ${env}` }).click();
  return wizard;
}

async function shootProfile(preset: JwtPreset, { dark = false, small = false } = {}) {
  await wizardOf().getByRole('group', { name: 'Signed-JWT profile' }).scrollIntoViewIfNeeded();
  await deck.shoot(`jwt-${preset}-profile-light`);
  if (dark) {
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot(`jwt-${preset}-profile-dark`);
    await deck.page.emulateMedia({ colorScheme: 'light' });
  }
  if (small) {
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await wizardOf().getByRole('group', { name: 'Signed-JWT profile' }).scrollIntoViewIfNeeded();
    await deck.shoot('jwt-profile-900x600-light');
    await deck.page.setViewportSize({ width: 1100, height: 700 });
  }
}

async function createOrganization(apiUrl: string, tokenUrl?: string) {
  const wizard = wizardOf();
  if (tokenUrl) await wizard.getByLabel('Token URL').fill(tokenUrl);
  await wizard.getByLabel('API URL').fill(apiUrl);
  await wizard.getByRole('button', { name: 'Create organization' }).click();
  await wizard.getByRole('form', { name: 'Client' }).waitFor();
}

async function saveClient(preset: JwtPreset, clientId: string, extra: Record<string, string> = {}) {
  const client = wizardOf().getByRole('form', { name: 'Client' });
  await client.getByLabel(PRESETS[preset].clientIdLabel, { exact: true }).fill(clientId);
  for (const [label, value] of Object.entries(extra)) await client.getByLabel(label).fill(value);
  await client.getByRole('button', { name: 'Save client' }).click();
  await wizardOf().getByRole('form', { name: 'Import a key' }).waitFor();
}

/** The profile's fields behind a vendor preset's "Advanced", opened. */
async function openAdvanced() {
  await wizardOf().getByText('Advanced: algorithm, header and claims').click();
}

async function importKey(pem: string, fileName?: string) {
  const form = wizardOf().getByRole('form', { name: 'Import a key' });
  const text = form.locator('textarea');
  if (fileName) await form.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'application/octet-stream', buffer: Buffer.from(pem) });
  else await text.fill(pem);
  // The file's text lands in the field before it is sent.
  await expect.poll(() => text.inputValue()).toContain('PRIVATE KEY');
  await form.getByRole('button', { name: 'Import key' }).click();
}

async function setKeyId(kid: string) {
  const form = wizardOf().getByRole('form', { name: 'Set Key ID' });
  await form.getByLabel('Key ID').fill(kid);
  await form.getByRole('button', { name: 'Save Key ID' }).click();
}

/** The last step's button; answers what went to the clipboard. */
async function makeToken(button: 'Make and copy a token' | 'Exchange and copy a token'): Promise<string> {
  await wizardOf().getByRole('button', { name: button }).click();
  await wizardOf().getByText(/is connected/).waitFor();
  return deck.clipboard();
}

/** The live list shows the organization's token with a running countdown. */
async function seeItLive(org: string, scheme: 'jwt' | 'bearer', shot?: string) {
  await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: /^Live tokens/ }).click();
  const row = deck.page.getByRole('row', { name: `token ${org}/app ${scheme}` });
  await row.waitFor();
  await expect.poll(() => row.locator('.countdown').textContent()).toMatch(/^in \d+ (d|h|min)/);
  if (shot) {
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot(shot);
    await deck.page.emulateMedia({ colorScheme: 'light' });
  }
}

describe('signed-JWT presets, from the deck alone', () => {
  it('Apple Music: imports the .p8 (its Key ID read from the file name) and makes a developer token Apple\'s stand-in accepts', async () => {
    const apple = await startAppleMusicStandIn({ teamId: TEAM_ID });
    standIns.push(apple);
    const wizard = await chooseProfile('apple-music', 'music');
    // What Apple's page asks for; the profile's fields wait under Advanced.
    const asks = wizard.locator('.vendor-asks');
    for (const ask of ['Team ID', 'AuthKey_<Key ID>.p8', 'Key ID']) await asks.getByText(ask).first().waitFor();
    expect(await wizard.getByLabel('Header typ').isVisible()).toBe(false);
    await deck.shootAll('jwt-apple-vendor-fields');
    await openAdvanced();
    await shootProfile('apple-music', { dark: true });
    // The optional origin list for MusicKit on the web, as extra claims.
    await wizard.getByLabel('Extra claims (JSON, optional)').fill('{"origin": ["https://music.example.com"]}');
    await createOrganization(apple.origin);
    await saveClient('apple-music', TEAM_ID);
    // Apple issues the key: nothing is generated here.
    expect(await wizard.getByRole('button', { name: /Generate/ }).count()).toBe(0);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyForm = wizard.getByRole('form', { name: 'Import a key' });
    await keyForm.getByLabel('The .p8 file Apple issued').setInputFiles({ name: `AuthKey_${KEY_ID}.p8`, mimeType: 'application/octet-stream', buffer: Buffer.from(pkcs8(privateKey)) });
    await expect.poll(() => keyForm.getByLabel('Key ID').inputValue()).toBe(KEY_ID);
    // Read, not shown: the private key stays off the screen.
    expect(await keyForm.locator('textarea').inputValue()).toBe('');
    await keyForm.getByText("From the file's name").waitFor();
    await deck.shootAll('jwt-apple-import-p8');
    await keyForm.getByRole('button', { name: 'Import key' }).click();
    // The Key ID came with the file: no step waits for it.
    await wizardOf().getByRole('button', { name: 'Make and copy a token' }).waitFor();
    expect(deck.world.vault.keys('music')[0]!.kid).toBe(KEY_ID);
    const token = await makeToken('Make and copy a token');

    const { header, claims } = verified(token, 'ES256', spki(publicKey));
    expect(header).toEqual({ alg: 'ES256', kid: KEY_ID });
    expect(claims).toMatchObject({ iss: TEAM_ID, origin: ['https://music.example.com'] });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(15_777_000);
    apple.registerKey(KEY_ID, spki(publicKey));
    const answer = await fetch(`${apple.origin}/v1/test`, { headers: { authorization: `Bearer ${token}`, origin: 'https://music.example.com' } });
    expect(answer.status).toBe(200);
    await seeItLive('music', 'jwt');

    // The inspector judges a token against the profile: one made by hand, living past Apple's six months.
    const iat = Math.floor(Date.now() / 1000);
    const tooLong = signJws('ES256', privateKey, { alg: 'ES256', kid: KEY_ID }, { iss: TEAM_ID, iat, exp: iat + 16_000_000 });
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: 'JWT inspector' }).click();
    const inspector = deck.page.getByRole('article', { name: 'JWT inspector' });
    await inspector.getByLabel('Token', { exact: true }).fill(tooLong);
    await inspector.getByLabel('Check against').selectOption('music');
    await inspector.getByRole('button', { name: 'Inspect' }).click();
    const warnings = inspector.getByRole('list', { name: 'Warnings' });
    await warnings.getByText('LIFETIME', { exact: true }).waitFor();
    expect(await warnings.textContent()).toContain('15777000');
    await inspector.getByLabel('Signature').getByText(`Signature valid (key ${KEY_ID})`).waitFor();
    await deck.shoot('jwt-inspector-lifetime-light');
  });

  it('App Store Connect: imports the ES256 key pasted, asks its Key ID, and makes a team-key token within 20 minutes with typ and aud', async () => {
    const asc = await startAppStoreConnectStandIn({ issuerId: ISSUER_ID });
    standIns.push(asc);
    const wizard = await chooseProfile('app-store-connect', 'appstore');
    await openAdvanced();
    await wizard.getByLabel('scope claim (optional)').fill('GET /v1/apps');
    await shootProfile('app-store-connect', { small: true });
    await createOrganization(asc.origin);
    // The issuer ID is a UUID: a cut one is refused under the field.
    const client = wizard.getByRole('form', { name: 'Client' });
    await client.getByLabel('Issuer ID', { exact: true }).fill('57246542-96fe');
    await client.getByRole('button', { name: 'Save client' }).click();
    await client.getByText('an App Store Connect issuer ID is a UUID').waitFor();
    await saveClient('app-store-connect', ISSUER_ID);
    expect(await wizard.getByRole('button', { name: /Generate/ }).count()).toBe(0);
    // Pasted, not chosen as a file: no file name to read the Key ID from, so its step asks.
    await importKey(pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
    // Apple's Key IDs are 10 characters: a short one is refused before it is sent.
    await setKeyId('SHORT');
    await wizard.getByText('Key IDs are 10 capital letters and digits').waitFor();
    await setKeyId(KEY_ID);
    const token = await makeToken('Make and copy a token');

    const [key] = deck.world.vault.keys('appstore');
    const { header, claims } = verified(token, 'ES256', key!.publicKeyPem);
    expect(header).toEqual({ typ: 'JWT', alg: 'ES256', kid: KEY_ID });
    expect(claims).toMatchObject({ iss: ISSUER_ID, aud: 'appstoreconnect-v1', scope: ['GET /v1/apps'] });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(1_200);
    asc.registerKey(KEY_ID, key!.publicKeyPem, 'team');
    expect((await fetch(`${asc.origin}/v1/apps`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await seeItLive('appstore', 'jwt');
  });

  it('GitHub App: imports the PKCS#1 RSA key and exchanges the app JWT for an installation token', async () => {
    const { privateKey, publicKey } = rsaPair();
    const github = await startGitHubStandIn({ clientId: 'Iv23liTOKENDECK', installations: ['4242'] });
    standIns.push(github);
    github.registerKey(spki(publicKey));
    const wizard = await chooseProfile('github-app', 'gh');
    await shootProfile('github-app', { dark: true });
    await createOrganization(github.origin);
    // The installation's settings URL, pasted: its number is kept.
    const installation = wizard.getByRole('form', { name: 'Client' }).getByLabel('Installation ID');
    await installation.fill('https://github.com/organizations/acme/settings/installations/4242');
    expect(await installation.inputValue()).toBe('4242');
    await installation.fill('https://github.com/settings/installations/31337');
    expect(await installation.inputValue()).toBe('31337');
    await deck.shootAll('jwt-wizard-github-client');
    await saveClient('github-app', 'Iv23liTOKENDECK', { 'Installation ID': 'https://github.com/settings/installations/4242' });
    await deck.shoot('jwt-wizard-github-key-light');
    // RSA is import-only: no generate button is offered.
    expect(await wizard.getByRole('button', { name: /Generate/ }).count()).toBe(0);
    await importKey(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    // No Key ID step: GitHub's JWTs name no key.
    const token = await makeToken('Exchange and copy a token');

    expect(github.issued.get(token)?.installationId).toBe('4242');
    const exchange = github.seen.find((r) => r.method === 'POST')!;
    const { header, claims } = verified(String(exchange.headers.authorization).replace(/^Bearer /, ''), 'RS256', spki(publicKey));
    expect(header).toEqual({ alg: 'RS256' });
    expect(claims.iss).toBe('Iv23liTOKENDECK');
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(660);
    await seeItLive('gh', 'bearer');
  });

  for (const preset of ['jwt-bearer', 'private-key-jwt'] as const) {
    it(`RFC 7523 ${preset}: imports the RSA key and exchanges a signed assertion at the token URL`, async () => {
      const { privateKey, publicKey } = rsaPair();
      const server = await startAssertionOAuthStandIn();
      standIns.push(server);
      server.registerClient('svc-7523', spki(publicKey), 'RS256');
      const wizard = await chooseProfile(preset, 'idp');
      // The token URL is asked for: the exchange needs it, and the aud names it.
      await wizard.getByLabel('Token URL').waitFor();
      await shootProfile(preset);
      await createOrganization(server.origin, server.tokenUrl);
      await saveClient(preset, 'svc-7523', { 'Scope to ask for (optional)': 'catalog:read' });
      await importKey(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
      await setKeyId('rsa-1');
      const token = await makeToken('Exchange and copy a token');

      expect(server.issued.get(token)?.clientId).toBe('svc-7523');
      const body = new URLSearchParams(server.seen.at(-1)!.body);
      const assertion = preset === 'jwt-bearer' ? body.get('assertion')! : body.get('client_assertion')!;
      if (preset === 'jwt-bearer') expect(body.get('grant_type')).toBe(JWT_BEARER_GRANT);
      else expect([body.get('grant_type'), body.get('client_assertion_type')]).toEqual(['client_credentials', JWT_BEARER_CLIENT_ASSERTION]);
      const { header, claims } = verified(assertion, 'RS256', spki(publicKey));
      expect(header).toMatchObject({ alg: 'RS256', kid: 'rsa-1' });
      expect(claims).toMatchObject({ iss: 'svc-7523', sub: 'svc-7523', aud: server.tokenUrl });
      expect(claims.jti).toEqual(expect.any(String));
      await seeItLive('idp', 'bearer');
    });
  }

  it('custom: an EdDSA profile, the key generated here, its public half shown as PEM and JWK, the token verified', async () => {
    const wizard = await chooseProfile('custom', 'inhouse');
    await wizard.getByLabel('Algorithm').selectOption('EdDSA');
    await wizard.getByLabel('aud (audience)').fill('https://api.inhouse.test');
    await wizard.getByLabel('Lifetime', { exact: true }).fill('15m');
    await shootProfile('custom');
    await createOrganization('https://api.inhouse.test');
    await saveClient('custom', 'inhouse-client');
    await wizard.getByRole('button', { name: 'Generate an EdDSA key here' }).click();
    await setKeyId('ed-1');
    const token = await makeToken('Make and copy a token');

    const [key] = deck.world.vault.keys('inhouse');
    expect(key!.algorithm).toBe('EdDSA');
    const { header, claims } = verified(token, 'EdDSA', key!.publicKeyPem);
    expect(header).toEqual({ typ: 'JWT', alg: 'EdDSA', kid: 'ed-1' });
    expect(claims).toMatchObject({ iss: 'inhouse-client', aud: 'https://api.inhouse.test' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    await seeItLive('inhouse', 'jwt', 'jwt-live-tokens-dark');

    // The client view copies a fresh one, and the whole header with the profile's word.
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'inhouse/app' }).click();
    const schemes = deck.page.getByRole('region', { name: 'Schemes' });
    await schemes.getByRole('button', { name: 'New jwt token' }).click();
    // Signed anew (an EdDSA signature of the same second is the same bytes: the message says it).
    await schemes.getByText(/^Copied jwt — new, expires in/).waitFor();
    expect(verified(deck.clipboard(), 'EdDSA', key!.publicKeyPem).claims.iss).toBe('inhouse-client');
    await schemes.getByRole('button', { name: 'Copy jwt header' }).click();
    await expect.poll(() => deck.clipboard()).toMatch(/^Authorization: Bearer eyJ/);
    expect(await schemes.getByRole('button', { name: /bearer/ }).count()).toBe(0);

    // The keys panel: the algorithm, and the public half as JWK for a JWKS.
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'inhouse (jwt)' }).click();
    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    await keys.getByText('EdDSA', { exact: true }).waitFor();
    await keys.getByRole('button', { name: 'Public key' }).click();
    await keys.getByRole('button', { name: 'Show JWK' }).click();
    const jwk = JSON.parse(await keys.getByLabel('Public key JWK').inputValue()) as Record<string, string>;
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: 'ed-1', alg: 'EdDSA', use: 'sig' });
    expect(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })).toBe(key!.publicKeyPem);
    await keys.getByLabel('Public key JWK').scrollIntoViewIfNeeded();
    await deck.shoot('jwt-keys-jwk-light');

    // Main's refusal of a field (its active key cannot sign another algorithm) stands under that field.
    await deck.page.getByRole('article', { name: 'Organization inhouse' }).getByRole('button', { name: 'Edit' }).click();
    const edit = deck.page.getByRole('form', { name: 'Edit inhouse' });
    await edit.getByLabel('Algorithm').selectOption('ES256');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByLabel('Algorithm').locator('..').getByText(/the active key ed-1 cannot sign ES256/).waitFor();
    expect(deck.world.vault.organization('inhouse').jwt?.alg).toBe('EdDSA');
  });
});

describe('signed-JWT organizations and clients, in the deck\'s own forms', () => {
  it('adds a GitHub App organization and a client without a secret, then edits the profile', async () => {
    await deck.page.getByRole('button', { name: '+ Organization' }).click();
    const form = deck.page.getByRole('form', { name: 'New organization' });
    await form.getByLabel('Name', { exact: true }).fill('gh');
    await form.getByLabel('Provider').selectOption({ label: 'Signed JWT' });
    await form.getByLabel('Preset').selectOption({ label: 'GitHub App' });
    // The preset fills the API URL and every profile field.
    expect(await form.getByLabel('API base URL').inputValue()).toBe('https://api.github.com');
    // Cleared, it is not filled in behind the user's back: the installation exchange needs it.
    await form.getByLabel('API base URL').fill('');
    await form.getByRole('button', { name: 'Create organization' }).click();
    expect(await form.getByLabel('API base URL').locator('..').locator('.field-error').textContent()).toContain('installation token under the API URL');
    expect(deck.world.vault.organizations().map((o) => o.name)).not.toContain('gh');
    await form.getByLabel('API base URL').fill('https://api.github.com');
    expect(await form.getByLabel('Algorithm').inputValue()).toBe('RS256');
    expect(await form.getByLabel('Back-date iat by').inputValue()).toBe('1m');
    // A claim name main's schema refuses (over 100 characters) stands under the extra claims.
    await form.getByLabel('Extra claims (JSON, optional)').fill(JSON.stringify({ ['n'.repeat(101)]: 1 }));
    await form.getByRole('button', { name: 'Create organization' }).click();
    await form.getByLabel('Extra claims (JSON, optional)').locator('..').locator('.field-error').waitFor();
    await form.getByLabel('Extra claims (JSON, optional)').fill('');
    await form.getByRole('button', { name: 'Create organization' }).click();
    const view = deck.page.getByRole('article', { name: 'Organization gh' });
    await view.getByText('GitHub App · RS256').waitFor();
    expect(deck.world.vault.organization('gh').jwt).toEqual(presetProfile('github-app'));

    await view.getByRole('button', { name: '+ Client' }).click();
    const clientForm = deck.page.getByRole('form', { name: 'New client' });
    await clientForm.getByLabel('Name', { exact: true }).fill('app');
    await clientForm.getByLabel('Client ID (or App ID)').fill('Iv23liTOKENDECK');
    await clientForm.getByLabel('Installation ID').fill('4242');
    // No secret: the key signs.
    expect(await clientForm.getByLabel(/secret/i).count()).toBe(0);
    await clientForm.getByRole('button', { name: 'Create client' }).click();
    const client = deck.page.getByRole('article', { name: 'Client gh/app' });
    await client.getByText('the organization\'s active RS256 key (no secret: the key signs)').waitFor();
    const schemes = client.getByRole('region', { name: 'Schemes' });
    await schemes.getByRole('button', { name: 'Copy jwt token' }).waitFor();
    await schemes.getByRole('button', { name: 'Copy bearer token' }).waitFor();
    expect(deck.world.vault.tree().organizations.find((o) => o.name === 'gh')!.clients[0]).toMatchObject({ clientId: 'Iv23liTOKENDECK', hasSecret: false, defaultScheme: 'bearer', jwt: { installationId: '4242' } });

    // The edit form holds the stored profile; a lifetime over GitHub's 10 minutes stays under its field.
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'gh (jwt)' }).click();
    await deck.page.getByRole('article', { name: 'Organization gh' }).getByRole('button', { name: 'Edit' }).click();
    const edit = deck.page.getByRole('form', { name: 'Edit gh' });
    await edit.getByLabel('Lifetime', { exact: true }).fill('11m');
    await edit.getByLabel('Lifetime', { exact: true }).locator('..').getByText('the lifetime must be 10 … 600 s').waitFor();
    await deck.shoot('jwt-org-edit-light');
    await edit.getByLabel('Lifetime', { exact: true }).fill('5m');
    await edit.getByRole('button', { name: 'Save' }).click();
    await deck.page.getByRole('article', { name: 'Organization gh' }).getByText('lifetime 5 m').waitFor();
    expect(deck.world.vault.organization('gh').jwt?.ttlSeconds).toBe(300);
  });
});

describe('signed-JWT refusals, in the form', () => {
  it('refuses a P-384 key for an ES256 profile, naming the reason, and stores nothing', async () => {
    await deck.world.vault.addOrganization({ name: 'music', provider: 'jwt', jwt: presetProfile('apple-music') });
    await deck.page.reload();
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'music (jwt)' }).click();
    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    await keys.getByRole('radio', { name: 'Import PEM' }).click();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await keys.getByLabel('Private key PEM').fill(pkcs8(privateKey));
    await keys.getByRole('button', { name: 'Import key' }).click();
    const refusal = keys.getByRole('alert');
    await refusal.getByText(/P-384/).waitFor();
    expect(await refusal.textContent()).toContain('BAD_KEY');
    expect(deck.world.vault.keys('music')).toEqual([]);
    await deck.shoot('jwt-refused-p384-light');
  });

  it('shows a lifetime over the preset\'s maximum under the field, and creates nothing', async () => {
    const wizard = await chooseProfile('app-store-connect', 'appstore');
    await openAdvanced();
    await wizard.getByLabel('Lifetime', { exact: true }).fill('30m');
    const field = wizard.getByLabel('Lifetime', { exact: true }).locator('..');
    await field.getByText('the lifetime must be 10 … 1200 s (App Store Connect API allows at most 1200 s)').waitFor();
    await wizard.getByRole('button', { name: 'Create organization' }).click();
    await wizard.getByLabel('Organization name').waitFor();
    expect(deck.world.vault.organizations().map((o) => o.name)).toEqual([]);
    await deck.shoot('jwt-refused-lifetime-light');
  });
});
