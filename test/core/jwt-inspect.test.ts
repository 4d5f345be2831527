// The JWT inspector: decoding, times, the signature against stored keys by kid, every warning,
// every malformed input, and `tokendeck inspect`.
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectAgainst, type JwtInspection } from '../../main/core/jwt-inspect.js';
import { runTokendeck } from '../support/cli.js';
import { ALICE, MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(() => world.close());

const NOW = Date.parse('2026-11-23T12:00:00Z');
const nowS = NOW / 1000;

/** A DevToken signed with acme's stored key, with the claims and header a test wants. */
async function devToken(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const [key] = world.vault.keys('acme');
  const privateKey = createPrivateKey(await world.vault.privateKeyPem(key!));
  return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'ES256', kid: key!.kid, ...header }).sign(privateKey);
}

const good = { iss: MUSICAPI_CLIENT.clientId, sub: ALICE.uuid, iat: nowS - 3600, exp: nowS - 3600 + 14 * 86_400 };
const inspect = (token: string, org?: string): JwtInspection => inspectAgainst(world.vault.tree().organizations, token, org, NOW);
const codes = (inspection: JwtInspection) => inspection.warnings.map((w) => w.code);

describe('JWT inspector', () => {
  it('decodes a good DevToken, verifies it by kid and finds nothing to warn about', async () => {
    const inspection = inspect(await devToken(good));
    expect(inspection).toMatchObject({ org: 'acme', header: { alg: 'ES256', kid: 'KID-1' }, claims: good, signature: { status: 'valid', kid: 'KID-1', keyStatus: 'active' }, lifetimeSeconds: 14 * 86_400 });
    expect(inspection.warnings).toEqual([]);
    expect(inspection.times).toEqual([
      { claim: 'iat', value: good.iat, date: '2026-11-23T11:00:00.000Z', relative: 'issued 1 h ago' },
      { claim: 'exp', value: good.exp, date: '2026-12-07T11:00:00.000Z', relative: 'expires in 13 d 23 h' },
    ]);
  });

  it('accepts the token with its "DevToken" or "Bearer" word in front', async () => {
    const token = await devToken(good);
    expect(inspect(`DevToken ${token}`).signature.status).toBe('valid');
    expect(inspect(`Bearer ${token}`).signature.status).toBe('valid');
  });

  it('says invalid when the payload was changed after signing', async () => {
    const [header, , signature] = (await devToken(good)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...good, sub: 'someone-else' })).toString('base64url');
    expect(inspect(`${header}.${forged}.${signature}`, 'acme').signature).toEqual({ status: 'invalid', kid: 'KID-1' });
  });

  it('says unknown kid when no stored key has it', async () => {
    const token = await devToken(good, { kid: 'KID-404' });
    expect(inspect(token, 'acme').signature).toEqual({ status: 'unknown-kid', kid: 'KID-404' });
  });

  const warningCases: Array<[string, Record<string, unknown>, Record<string, unknown>, string, RegExp]> = [
    ['iat and exp in milliseconds', { ...good, iat: good.iat * 1000, exp: good.exp * 1000 }, {}, 'MILLISECONDS', /milliseconds.*divide by 1000/],
    ['exp before iat', { ...good, exp: good.iat - 10 }, {}, 'EXP_BEFORE_IAT', /not after iat/],
    ['a lifetime other than 14 days', { ...good, exp: good.iat + 7 * 86_400 }, {}, 'LIFETIME', /7 d, not the DevToken default of 14 d/],
    ['an iss that is not one of the client ids', { ...good, iss: 'not-a-client' }, {}, 'ISS', /"not-a-client" is not a client id of acme/],
    ['a sub that is not an integration user', { ...good, sub: '00000000-0000-4000-8000-000000000000' }, {}, 'SUB', /not an integration user/],
    ['an expired token', { ...good, iat: nowS - 20 * 86_400, exp: nowS - 6 * 86_400 }, {}, 'EXPIRED', /expired 6 d/],
    ['an nbf in the future', { ...good, nbf: nowS + 3600 }, {}, 'NOT_YET_VALID', /nbf is in the future/],
  ];
  for (const [what, claims, header, code, message] of warningCases) {
    it(`warns about ${what}`, async () => {
      const inspection = inspect(await devToken(claims, header), 'acme');
      expect(codes(inspection)).toContain(code);
      expect(inspection.warnings.find((w) => w.code === code)!.message).toMatch(message);
    });
  }

  it('warns when alg is not ES256 for a DevToken, and does not verify what it cannot', async () => {
    const token = await new SignJWT(good).setProtectedHeader({ alg: 'HS256', kid: 'KID-1' }).sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    const inspection = inspect(token, 'acme');
    expect(codes(inspection)).toContain('ALG');
    expect(inspection.signature).toMatchObject({ status: 'not-checked', reason: expect.stringContaining('HS256') });
  });

  it('warns that a token signed with a retired key will be refused', async () => {
    const token = await devToken(good);
    await world.vault.retireKey('acme', 'KID-1');
    const inspection = inspect(token);
    expect(inspection.signature).toEqual({ status: 'valid', kid: 'KID-1', keyStatus: 'retired' });
    expect(codes(inspection)).toEqual(['RETIRED_KEY']);
  });

  it('checks a token of no known organization for times only', async () => {
    const token = await new SignJWT({ iss: 'elsewhere', iat: nowS, exp: nowS + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    const inspection = inspect(token);
    expect(inspection).toMatchObject({ org: null, signature: { status: 'not-checked' }, warnings: [] });
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['one part', 'abc', /three base64url parts.*this has 1/],
    ['four parts', 'a.b.c.d', /this has 4/],
    ['a part that is not base64url', 'ab$c.eyJ9.sig', /base64url/],
    ['an empty payload', 'eyJhbGciOiJFUzI1NiJ9..sig', /non-empty base64url/],
    ['a header that is not JSON', `${Buffer.from('not json').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`, /header \(part 1\) is not base64url-encoded JSON/],
    ['claims that are not JSON', `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('{"a":').toString('base64url')}.c2ln`, /payload \(part 2\) is not base64url-encoded JSON/],
    ['claims that are JSON but not an object', `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('[1,2]').toString('base64url')}.c2ln`, /payload is JSON but not an object/],
  ];
  for (const [what, token, message] of malformed) {
    it(`refuses ${what} with a clear message`, () => {
      expect(() => inspect(token)).toThrowError(expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(message) }));
    });
  }
});

describe('tokendeck inspect', () => {
  it('prints the verdict and warnings, takes the token from stdin with "-", and JSON with --json', async () => {
    const token = await devToken({ ...good, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 7 * 86_400 });
    const text = await runTokendeck(['inspect', token], { env: world.env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/signature valid \(key KID-1\) against acme/);
    expect(text.stdout).toMatch(/warning LIFETIME: .*7 d/);
    const piped = await runTokendeck(['inspect', '-', '--json'], { env: world.env, stdin: `DevToken ${token}\n` });
    expect(JSON.parse(piped.stdout)).toMatchObject({ org: 'acme', signature: { status: 'valid' }, warnings: [{ code: 'LIFETIME' }] });
    const bad = await runTokendeck(['inspect', 'not a token at all'], { env: world.env });
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/VALIDATION: Not a token: .*no spaces inside/);
  });
});
