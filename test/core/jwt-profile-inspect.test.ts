// The inspector's verdicts against a signed-JWT organization's profile: every algorithm verified
// by the stored public key (GitHub's tokens name no key: each of the organization's is tried), and
// each preset's rule broken in a token made by hand (node:crypto) reported by its code.
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectAgainst, type JwtInspection } from '../../main/core/jwt-inspect.js';
import { presetProfile, type JwtAlgorithm, type JwtPreset } from '../../main/core/jwt-profile.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const NOW = Date.parse('2026-11-23T12:00:00Z');
const nowS = NOW / 1000;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jws(alg: JwtAlgorithm, header: object, claims: object, key: KeyObject): string {
  const input = `${b64({ alg, ...header })}.${b64(claims)}`;
  const data = Buffer.from(input);
  const signature =
    alg === 'ES256' ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
    : alg === 'ES384' ? sign('sha384', data, { key, dsaEncoding: 'ieee-p1363' })
    : alg === 'RS256' ? sign('sha256', data, key)
    : alg === 'PS256' ? sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    : sign(null, data, key);
  return `${input}.${signature.toString('base64url')}`;
}

async function orgWithKey(name: string, preset: JwtPreset, clientId: string, privateKey: KeyObject, kid?: string, tokenUrl?: string) {
  await box.vault.addOrganization({ name, provider: 'jwt', jwt: presetProfile(preset), ...(tokenUrl ? { tokenUrl } : {}) });
  await box.vault.importKey(name, kid, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await box.vault.addClient(name, { name: 'c', environment: 'dev', clientId });
}

const inspect = (token: string, org?: string): JwtInspection => inspectAgainst(box.vault.tree().organizations, token, org, NOW);
const codes = (inspection: JwtInspection) => inspection.warnings.map((w) => w.code).sort();

const ec256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const TEAM = 'TEAM123456';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';

describe('inspector verdicts against a profile', () => {
  it('Apple Music: a good token verifies by kid with no verdict; 7 months is over the 6 Apple allows', async () => {
    const key = ec256();
    await orgWithKey('apple', 'apple-music', TEAM, key, 'ABCDE12345');
    const good = jws('ES256', { kid: 'ABCDE12345' }, { iss: TEAM, iat: nowS - 60, exp: nowS + 86_400 }, key);
    expect(inspect(good)).toMatchObject({ org: 'apple', signature: { status: 'valid', kid: 'ABCDE12345' }, warnings: [] });
    const long = jws('ES256', { kid: 'ABCDE12345' }, { iss: TEAM, iat: nowS - 60, exp: nowS - 60 + 15_777_001 }, key);
    expect(codes(inspect(long))).toEqual(['LIFETIME']);
    expect(inspect(long).warnings[0]!.message).toMatch(/15777001 s, over the 15777000 s Apple Music API allows/);
  });

  it('App Store Connect: wrong aud, missing typ and a team id that is not the issuer are each named', async () => {
    const key = ec256();
    await orgWithKey('asc', 'app-store-connect', ISSUER, key, 'ASCKEY1234');
    const good = jws('ES256', { kid: 'ASCKEY1234', typ: 'JWT' }, { iss: ISSUER, aud: 'appstoreconnect-v1', iat: nowS, exp: nowS + 1_200 }, key);
    expect(inspect(good).warnings).toEqual([]);
    const bad = jws('ES256', { kid: 'ASCKEY1234' }, { iss: 'someone', aud: 'appstoreconnect-v2', iat: nowS, exp: nowS + 1_260 }, key);
    expect(codes(inspect(bad, 'asc'))).toEqual(['AUD', 'ISS', 'LIFETIME', 'TYP']);
  });

  it('GitHub App: no kid, the signature is found among the keys; ES256 where RS256 is due is ALG', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await orgWithKey('gh', 'github-app', 'Iv23liABCDEF', rsa);
    const good = jws('RS256', {}, { iss: 'Iv23liABCDEF', iat: nowS - 60, exp: nowS + 540 }, rsa);
    expect(inspect(good)).toMatchObject({ org: 'gh', signature: { status: 'valid' }, warnings: [] });
    const forged = jws('RS256', {}, { iss: 'Iv23liABCDEF', iat: nowS - 60, exp: nowS + 540 }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    expect(inspect(forged).signature.status).toBe('invalid');
    const other = jws('ES256', {}, { iss: 'Iv23liABCDEF', iat: nowS - 60, exp: nowS + 1_200 }, ec256());
    expect(codes(inspect(other, 'gh'))).toEqual(['ALG', 'LIFETIME']);
  });

  it('private_key_jwt: a missing jti and an aud that is not the token endpoint are named', async () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    await box.vault.addOrganization({ name: 'idp', provider: 'jwt', jwt: { ...presetProfile('private-key-jwt'), alg: 'EdDSA' }, tokenUrl: 'https://idp.example/token' });
    await box.vault.importKey('idp', 'k1', key.export({ type: 'pkcs8', format: 'pem' }).toString());
    await box.vault.addClient('idp', { name: 'c', environment: 'dev', clientId: 'svc-1' });
    const good = jws('EdDSA', { kid: 'k1' }, { sub: 'svc-1', iss: 'svc-1', aud: 'https://idp.example/token', iat: nowS, exp: nowS + 60, jti: 'a' }, key);
    expect(inspect(good)).toMatchObject({ signature: { status: 'valid', kid: 'k1' }, warnings: [] });
    const bad = jws('EdDSA', { kid: 'k1' }, { sub: 'svc-1', iss: 'svc-1', aud: 'https://elsewhere.example/token', iat: nowS, exp: nowS + 60 }, key);
    expect(codes(inspect(bad))).toEqual(['AUD', 'JTI']);
  });
});
