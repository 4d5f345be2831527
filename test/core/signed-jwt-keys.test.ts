// Keys of every kind a signed-JWT profile needs, through the vault and the real keychain: made
// here (EC P-256/P-384, Ed25519) or imported (RSA PKCS#1/PKCS#8, EC SEC1/PKCS#8, Ed25519 PKCS#8),
// each refused with its reason when it does not fit the profile's algorithm, with nothing stored.
// Tokens are checked with node:crypto's own verify against the public half the vault shows.
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify, constants, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { MAX_SECRET_CHARS } from '../../main/core/keychain.js';
import type { JwtProfile } from '../../main/core/model/entities.js';
import { presetProfile, type JwtAlgorithm, type JwtPreset } from '../../main/core/jwt-profile.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const TEAM = 'TEAM123456';

async function org(name: string, preset: JwtPreset, changes: Partial<JwtProfile> = {}, tokenUrl?: string) {
  await box.vault.addOrganization({ name, provider: 'jwt', jwt: { ...presetProfile(preset), ...changes }, ...(tokenUrl ? { tokenUrl } : {}) });
}

function decode(token: string) {
  const [h, p, s] = token.split('.') as [string, string, string];
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(Buffer.from(p, 'base64url').toString()), input: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** node:crypto's verify for each JWS algorithm, written out apart from the product's. */
function verifies(alg: JwtAlgorithm, token: string, publicKey: KeyObject): boolean {
  const { input, signature } = decode(token);
  const data = Buffer.from(input);
  if (alg === 'ES256') return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg === 'ES384') return verify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg === 'RS256') return verify('sha256', data, publicKey, signature);
  if (alg === 'PS256') return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  return verify(null, data, publicKey, signature);
}

const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1') => key.export({ type, format: 'pem' } as never).toString();

describe('keys generated for the profile', () => {
  it.each([
    ['ES256', 'ec', 'prime256v1'],
    ['ES384', 'ec', 'secp384r1'],
    ['EdDSA', 'ed25519', undefined],
  ] as const)('%s: a %s key that signs tokens the public half verifies', async (alg, type, curve) => {
    await org('custom', 'custom', { alg });
    const { key } = await box.vault.generateKey('custom', 'K1');
    expect(key.algorithm).toBe(alg);
    const publicKey = createPublicKey(key.publicKeyPem);
    expect(publicKey.asymmetricKeyType).toBe(type);
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe(curve);
    await box.vault.addClient('custom', { name: 'c', environment: 'dev', clientId: 'client-1' });
    const credential = await box.core.tokens.credential({ org: 'custom', client: 'c' });
    expect(credential.scheme).toBe('jwt');
    expect(credential.authorization).toBe(`Bearer ${credential.token}`);
    expect(decode(credential.token).header).toEqual({ typ: 'JWT', alg, kid: 'K1' });
    expect(verifies(alg, credential.token, publicKey)).toBe(true);
  });

  it('refuses to generate an RSA key, pointing at the import', async () => {
    await org('gh', 'github-app');
    await expect(box.vault.generateKey('gh')).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(/Import the one the vendor gave you/) });
    expect(box.vault.keys('gh')).toEqual([]);
  });
});

describe('keys imported', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;

  it.each([
    ['RS256', 'RSA PKCS#1 (GitHub .pem)', () => pem(rsa, 'pkcs1'), rsa],
    ['PS256', 'RSA PKCS#8', () => pem(rsa, 'pkcs8'), rsa],
    ['ES256', 'EC SEC1', () => pem(p256, 'sec1'), p256],
    ['ES256', 'EC PKCS#8 (Apple .p8)', () => pem(p256, 'pkcs8'), p256],
    ['ES384', 'EC P-384 SEC1', () => pem(p384, 'sec1'), p384],
    ['EdDSA', 'Ed25519 PKCS#8', () => pem(ed, 'pkcs8'), ed],
  ] as const)('%s from %s: signs, and the keychain item fits the portable limit', async (alg, _what, text, privateKey) => {
    await org('o', 'custom', { alg });
    const key = await box.vault.importKey('o', 'K1', text());
    expect(key.algorithm).toBe(alg);
    const stored = await box.keychain.get(keychainAccount.privateKey(key.id));
    expect(stored!.length).toBeLessThanOrEqual(MAX_SECRET_CHARS);
    // What the keychain holds gives back the very key imported.
    const back = createPrivateKey(await box.vault.privateKeyPem(key));
    expect(back.export({ format: 'jwk' })).toEqual(privateKey.export({ format: 'jwk' }));
    await box.vault.addClient('o', { name: 'c', environment: 'dev', clientId: 'client-1' });
    const { token } = await box.core.tokens.credential({ org: 'o', client: 'c' });
    expect(verifies(alg, token, createPublicKey(privateKey))).toBe(true);
  });

  it('keeps a 4096-bit RSA key in one keychain item and refuses larger ones', async () => {
    await org('o', 'custom', { alg: 'RS256' });
    const big = generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey;
    const key = await box.vault.importKey('o', 'K1', pem(big, 'pkcs1'));
    expect((await box.keychain.get(keychainAccount.privateKey(key.id)))!.length).toBeLessThanOrEqual(MAX_SECRET_CHARS);
    const huge = generateKeyPairSync('rsa', { modulusLength: 4200 }).privateKey;
    await expect(box.vault.importKey('o', 'K2', pem(huge, 'pkcs8'))).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(/4200 bits.*up to 4096/) });
  });

  it.each([
    ['a P-384 key for an ES256 profile', 'apple-music', () => pem(p384, 'pkcs8'), /EC P-384 .*ES256 needs an EC key on the P-256/],
    ['an RSA key under 2048 bits', 'github-app', () => pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs1'), /1024 bits; RS256 keys must have at least 2048/],
    ['an EC key for an RS256 profile', 'github-app', () => pem(p256, 'sec1'), /EC P-256 .*RS256 needs an RSA key/],
    ['an RSA key for an EdDSA profile', 'custom', () => pem(rsa, 'pkcs8'), /RSA key of 2048 bits, but EdDSA needs an Ed25519 key/],
    ['an Ed25519 key for an ES384 profile', 'custom', () => pem(ed, 'pkcs8'), /Ed25519 key, but ES384/],
  ] as const)('refuses %s as BAD_KEY naming the reason, with nothing stored', async (_what, preset, text, reason) => {
    await org('o', preset, preset === 'custom' ? { alg: _what.includes('EdDSA') ? 'EdDSA' : 'ES384' } : {});
    const before = readAllFiles(box.home);
    await expect(box.vault.importKey('o', 'ABCDE12345', text())).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(reason) });
    expect(box.vault.keys('o')).toEqual([]);
    expect(readAllFiles(box.home)).toBe(before);
  });
});

