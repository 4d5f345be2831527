import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, importSigningKey } from '../../main/core/signing-keys.js';

/** RFC 7638 computed by hand: the required members in lexicographic order, no whitespace. */
function rfc7638Thumbprint(publicKeyPem: string): string {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function p256() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

async function expectBadKey(pem: string, message: RegExp) {
  await expect(importSigningKey(pem)).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(message) });
}

describe('signing keys', () => {
  it('generates a P-256 pair with an SPKI public PEM and its RFC 7638 thumbprint', async () => {
    const material = await generateSigningKey();
    expect(material.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(material.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const details = createPublicKey(material.publicKeyPem).asymmetricKeyDetails;
    expect(details?.namedCurve).toBe('prime256v1');
    expect(material.thumbprint).toBe(rfc7638Thumbprint(material.publicKeyPem));
  });

  it('imports a PKCS#8 private key', async () => {
    const { privateKey, publicKey } = p256();
    const material = await importSigningKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(material.publicKeyPem).toBe(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  });

  it('imports the SEC1 "EC PRIVATE KEY" PEM that openssl ecparam writes, stored as PKCS#8', async () => {
    const { privateKey, publicKey } = p256();
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(sec1).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    const material = await importSigningKey(sec1);
    expect(material.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(material.thumbprint).toBe(rfc7638Thumbprint(publicKey.export({ type: 'spki', format: 'pem' }).toString()));
  });

  it('refuses an RSA key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectBadKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /RSA key.*P-256/);
    await expectBadKey(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), /RSA key/);
  });

  it('refuses an EC key on another curve', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expectBadKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /secp384r1 curve.*P-256/);
  });

  it('refuses an Ed25519 key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    await expectBadKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /Ed25519 key/i);
  });

  it('refuses an encrypted PEM in both PKCS#8 and legacy SEC1 form', async () => {
    const { privateKey } = p256();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
    await expectBadKey(pkcs8, /encrypted/);
    await expectBadKey(sec1, /encrypted/);
  });

  it('refuses a public key where the private key is expected', async () => {
    const { publicKey } = p256();
    await expectBadKey(publicKey.export({ type: 'spki', format: 'pem' }).toString(), /public key.*private key/);
  });

  it('refuses garbage, a truncated PEM and a huge file without echoing them', async () => {
    await expectBadKey('hello world', /not a PEM private key/);
    const pem = p256().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const truncated = pem.slice(0, 60) + pem.slice(-30);
    await expect(importSigningKey(truncated)).rejects.toMatchObject({ code: 'BAD_KEY' });
    await importSigningKey(truncated).catch((error: Error) => expect(error.message).not.toContain(pem.slice(28, 60)));
    await expectBadKey('A'.repeat(20_000), /too large/);
  });
});
