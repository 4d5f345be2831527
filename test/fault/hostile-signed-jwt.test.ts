// Hostile setup files for signed-JWT organizations, through the built CLI: one that re-points
// where an organization's assertions are posted (its token URL) or its app JWT (GitHub's API URL)
// is a destination change, refused with nothing written unless allowed; one asking for an
// unsigned profile, or carrying a key of another algorithm, is refused naming the path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
