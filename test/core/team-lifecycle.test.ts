// A team's life with its secrets outside the keychain (issue 24), through the vault, with the real
// pass, gpg and git, a Vault stand-in and the vendors' stand-ins: Alice sets the team up and Bob
// joins from her setup file; Alice rotates the secret and Bob sees it after the 5 minutes of memory
// (a clock the test moves) or at once after a pull; DevToken signing keys kept in pass and in Vault
// (token and AppRole) sign tokens MusicAPI verifies, and a source holding another key is refused; a
// command as a client secret; forget(); a keychain secret restored from the trash takes effect
// again; Alice removes Bob and his next token fails naming why. Then a leak scan of everything.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { exportSetup, importSetup } from '../../main/core/setup/share-setup.js';
import { VALUE_MEMORY_MS } from '../../main/core/sources/reference-reader.js';
import { SOURCE_ACCOUNTS } from '../../main/core/sources/secret-sources.js';
import { setUpCommand, setUpPass, setUpVault } from '../../main/core/sources/source-setup.js';
import { startMusicApi, type MusicApiServer } from '../servers/musicapi.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startVaultStandIn, type VaultStandIn } from '../servers/vault-kv.js';
import { recordCount } from '../support/fault-counts.js';
import { createPassTeam, type PassTeam } from '../support/pass-team.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const MUSIMAP_ID = 'efb3ed15-0052-4e00-9584-1365510b547d';
const MUSICAPI_ID = '2cf82db3-4064-4235-8253-16994eb51773';
const SECRETS = { v1: 'team-secret-v1-Qv83', v2: 'team-secret-v2-Lm27', v3: 'team-secret-v3-Xe51', command: 'command-secret-Pd64', typed: 'typed-secret-Hs19' };
const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEYS = { pass: ec(), vault: ec(), other: ec() };

let team: PassTeam;
let musimap: MusimapServer;
let musicapi: MusicApiServer;
let vaultServer: VaultStandIn;
let alice: Sandbox;
let bob: Sandbox;
// Half an hour behind: the test moves it on by 5 minutes a few times, and MusicAPI refuses a DevToken issued in its future.
let now = Date.now() - 30 * 60_000;
const clock = () => now;
/** Every setup file, error message and token record seen: scanned for leaks at the end. */
const seenTexts: string[] = [];
const musimapClients = [{ clientId: MUSIMAP_ID, secret: SECRETS.v1 }];

beforeAll(async () => {
  team = createPassTeam();
  team.put('team/musimap/prod', SECRETS.v1);
  team.put('team/musicapi/devtoken-key', KEYS.pass);
  musimap = await startMusimap(musimapClients);
  musicapi = await startMusicApi([{ clientId: MUSICAPI_ID, secret: 'unused-basic-secret' }]);
  vaultServer = await startVaultStandIn();
  vaultServer.put('secret', 'musicapi/key', { pem: KEYS.vault });
  vaultServer.put('secret', 'musicapi/other', { pem: KEYS.other });
  alice = createSandbox({ now: clock });
  bob = createSandbox({ now: clock });
}, 120_000);

afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup(), musimap?.close(), musicapi?.close(), vaultServer?.close()]);
  team?.dispose();
});

/** The client secret Bob's last token request carried, as Musimap received it. */
function lastSentSecret(): string {
  const exchange = musimap.seen.filter((r) => r.path === '/auth/token').at(-1)!;
  return (JSON.parse(exchange.body) as { client_secret: string }).client_secret;
}

async function mint(who: Sandbox, org: string, client: string, scheme?: 'devtoken'): Promise<string> {
  try {
    const issued = await who.core.tokens.credential({ org, client, ...(scheme ? { scheme } : {}), fresh: true });
    return issued.token;
  } catch (error) {
    seenTexts.push((error as Error).message);
    throw error;
  }
}

/** MusicAPI's own check of a DevToken: its signature by the key registered under its kid. */
async function musicApiAccepts(token: string): Promise<boolean> {
  const response = await fetch(`${musicapi.origin}/search/introspection`, { headers: { authorization: `DevToken ${token}`, 'content-type': 'application/json; charset=utf-8' } });
  return response.status === 200;
}

