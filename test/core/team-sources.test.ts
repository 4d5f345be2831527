// A team's secrets from its pass store, through the vault (issue 24): Alice keeps a Musimap secret
// in the team's store and exports her setup; Bob, on a fresh home, clones the store with Tokendeck,
// imports the setup and mints at once, the secret never passed by hand. The real pass, gpg and git.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSetup, importSetup, planImport } from '../../main/core/setup/share-setup.js';
import { setUpPass } from '../../main/core/sources/source-setup.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { createPassTeam, type PassTeam } from '../support/pass-team.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const CLIENT = { clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secret: 'team-secret-Qv83' };

let team: PassTeam;
let server: MusimapServer;
let alice: Sandbox;
let bob: Sandbox;

beforeAll(async () => {
  team = createPassTeam();
  team.put('team/musimap/prod', CLIENT.secret);
  server = await startMusimap([CLIENT]);
  alice = createSandbox();
  bob = createSandbox();
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup(), server?.close()]);
  team?.dispose();
});

describe('a team secret in pass, from Alice\'s setup to Bob\'s token', () => {
  it('Alice points her client at the team store and exports a setup that carries the reference only', async () => {
    await setUpPass(alice.vault.sources, { storeDir: team.aliceStore, gnupgHome: team.alice.gnupgHome, prefixes: ['team'] });
    await alice.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: server.origin, tokenUrl: server.tokenUrl });
    await alice.vault.addClient('musimap', { name: 'web', environment: 'production', clientId: CLIENT.clientId });
    const change = alice.vault.clientSourceDestinationChange('musimap', 'web', 'pass:team/musimap/prod');
    expect(change?.message).toBe(`the secret of musimap/web would now be read from pass:team/musimap/prod and sent to ${server.tokenUrl} and ${server.origin}/`);
    await expect(alice.vault.setClientSecretSource('musimap', 'web', 'pass:team/musimap/prod')).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
    await alice.vault.setClientSecretSource('musimap', 'web', 'pass:team/musimap/prod', change);
    const issued = await alice.core.tokens.credential({ org: 'musimap', client: 'web' });
    expect(issued.token.length).toBeGreaterThan(10);
    const setup = exportSetup(alice.vault, alice.core.requestConsole);
    expect(setup).toContain('"secretSource": "pass:team/musimap/prod"');
    expect(setup).not.toContain(CLIENT.secret);
  });

  it('Bob clones the store with Tokendeck, imports, and mints at once', async () => {
    const setup = exportSetup(alice.vault, alice.core.requestConsole);
    // Before the store is set up, the import is refused naming what to do.
    await expect(importSetup(bob.vault, bob.core.requestConsole, setup)).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('set up the team\'s pass store first') });
    await setUpPass(bob.vault.sources, { storeDir: path.join(bob.home, 'team-store'), cloneFrom: team.remote, gnupgHome: team.bob.gnupgHome, prefixes: ['team/'] });
    const plan = await planImport(bob.vault, bob.core.requestConsole, setup);
    expect(plan.sources).toEqual([{ what: 'musimap/web secret', reference: 'pass:team/musimap/prod', status: 'readable', detail: 'this machine can read it' }]);
    await importSetup(bob.vault, bob.core.requestConsole, setup, { confirmDestinationChange: async () => true });
    const issued = await bob.core.tokens.credential({ org: 'musimap', client: 'web' });
    expect(issued.token.length).toBeGreaterThan(10);
    expect(readAllFiles(bob.home).includes(CLIENT.secret)).toBe(false);
    for (const account of await bob.keychain.accounts()) expect(await bob.keychain.get(account)).not.toBe(CLIENT.secret);
  });
});
