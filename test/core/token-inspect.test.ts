// Inspecting what is not a JWT (issue 26, item 11): an opaque token Tokendeck made is named by its
// client, scheme, scope, expiry and issuer, matched by value in main, the value never in the answer;
// a pasted `Authorization: Bearer …` line is taken; what is not a token at all is told so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenFromPaste } from '../../main/core/jwt-inspect.js';
import { inspectPasted, inspectToken } from '../../main/core/token-inspect.js';
import { runTokendeck } from '../support/cli.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(() => world.close());

const organizations = () => world.vault.tree().organizations;

describe('a pasted token', () => {
  it('is found in an Authorization line, a scheme word or quotes', () => {
    for (const pasted of ['abc.def', 'Bearer abc.def', 'Authorization: Bearer abc.def', '  authorization:DevToken   abc.def\n', '"Token abc.def"', "'Bearer abc.def'"]) {
      expect(tokenFromPaste(pasted), pasted).toBe('abc.def');
    }
  });

  it('that is an opaque token of ours shows whose it is, its scope granted, expiry and issuer, and never its value', async () => {
    world.oauth.grantScope = 'catalog:read';
    await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    const [record] = world.core.tokens.records();
    const value = await world.core.tokens.reveal(record!.id);
    const inspection = await inspectPasted(organizations(), world.core.tokens, `Authorization: Bearer ${value}`);
    expect(inspection).toMatchObject({
      kind: 'opaque',
      length: value.length,
      known: { org: 'partner', client: 'svc', environment: 'staging', scheme: 'bearer', grantedScope: 'catalog:read', issuer: `issued by ${new URL(world.oauth.tokenUrl).origin}`, expires: expect.stringMatching(/^expires in (59 min \d+ s|1 h) \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/) },
    });
    expect(JSON.stringify(inspection)).not.toContain(value);
  });

  it('that is a JWT of ours is decoded and named', async () => {
    await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    const value = await world.core.tokens.reveal(world.core.tokens.records()[0]!.id);
    const inspection = await inspectPasted(organizations(), world.core.tokens, `DevToken ${value}`);
    expect(inspection).toMatchObject({ kind: 'jwt', org: 'acme', signature: { status: 'valid' }, known: { org: 'acme', client: 'web', scheme: 'devtoken', sub: expect.any(String), issuer: 'signed here with key KID-1' } });
  });

  it('that is an opaque token of someone else is said to be one, not refused', async () => {
    expect(await inspectPasted(organizations(), world.core.tokens, 'Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a')).toEqual({ kind: 'opaque', length: 40, known: null });
    // Dots do not make a JWT: a JWT's first part is base64url JSON, `eyJ…`.
    expect(await inspectPasted(organizations(), world.core.tokens, 'mm.9337011c-c2fa-47ef.cb376723-ef77')).toEqual({ kind: 'opaque', length: 35, known: null });
  });

  it('that is not a token at all, or a broken JWT, is a VALIDATION error saying what is wrong', () => {
    const refused = (input: string, message: RegExp) => expect(() => inspectToken(organizations(), input)).toThrowError(expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(message) }));
    refused('two words', /^Not a token: .*no spaces inside/);
    refused('Authorization: Bearer', /^Nothing to inspect/);
    refused('   ', /^Nothing to inspect/);
    refused('eyJhbGciOiJFUzI1NiJ9.e30.!', /^Not a JWT: its parts must be non-empty base64url/);
  });

  it('against an organization that does not exist is NOT_FOUND', () => {
    expect(() => inspectToken(organizations(), 'abc', { org: 'nobody' })).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('tokendeck inspect', () => {
  it('names a cached opaque token from a piped Authorization line, without printing it', async () => {
    await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    const value = await world.core.tokens.reveal(world.core.tokens.records()[0]!.id);
    const run = await runTokendeck(['inspect', '-'], { env: world.env, stdin: `Authorization: Bearer ${value}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^not a JWT: an opaque token \(\d+ characters\)\nknown {3}one of the cached tokens: moodmap\/prod \(production\), bearer, expires in 1 h 59 min \(.* UTC\), issued by http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(run.stdout + run.stderr).not.toContain(value);
    const json = JSON.parse((await runTokendeck(['inspect', '-', '--json'], { env: world.env, stdin: `Bearer ${value}` })).stdout);
    expect(json).toMatchObject({ kind: 'opaque', known: { org: 'moodmap', client: 'prod' } });
  });
});