describe("a team's secrets in pass and Vault, over the team's life", () => {
  it('onboarding: Alice sets the team up and exports; Bob clones, imports and mints at once', async () => {
    await setUpPass(alice.vault.sources, { storeDir: team.aliceStore, gnupgHome: team.alice.gnupgHome, prefixes: ['team'] });
    await alice.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: musimap.origin, tokenUrl: musimap.tokenUrl });
    await alice.vault.addClient('musimap', { name: 'web', environment: 'production', clientId: MUSIMAP_ID });
    await alice.vault.setClientSecretSource('musimap', 'web', 'pass:team/musimap/prod', alice.vault.clientSourceDestinationChange('musimap', 'web', 'pass:team/musimap/prod'));
    await alice.vault.addOrganization({ name: 'acme', provider: 'musicapi', apiBaseUrl: musicapi.origin });
    await alice.vault.addClient('acme', { name: 'web', environment: 'development', clientId: MUSICAPI_ID });
    // Unconfirmed, refused before the source is read: which key signs is a destination.
    await expect(alice.vault.importKeyFromSource('acme', 'KID-PASS', 'pass:team/musicapi/devtoken-key')).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
    const key = await alice.vault.importKeyFromSource('acme', 'KID-PASS', 'pass:team/musicapi/devtoken-key', alice.vault.keyImportDestinationChange('acme', 'KID-PASS', 'pass:team/musicapi/devtoken-key'));
    expect(key).toMatchObject({ privateKeySource: 'pass:team/musicapi/devtoken-key', hasPrivateKey: true });
    musicapi.registerKey('KID-PASS', key.publicKeyPem);
    expect(await musicApiAccepts(await mint(alice, 'acme', 'web', 'devtoken'))).toBe(true);

    const setup = exportSetup(alice.vault, alice.core.requestConsole);
    seenTexts.push(setup);
    expect(setup).toContain('"privateKeySource": "pass:team/musicapi/devtoken-key"');
    await setUpPass(bob.vault.sources, { storeDir: path.join(bob.home, 'team-store'), cloneFrom: team.remote, gnupgHome: team.bob.gnupgHome, prefixes: ['team'] });
    const plan = await importSetup(bob.vault, bob.core.requestConsole, setup, { confirmDestinationChange: async () => true });
    expect(plan.sources.map((s) => [s.reference, s.status])).toEqual([
      ['pass:team/musicapi/devtoken-key', 'readable'],
      ['pass:team/musimap/prod', 'readable'],
    ]);
    await mint(bob, 'musimap', 'web');
    expect(lastSentSecret()).toBe(SECRETS.v1);
    expect(await musicApiAccepts(await mint(bob, 'acme', 'web', 'devtoken'))).toBe(true);
  });

  it("rotation: Bob sees Alice's new secret after the 5 minutes of memory, or at once after a pull", async () => {
    // Both are valid while the team rotates: Musimap says which one Bob sent.
    musimapClients.push({ clientId: MUSIMAP_ID, secret: SECRETS.v2 }, { clientId: MUSIMAP_ID, secret: SECRETS.v3 });
    team.put('team/musimap/prod', SECRETS.v2);
    await mint(bob, 'musimap', 'web');
    expect(lastSentSecret()).toBe(SECRETS.v1);
    now += VALUE_MEMORY_MS;
    await mint(bob, 'musimap', 'web');
    expect(lastSentSecret()).toBe(SECRETS.v2);

    team.put('team/musimap/prod', SECRETS.v3);
    await mint(bob, 'musimap', 'web');
    expect(lastSentSecret()).toBe(SECRETS.v2);
    await bob.vault.sources.pull();
    await mint(bob, 'musimap', 'web');
    expect(lastSentSecret()).toBe(SECRETS.v3);
  });

  it('refuses to sign when the source now holds another private key (BAD_KEY), naming the reference', async () => {
    team.put('team/musicapi/devtoken-key', KEYS.other);
    await bob.vault.sources.pull();
    await expect(mint(bob, 'acme', 'web', 'devtoken')).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringContaining('pass:team/musicapi/devtoken-key holds another private key') });
    team.put('team/musicapi/devtoken-key', KEYS.pass);
    await bob.vault.sources.pull();
    expect(await musicApiAccepts(await mint(bob, 'acme', 'web', 'devtoken'))).toBe(true);
  });

  it('a key kept in Vault signs DevTokens MusicAPI verifies, with a token and with AppRole', async () => {
    const token = vaultServer.issueToken({ read: ['secret/musicapi/*'] });
    await setUpVault(bob.vault.sources, bob.keychain, { address: vaultServer.origin, prefixes: ['secret/musicapi'], auth: { method: 'token', token } });
    const key = await bob.vault.importKeyFromSource('acme', 'KID-VAULT', 'vault:secret/musicapi/key#pem', bob.vault.keyImportDestinationChange('acme', 'KID-VAULT', 'vault:secret/musicapi/key#pem'));
    musicapi.registerKey('KID-VAULT', key.publicKeyPem);
    expect(await musicApiAccepts(await mint(bob, 'acme', 'web', 'devtoken'))).toBe(true);
    expect(vaultServer.seen.at(-1)!.headers['x-vault-token']).toBe(token);

    const role = vaultServer.addAppRole({ grant: { read: ['secret/musicapi/*'] }, leaseSeconds: 3600 });
    await setUpVault(bob.vault.sources, bob.keychain, { address: vaultServer.origin, prefixes: ['secret/musicapi'], auth: { method: 'approle', roleId: role.roleId, secretId: role.secretId } });
    expect(await musicApiAccepts(await mint(bob, 'acme', 'web', 'devtoken'))).toBe(true);
    expect(vaultServer.seen.some((r) => r.path === '/v1/auth/approle/login')).toBe(true);
    // The AppRole token Vault issued is kept in memory only.
    expect(vaultServer.seen.at(-1)!.headers['x-vault-token']).not.toBe(token);
  });

  it('refuses a key whose Vault field holds another private key (BAD_KEY)', async () => {
    const key = (await bob.vault.importKeyFromSource('acme', 'KID-OTHER', 'vault:secret/musicapi/other#pem', bob.vault.keyImportDestinationChange('acme', 'KID-OTHER', 'vault:secret/musicapi/other#pem'))).thumbprint;
    vaultServer.put('secret', 'musicapi/other', { pem: KEYS.vault });
    now += VALUE_MEMORY_MS;
    musicapi.registerKey('KID-OTHER', bob.vault.snapshot().keys.find((k) => k.thumbprint === key)!.publicKeyPem);
    await expect(mint(bob, 'acme', 'web', 'devtoken')).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringContaining('vault:secret/musicapi/other#pem holds another private key') });
    await bob.vault.retireKey('acme', 'KID-OTHER');
  });

  it('a command set up here gives a client its secret: a script run by its argv, no shell', async () => {
    musimapClients.push({ clientId: MUSIMAP_ID, secret: SECRETS.command });
    // Outside Bob's home, like the tool it stands for (op, gopass): the home holds only its argv.
    const runs = path.join(team.root, 'command-runs');
    const script = path.join(team.root, 'musimap-secret.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho run >> '${runs}'\nprintf '%s\\n' '${SECRETS.command}'\n`, { mode: 0o700 });
    setUpCommand(bob.vault.sources, 'musimap-secret', { argv: [script, '--field', 'client_secret'] });
    await bob.vault.addClient('musimap', { name: 'cli', environment: 'production', clientId: MUSIMAP_ID });
    await bob.vault.setClientSecretSource('musimap', 'cli', 'command:musimap-secret', bob.vault.clientSourceDestinationChange('musimap', 'cli', 'command:musimap-secret'));
    await mint(bob, 'musimap', 'cli');
    expect(lastSentSecret()).toBe(SECRETS.command);
    await mint(bob, 'musimap', 'cli');
    expect(fs.readFileSync(runs, 'utf8')).toBe('run\n');
    // forget() drops every value kept: the next token runs the command again.
    bob.vault.sources.forget();
    await mint(bob, 'musimap', 'cli');
    expect(fs.readFileSync(runs, 'utf8')).toBe('run\nrun\n');
  });

  it('a keychain secret restored from the trash takes effect again: the source the client was pointed at since is dropped', async () => {
    musimapClients.push({ clientId: MUSIMAP_ID, secret: SECRETS.typed });
    await bob.vault.addClient('musimap', { name: 'typed', environment: 'production', clientId: MUSIMAP_ID }, SECRETS.typed);
    await bob.vault.setClientSecretSource('musimap', 'typed', 'pass:team/musimap/prod', bob.vault.clientSourceDestinationChange('musimap', 'typed', 'pass:team/musimap/prod'));
    await mint(bob, 'musimap', 'typed');
    expect(lastSentSecret()).toBe(SECRETS.v3);
    const item = (await bob.vault.trash()).find((t) => t.kind === 'secret')!;
    await bob.vault.restoreFromTrash(item.id);
    expect(bob.vault.resolveClient('musimap', 'typed').client.secretSource).toBeUndefined();
    await mint(bob, 'musimap', 'typed');
    expect(lastSentSecret()).toBe(SECRETS.typed);
  });

  it("an import pointing a client that keeps a keychain secret at a source moves that secret to the trash", async () => {
    const setup = JSON.parse(exportSetup(bob.vault, bob.core.requestConsole)) as { organizations: Array<{ name: string; clients: Array<{ name: string; secretSource?: string }> }> };
    setup.organizations.find((o) => o.name === 'musimap')!.clients.find((c) => c.name === 'typed')!.secretSource = 'pass:team/musimap/prod';
    const typed = bob.vault.resolveClient('musimap', 'typed').client;
    expect(await bob.keychain.get(keychainAccount.clientSecret(typed.id))).toBe(SECRETS.typed);
    await importSetup(bob.vault, bob.core.requestConsole, JSON.stringify(setup), { confirmDestinationChange: async () => true });
    expect(await bob.keychain.get(keychainAccount.clientSecret(typed.id))).toBeNull();
    expect((await bob.vault.trash()).filter((t) => t.kind === 'secret' && t.name.includes('typed'))).toHaveLength(1);
    await mint(bob, 'musimap', 'typed');
    expect(lastSentSecret()).toBe(SECRETS.v3);
  });

  it("removal: once Alice re-encrypts without Bob, his next token fails naming that he is not a recipient", async () => {
    team.encryptTo([team.alice]);
    now += VALUE_MEMORY_MS;
    await expect(mint(bob, 'musimap', 'web')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringMatching(/pass: team\/musimap\/prod in .* is not encrypted to your GPG key: your key is not among the entry's recipients/) });
    // Alice still reads it.
    await mint(alice, 'musimap', 'web');
    expect(lastSentSecret()).toBe(SECRETS.v3);
  });

  it('leaves no source secret anywhere: files, setup files, keychain, messages, token records', async () => {
    const pemLines = Object.values(KEYS).flatMap((pem) => pem.split('\n').filter((line) => line && !line.startsWith('-----')));
    const vaultToken = await bob.keychain.get(SOURCE_ACCOUNTS.vaultToken);
    const secretId = await bob.keychain.get(SOURCE_ACCOUNTS.vaultSecretId);
    expect(vaultToken && secretId).toBeTruthy();
    // The typed secret belongs in the keychain (its client's account); the others nowhere.
    const values = [SECRETS.v1, SECRETS.v2, SECRETS.v3, SECRETS.command, ...pemLines];
    const credentials = new Map([[SOURCE_ACCOUNTS.vaultToken, vaultToken!], [SOURCE_ACCOUNTS.vaultSecretId, secretId!]]);
    const places: Array<[string, string]> = [];
    // What a doctor looks at: the keychain audit (clean: a client or key read from a source needs no
    // keychain entry) and each reference checked by reading it, Bob's refused one included.
    for (const who of [alice, bob]) {
      const audit = await who.vault.auditKeychain();
      expect(audit).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
      const { clients, keys } = who.vault.snapshot();
      const references = [...clients.map((c) => [c.secretSource, 'secret'] as const), ...keys.map((k) => [k.privateKeySource, 'private-key'] as const)];
      const checks = await Promise.all(references.flatMap(([r, purpose]) => (r === undefined ? [] : [who.vault.sources.check(r, purpose)])));
      places.push([`doctor of ${who.home}`, JSON.stringify([audit, checks])]);
    }
    expect(JSON.stringify(await bob.vault.sources.check('pass:team/musimap/prod'))).toContain('not among the entry');
    for (const who of [alice, bob]) {
      places.push([`files of ${who.home}`, readAllFiles(who.home)]);
      places.push([`setup of ${who.home}`, exportSetup(who.vault, who.core.requestConsole)]);
      places.push([`token records of ${who.home}`, JSON.stringify(who.core.tokens.records())]);
      for (const account of await who.keychain.accounts()) {
        const value = (await who.keychain.get(account)) ?? '';
        places.push([`keychain ${account}`, value]);
        for (const [own, credential] of credentials) if (account !== own) expect(value.includes(credential), `${account} holds ${own}`).toBe(false);
      }
    }
    seenTexts.forEach((text, i) => places.push([`message ${i}`, text]));
    for (const [own, credential] of credentials) for (const [where, text] of places.filter(([w]) => !w.startsWith('keychain'))) expect(text.includes(credential), `${where} holds ${own}`).toBe(false);
    const hits = places.flatMap(([where, text]) => values.filter((v) => text.includes(v)).map((v) => `${where}: ${v.slice(0, 6)}…`));
    recordCount('leak-scan values', values.length + credentials.size);
    recordCount('leak-scan hits', hits.length);
    expect(hits).toEqual([]);
  });
});
