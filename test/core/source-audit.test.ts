// doctor's source audit (core/source-audit.ts) with the real pass and gpg: each reference read once
// and reported, and a pass entry's recipients asked, so a member the store's .gpg-id no longer
// names is told before the next re-encryption locks them out.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSources, sourcesClean } from '../../main/core/source-audit.js';
import { setUpPass } from '../../main/core/sources/source-setup.js';
import { createPassTeam, type PassTeam } from '../support/pass-team.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let team: PassTeam;
let bob: Sandbox;
let store: string;

beforeAll(async () => {
  team = createPassTeam();
  team.put('team/musimap/prod', 'team-secret-audit-1');
  bob = createSandbox();
  store = team.clone(path.join(bob.home, 'team-store'));
  await setUpPass(bob.vault.sources, { storeDir: store, gnupgHome: team.bob.gnupgHome, prefixes: ['team'], pull: false });
  await bob.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: 'https://api.musimap.test', tokenUrl: 'https://api.musimap.test/auth/token' });
  await bob.vault.addClient('musimap', { name: 'web', environment: 'production', clientId: 'efb3ed15-0052-4e00-9584-1365510b547d' });
  await bob.vault.addClient('musimap', { name: 'cli', environment: 'staging', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' });
  for (const client of ['web', 'cli']) {
    const change = bob.vault.clientSourceDestinationChange('musimap', client, 'pass:team/musimap/prod');
    await bob.vault.setClientSecretSource('musimap', client, 'pass:team/musimap/prod', change);
  }
}, 60_000);

afterAll(async () => {
  await bob?.cleanup();
  team?.dispose();
});

describe('auditSources', () => {
  it('reports every client reading a reference, readable and with this user among its recipients', async () => {
    const audit = await auditSources(bob.vault);
    expect(audit.findings).toEqual([
      expect.objectContaining({ what: 'musimap/web secret', reference: 'pass:team/musimap/prod', readable: true, recipient: true }),
      expect.objectContaining({ what: 'musimap/cli secret', reference: 'pass:team/musimap/prod', readable: true, recipient: true }),
    ]);
    expect(sourcesClean(audit)).toBe(true);
  });

  it('tells a user the .gpg-id no longer names, while the entry can still be read', async () => {
    fs.writeFileSync(path.join(store, '.gpg-id'), `${team.alice.fingerprint}\n`);
    bob.vault.sources.forget();
    const audit = await auditSources(bob.vault);
    expect(audit.findings[0]).toMatchObject({ readable: true, recipient: false, recipientsFile: '.gpg-id' });
    expect(sourcesClean(audit)).toBe(false);
  });
});
