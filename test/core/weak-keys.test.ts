// Keys that parse and fit their algorithm but are weak, built here by hand: an RSA key whose
// public exponent is 1 (its "signature" is the padded message itself: anyone forges one from the
// public key), 2 (even) or 3 (below FIPS 186-5's 65537), and an EC private key whose public point
// is not d·G (two keys spliced). Each is refused with BAD_KEY naming why, nothing stored: imported
// into the vault, through `tokendeck key import`, as a setup file's public half, and at signing.
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signJwt, verifySignature } from '../../main/core/jwt-sign.js';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { importSetup } from '../../main/core/setup/share-setup.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let box: Sandbox;
beforeEach(async () => {
  box = createSandbox();
  await box.vault.addOrganization({ name: 'rsa', provider: 'jwt', jwt: { ...presetProfile('custom'), alg: 'RS256' } });
  await box.vault.addOrganization({ name: 'p256', provider: 'jwt', jwt: presetProfile('custom') });
  await box.vault.addOrganization({ name: 'p384', provider: 'jwt', jwt: { ...presetProfile('custom'), alg: 'ES384' } });
});
afterEach(() => box.cleanup());

const b64url = (value: bigint) => {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
};

/** A 2048-bit RSA key with the public exponent `e`: the primes of a real key, the rest to match (d junk where no inverse exists). */
function rsaWithExponent(e: bigint): KeyObject {
  if (e === 3n) return generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).privateKey;
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  // With e = 1, d = 1 "inverts" it: the private operation is the identity, as the public one.
  return createPrivateKey({ key: { ...jwk, e: b64url(e), d: 'AQ', dp: 'AQ', dq: 'AQ' } as JsonWebKey, format: 'jwk' });
}

/** An EC private key whose public point is another key's: d of one, (x, y) of the other. */
function splicedEc(namedCurve: 'P-256' | 'P-384'): KeyObject {
  const mine = generateKeyPairSync('ec', { namedCurve }).privateKey.export({ format: 'jwk' });
  const other = generateKeyPairSync('ec', { namedCurve }).privateKey.export({ format: 'jwk' });
  return createPrivateKey({ key: { ...mine, x: other.x, y: other.y }, format: 'jwk' });
}

const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1') => key.export({ type, format: 'pem' } as never).toString();

const WEAK_RSA: Array<[string, bigint, RegExp]> = [
  ['e = 1', 1n, /public exponent is 1, so a "signature" is the message itself/],
  ['e = 2 (even)', 2n, /public exponent 2 is even/],
  ['e = 3', 3n, /public exponent 3 is below 65537 \(FIPS 186-5/],
  ['e = 2^256 + 1', 2n ** 256n + 1n, /public exponent is 2\^256 or more/],
];

describe('weak keys: imported private keys', () => {
  it.each(WEAK_RSA.flatMap(([what, e, why]) => (['pkcs1', 'pkcs8'] as const).map((type) => [`${what}, ${type}`, e, type, why] as const)))('RSA %s: BAD_KEY naming why, nothing stored', async (_what, e, type, why) => {
    const accounts = await box.keychain.accounts();
    const store = box.storeText();
    await expect(box.vault.importKey('rsa', 'K1', pem(rsaWithExponent(e), type))).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(why) });
    expect(box.storeText()).toBe(store);
    expect(await box.keychain.accounts()).toEqual(accounts);
  });

  it.each([
    ['P-256', 'p256', 'sec1'],
    ['P-256', 'p256', 'pkcs8'],
    ['P-384', 'p384', 'sec1'],
  ] as const)('EC %s (%s, %s) whose public point is not d·G: BAD_KEY, nothing stored', async (curve, org, type) => {
    const store = box.storeText();
    await expect(box.vault.importKey(org, 'K1', pem(splicedEc(curve), type))).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(/public point it carries is not d·G/) });
    expect(box.storeText()).toBe(store);
  });

  it('a sound key of each kind is still taken (65537, a matching point)', async () => {
    await expect(box.vault.importKey('rsa', 'K1', pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'pkcs1'))).resolves.toMatchObject({ kid: 'K1' });
    await expect(box.vault.importKey('p256', 'K1', pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'sec1'))).resolves.toMatchObject({ kid: 'K1' });
  });

  it('a weak RSA key is refused at signing too (one stored before the check existed)', () => {
    expect(() => signJwt('RS256', { alg: 'RS256' }, { iss: 'x' }, rsaWithExponent(1n))).toThrow(expect.objectContaining({ code: 'BAD_KEY', message: expect.stringMatching(/public exponent is 1/) }));
  });
});