describe('profiles refused', () => {
  it.each([
    ['alg none', 'custom', { alg: 'none' }, /jwt\.alg: alg "none" is refused: an unsigned token/],
    ['HMAC with a public key', 'custom', { alg: 'HS256' }, /jwt\.alg: alg "HS256" is refused: HMAC/],
    ["a lifetime over the preset's maximum", 'app-store-connect', { ttlSeconds: 1_800 }, /jwt\.ttlSeconds: the lifetime must be 10 … 1200 s/],
    ['a maximum over the preset’s', 'apple-music', { maxTtlSeconds: 15_777_001 }, /jwt\.maxTtlSeconds/],
    ['an App Store Connect profile without its audience', 'app-store-connect', { aud: 'someone-else' }, /jwt\.aud: aud must be "appstoreconnect-v1"/],
    ['GitHub with another algorithm', 'github-app', { alg: 'ES256' }, /jwt\.alg: GitHub App JWTs are signed with RS256/],
    ['extra claims that redefine exp', 'custom', { claims: { exp: 9_999_999_999 } }, /jwt\.claims: extra claims may not set exp/],
    ['a client assertion without jti', 'private-key-jwt', { jti: false }, /jwt\.jti/],
  ] as const)('%s: VALIDATION, nothing stored', async (_what, preset, changes, message) => {
    const before = readAllFiles(box.home);
    await expect(org('o', preset, changes as Partial<JwtProfile>, 'https://auth.example/token')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
    expect(readAllFiles(box.home)).toBe(before);
  });

  it('refuses a token asked for longer than the profile allows', async () => {
    await org('apple', 'apple-music');
    await box.vault.generateKey('apple', 'ABCDE12345');
    await box.vault.addClient('apple', { name: 'web', environment: 'dev', clientId: TEAM });
    await expect(box.core.tokens.credential({ org: 'apple', client: 'web', ttlSeconds: 15_777_001 })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/15777001 s is over the 15777000 s/) });
    expect(box.core.tokens.records()).toEqual([]);
  });

  it('refuses a client secret for a signed-JWT client: nothing reaches the keychain', async () => {
    await org('apple', 'apple-music');
    await expect(box.vault.addClient('apple', { name: 'web', environment: 'dev', clientId: TEAM }, 'a-secret')).rejects.toMatchObject({ code: 'VALIDATION', field: 'secret' });
    await box.vault.addClient('apple', { name: 'web', environment: 'dev', clientId: TEAM });
    await expect(box.vault.setClientSecret('apple', 'web', 'a-secret')).rejects.toMatchObject({ code: 'VALIDATION', field: 'secret' });
    expect(await box.keychain.accounts()).toEqual([]);
  });

  it("refuses a client id that is not the preset's (Apple's Team ID)", async () => {
    await org('apple', 'apple-music');
    await expect(box.vault.addClient('apple', { name: 'web', environment: 'dev', clientId: 'team-1' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'clientId' });
  });

  it('refuses an Apple key whose Key ID is not 10 characters when a token is made', async () => {
    await org('apple', 'apple-music');
    await box.vault.generateKey('apple', 'short');
    await box.vault.addClient('apple', { name: 'web', environment: 'dev', clientId: TEAM });
    await expect(box.core.tokens.credential({ org: 'apple', client: 'web' })).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(/10 capital letters and digits/) });
  });

  it('changes the algorithm only to one the active keys fit (RS256 to PS256, not to ES256)', async () => {
    await org('o', 'custom', { alg: 'RS256' });
    await box.vault.importKey('o', 'K1', pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'pkcs1'));
    // The header's alg is signed: a change of it is confirmed, as the deck and the CLI's flag do.
    const ps256 = { jwt: { ...presetProfile('custom'), alg: 'PS256' as const } };
    await box.vault.updateOrganization('o', ps256, box.vault.organizationUpdateDestinationChange('o', ps256));
    expect(box.vault.keys('o')[0]!.algorithm).toBe('PS256');
    await expect(box.vault.updateOrganization('o', { jwt: { ...presetProfile('custom'), alg: 'ES256' } })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/K1 cannot sign ES256/) });
  });
});
