// Keys of each kind through the built `tokendeck`, as a user adds them: generated (EC P-256,
// P-384, Ed25519) and imported from files (RSA PKCS#1 and PKCS#8, EC SEC1 and PKCS#8, Ed25519),
// a token made with each and checked with node:crypto against `key public`; and the refusals —
// a P-384 key for ES256, an RSA key under 2048 bits, alg none, a lifetime over the preset's
// maximum — each exit 2 with its code, nothing stored.
import { constants, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const tokendeck = (args: string[]) => runTokendeck(args, { env: box.env });
async function ok(args: string[]) {
  const run = await tokendeck(args);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

function keyFile(name: string, key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1'): string {
  const file = path.join(box.home, name);
  fs.writeFileSync(file, key.export({ type, format: 'pem' } as never).toString(), { mode: 0o600 });
  return file;
}

function verifies(alg: string, token: string, publicKey: KeyObject): boolean {
  const [h, p, s] = token.split('.') as [string, string, string];
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  if (alg === 'ES256') return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg === 'ES384') return verify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg === 'RS256') return verify('sha256', data, publicKey, signature);
  if (alg === 'PS256') return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  return verify(null, data, publicKey, signature);
}

const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());

describe('keys through the CLI', () => {
  it.each(['ES256', 'ES384', 'EdDSA'])('generates a %s key, shows its public half as PEM and JWK, and signs with it', async (alg) => {
    await ok(['org', 'add', 'o', '--preset', 'custom', '--alg', alg]);
    const pem = (await ok(['key', 'generate', 'o', '--kid', 'k1'])).stdout;
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect((await ok(['key', 'public', 'o'])).stdout).toBe(pem);
    const jwk = JSON.parse((await ok(['key', 'public', 'o', '--jwk'])).stdout);
    expect(jwk).toMatchObject({ kid: 'k1', alg, use: 'sig' });
    expect(jwk.d).toBeUndefined();
    await ok(['client', 'add', 'o/c', '--env', 'dev', '--client-id', 'svc-1']);
    const token = (await ok(['token', 'o/c'])).stdout.trim();
    expect(header(token)).toEqual({ typ: 'JWT', alg, kid: 'k1' });
    expect(verifies(alg, token, createPublicKey({ key: jwk, format: 'jwk' }))).toBe(true);
  });

  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;

  it.each([
    ['RS256', 'RSA PKCS#1', rsa, 'pkcs1'],
    ['PS256', 'RSA PKCS#8', rsa, 'pkcs8'],
    ['ES256', 'EC SEC1', p256, 'sec1'],
    ['ES256', 'EC PKCS#8 (.p8)', p256, 'pkcs8'],
    ['ES384', 'EC P-384 PKCS#8', p384, 'pkcs8'],
    ['EdDSA', 'Ed25519 PKCS#8', ed, 'pkcs8'],
  ] as const)('imports a %s key from %s and signs with it', async (alg, _what, key, type) => {
    await ok(['org', 'add', 'o', '--preset', 'custom', '--alg', alg]);
    await ok(['key', 'import', 'o', '--kid', 'k1', '--file', keyFile('key.pem', key, type)]);
    await ok(['client', 'add', 'o/c', '--env', 'dev', '--client-id', 'svc-1']);
    const token = (await ok(['token', 'o/c', '--ttl', '10m'])).stdout.trim();
    expect(verifies(alg, token, createPublicKey(key))).toBe(true);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(600);
  });
});

describe('refusals through the CLI: exit 2, the code, nothing stored', () => {
  it.each([
    ['a P-384 key for an ES256 profile', ['--preset', 'apple-music'], () => keyFile('k.pem', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'pkcs8'), /BAD_KEY: .*P-384.*ES256 needs an EC key on the P-256/],
    ['an RSA key under 2048 bits', ['--preset', 'github-app'], () => keyFile('k.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs1'), /BAD_KEY: .*1024 bits; RS256 keys must have at least 2048/],
  ])('%s', async (_what, preset, file, message) => {
    await ok(['org', 'add', 'o', ...preset]);
    const before = readAllFiles(box.home);
    const run = await tokendeck(['key', 'import', 'o', '--kid', 'ABCDE12345', '--file', file()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(readAllFiles(box.home).replace(/-----BEGIN[^]*?-----END [A-Z ]+-----\n/g, '')).toBe(before.replace(/-----BEGIN[^]*?-----END [A-Z ]+-----\n/g, ''));
    expect(JSON.parse((await ok(['key', 'list', 'o', '--json'])).stdout)).toEqual([]);
  });

  it.each([
    ['alg none', ['--preset', 'custom', '--alg', 'none'], /VALIDATION: .*jwt\.alg: alg "none" is refused/],
    ["a lifetime over the preset's maximum", ['--preset', 'app-store-connect', '--ttl', '30m'], /VALIDATION: .*jwt\.ttlSeconds: the lifetime must be 10 … 1200 s/],
    ['HMAC', ['--preset', 'custom', '--alg', 'HS256'], /VALIDATION: .*HMAC/],
  ])('%s', async (_what, options, message) => {
    const run = await tokendeck(['org', 'add', 'o', ...options]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(JSON.parse((await ok(['org', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('a token asked for longer than the preset allows', async () => {
    await ok(['org', 'add', 'gh', '--preset', 'github-app']);
    await ok(['key', 'import', 'gh', '--file', keyFile('k.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'pkcs1')]);
    await ok(['client', 'add', 'gh/app', '--env', 'dev', '--client-id', 'Iv23liABCDEF', '--installation-id', '42']);
    const run = await tokendeck(['token', 'gh/app', '--scheme', 'jwt', '--ttl', '11m']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION: Invalid lifetime: 660 s is over the 600 s GitHub App allows/);
    expect(JSON.parse((await ok(['tokens', '--json'])).stdout)).toEqual([]);
  });
});