describe('weak keys: tokendeck key import', () => {
  it.each([
    ['an RSA key with e = 1', 'rsa', () => pem(rsaWithExponent(1n), 'pkcs1'), /BAD_KEY: This key is refused: this RSA key is weak: its public exponent is 1/],
    ['an EC key whose point is not d·G', 'p256', () => pem(splicedEc('P-256'), 'sec1'), /BAD_KEY: This key is refused: this private key is inconsistent: the public point it carries is not d·G/],
  ])('%s: exit 2, BAD_KEY naming why, nothing stored', async (_what, org, text, message) => {
    const file = path.join(box.home, 'weak.pem');
    fs.writeFileSync(file, text(), { mode: 0o600 });
    const store = box.storeText();
    const run = await runTokendeck(['key', 'import', org, '--kid', 'K1', '--file', file], { env: box.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(box.storeText()).toBe(store);
  });
});

describe('weak keys: public halves in a setup file', () => {
  const setupWith = (publicKeyPem: string, alg: 'RS256' | 'ES256') =>
    JSON.stringify({
      tokendeckSetup: 1,
      organizations: [{ name: 'shared', provider: 'jwt', jwt: { ...presetProfile('custom'), alg }, keys: [{ kid: 'K1', algorithm: alg, publicKeyPem, thumbprint: 'x', status: 'active' }] }],
    });

  it('an RSA public key with e = 3: refused naming the key and why, nothing imported', async () => {
    const store = box.storeText();
    const weak = createPublicKey(rsaWithExponent(3n)).export({ type: 'spki', format: 'pem' }).toString();
    await expect(importSetup(box.vault, box.core.requestConsole, setupWith(weak, 'RS256'))).rejects.toMatchObject({
      message: expect.stringMatching(/organizations\[0\]\.keys\[0\]\.publicKeyPem: This public key is refused: this RSA key is weak: its public exponent 3 is below 65537/),
    });
    expect(box.storeText()).toBe(store);
  });

  // OpenSSL itself refuses a point off the curve when it reads the SPKI: pinned here, so a
  // change of parser that let one through would be seen.
  it('an EC public key whose point is off the curve: refused, nothing imported', async () => {
    const der = createPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey).export({ type: 'spki', format: 'der' });
    der[der.length - 1]! ^= 1;
    const offCurve = `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
    const store = box.storeText();
    await expect(importSetup(box.vault, box.core.requestConsole, setupWith(offCurve, 'ES256'))).rejects.toMatchObject({ message: expect.stringMatching(/organizations\[0\]\.keys\[0\]\.publicKeyPem: This is not a PEM public key/) });
    expect(box.storeText()).toBe(store);
  });
});

describe('weak keys: verifying', () => {
  it('an e = 1 key verifies nothing: its "signature" is the padded message, which anyone computes from the public key', () => {
    const key = rsaWithExponent(1n);
    const publicKey = createPublicKey(key);
    const signingInput = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJmb3JnZWQifQ';
    const forged = sign('sha256', Buffer.from(signingInput), { key, padding: constants.RSA_PKCS1_PADDING });
    // node:crypto alone takes it: s^1 is the padded digest.
    expect(verify('sha256', Buffer.from(signingInput), { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, forged)).toBe(true);
    expect(verifySignature('RS256', signingInput, forged, publicKey)).toBe(false);
  });
});
