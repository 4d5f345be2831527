// Bob by the screens alone (issue 24): on a fresh home, with only the deck, he clones his team's
// pass store (decrypting with his own GnuPG home), imports Alice's setup file, sees before the
// import that this machine can read the secret it references, and copies a Musimap token the
// stand-in issued for the right secret, never having seen it. A hostile file that reads outside
// the prefixes he allowed is shown refused and cannot be imported; a client he has is switched to
// the team's source from its view. The real pass, gpg and git; main's dialog is the harness's.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { setUpPass } from '../../main/core/sources/source-setup.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startVaultStandIn, type VaultStandIn } from '../servers/vault-kv.js';
import { useDeckPage, type DeckWorld } from '../support/deck-page.js';
import { createPassTeam, type PassTeam } from '../support/pass-team.js';
import { createSandbox } from '../support/sandbox.js';

const CLIENT = { clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secret: 'team-secret-Rk27' };
const REFERENCE = 'pass:team/musimap/prod';
/** A MusicAPI signing key the team keeps in its store: its private half is never pasted. */
const TEAM_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let team: PassTeam;
let server: MusimapServer;
let vaultServer: VaultStandIn;
/** Alice's setup file: her Musimap client reads its secret from the team's store. */
let setupFile: string;
let hostileFile: string;

beforeAll(async () => {
  team = createPassTeam();
  team.put('team/musimap/prod', CLIENT.secret);
  team.put('personal/bank', 'not-for-the-team-9d1');
  team.put('team/acme/signing-key', TEAM_KEY.trim());
  server = await startMusimap([CLIENT]);
  vaultServer = await startVaultStandIn();
  vaultServer.put('secret', 'team/musimap', { client_secret: CLIENT.secret });
  const alice = createSandbox();
  try {
    await setUpPass(alice.vault.sources, { storeDir: team.aliceStore, gnupgHome: team.alice.gnupgHome, prefixes: ['team'] });
    await alice.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: server.origin, tokenUrl: server.tokenUrl });
    await alice.vault.addClient('musimap', { name: 'web', environment: 'development', clientId: CLIENT.clientId });
    await alice.vault.setClientSecretSource('musimap', 'web', REFERENCE, alice.vault.clientSourceDestinationChange('musimap', 'web', REFERENCE));
    const text = exportSetup(alice.vault, alice.core.requestConsole);
    setupFile = path.join(team.root, 'alice-setup.json');
    fs.writeFileSync(setupFile, text);
    // The same file, its reference turned to an entry outside what Bob allows.
    hostileFile = path.join(team.root, 'hostile-setup.json');
    fs.writeFileSync(hostileFile, text.replace(REFERENCE, 'pass:personal/bank'));
  } finally {
    await alice.cleanup();
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.close(), vaultServer?.close()]);
  team?.dispose();
});

/** Bob's fresh home: nothing in the vault, nothing set up; the stand-in Alice's file points at. */
async function bobsWorld(): Promise<DeckWorld> {
  const bob = createSandbox();
  return { ...bob, musimap: server, secrets: [CLIENT.secret, 'not-for-the-team-9d1', TEAM_KEY.split('\n')[1]!], close: () => bob.cleanup() };
}

const deck = useDeckPage(bobsWorld, 'Your vault is empty: connect an API');
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const storeOf = () => path.join(deck.world.home, 'team-store');
/** Bob's pass source set up through the core, for the tests about what comes after. */
const setUpBobsStore = () => setUpPass(deck.world.vault.sources, { storeDir: storeOf(), cloneFrom: team.remote, gnupgHome: team.bob.gnupgHome, prefixes: ['team/'] });

describe('team secrets from pass, by the screens alone', () => {
  it('Bob clones the team store, imports Alice\'s setup (previewed readable), and copies a token the stand-in issued for the right secret', async () => {
    await sidebar().getByRole('button', { name: 'Secret sources' }).click();
    const view = deck.page.getByRole('article', { name: 'Secret sources' });
    expect(await view.textContent()).toContain('instead of pasting them');
    await deck.shoot('secret-sources-empty-light');

    const pass = view.getByRole('region', { name: 'Team pass store' });
    await pass.getByRole('radio', { name: 'Clone the team’s git remote' }).click();
    await pass.getByLabel('Git remote').fill(team.remote);
    await pass.getByLabel('Clone into folder').fill(storeOf());
    await pass.getByLabel('GnuPG home (optional)').fill(team.bob.gnupgHome);
    await pass.getByLabel('Allowed prefixes').fill('team/');
    await pass.getByRole('button', { name: 'Clone and set up' }).click();
    await pass.getByRole('button', { name: 'Pull' }).waitFor({ timeout: 30_000 });
    expect(fs.existsSync(path.join(storeOf(), '.gpg-id'))).toBe(true);
    expect(await pass.textContent()).toContain(team.bob.gnupgHome);

    await pass.getByLabel('Check a reference (pass:…)').fill(REFERENCE);
    await pass.getByRole('button', { name: 'Check' }).click();
    await pass.getByRole('status').filter({ hasText: 'is readable on this machine ✓' }).waitFor({ timeout: 20_000 });
    await deck.shootAll('secret-sources');

    await sidebar().getByRole('button', { name: 'Share setup' }).click();
    const share = deck.page.getByRole('article', { name: 'Share setup' });
    await share.getByLabel('Setup file').setInputFiles(setupFile);
    const secrets = share.getByRole('region', { name: 'Secrets' });
    await secrets.waitFor({ timeout: 20_000 });
    const line = secrets.getByRole('listitem', { name: 'musimap/web secret' });
    expect(await line.textContent()).toContain('readable ✓');
    expect(await line.textContent()).toContain(REFERENCE);
    await deck.shootAll('import-sources-preview');

    deck.harness.confirmDestinationChanges = true;
    await share.getByRole('button', { name: 'Import alice-setup.json' }).click();
    await share.getByRole('status').filter({ hasText: 'Imported alice-setup.json' }).waitFor({ timeout: 20_000 });
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'import', changes: [{ what: 'musimap/web', fields: ['secretSource'] }] }, answer: true }]);

    const exchanges = server.exchanges;
    await sidebar().getByRole('treeitem', { name: 'musimap/web' }).click();
    const client = deck.page.getByRole('article', { name: 'Client musimap/web' });
    expect(await client.textContent()).toContain(`read from ${REFERENCE}`);
    await client.getByRole('button', { name: 'Copy bearer token' }).click();
    await client.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor({ timeout: 20_000 });
    // The stand-in issues a token only for the client id with its right secret.
    expect(server.exchanges).toBe(exchanges + 1);
    await expect.poll(() => deck.clipboard()).toBe(server.issued.at(-1));
    expect(await deck.world.keychain.accounts()).not.toContainEqual(expect.stringContaining('client'));
  }, 90_000);

  it('a file that reads outside the allowed prefixes (pass:personal/bank) is shown refused, with the fix, and cannot be imported', async () => {
    await setUpBobsStore();
    await sidebar().getByRole('button', { name: 'Share setup' }).click();
    const share = deck.page.getByRole('article', { name: 'Share setup' });
    await share.getByLabel('Setup file').setInputFiles(hostileFile);
    const line = share.getByRole('region', { name: 'Secrets' }).getByRole('listitem', { name: 'musimap/web secret' });
    await line.waitFor({ timeout: 20_000 });
    expect(await line.textContent()).toContain('refused');
    expect(await line.textContent()).toContain('pass:personal/bank');
    expect(await line.textContent()).toContain('team');
    const importButton = share.getByRole('button', { name: 'Import hostile-setup.json' });
    expect(await importButton.isDisabled()).toBe(true);
    expect(await share.textContent()).toContain('nothing can be imported until its source is set up');
    await deck.shoot('import-sources-refused-light');
    const vaultBefore = deck.world.storeText();
    await importButton.click({ force: true });
    expect(deck.world.storeText()).toBe(vaultBefore);
    expect(deck.harness.destinationQuestions).toEqual([]);
    await share.getByRole('button', { name: 'Open Secret sources' }).click();
    await deck.page.getByRole('article', { name: 'Secret sources' }).waitFor();
  }, 60_000);

  it('a client with a pasted secret is switched to the team source from its view: checked inline, confirmed in main, then minted from pass', async () => {
    await setUpBobsStore();
    await deck.world.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: server.origin, tokenUrl: server.tokenUrl });
    await deck.world.vault.addClient('musimap', { name: 'web', environment: 'development', clientId: CLIENT.clientId }, CLIENT.secret);
    await sidebar().getByRole('treeitem', { name: 'musimap/web' }).waitFor();
    await sidebar().getByRole('treeitem', { name: 'musimap/web' }).click();
    const client = deck.page.getByRole('article', { name: 'Client musimap/web' });
    expect(await client.textContent()).toContain('stored in keychain');
    await client.getByRole('radio', { name: 'From a source' }).click();
    const form = client.getByRole('form', { name: 'Read the secret from a source' });
    await form.getByLabel('Reference').fill(REFERENCE);
    await form.getByRole('button', { name: 'Check' }).click();
    await form.getByRole('status').filter({ hasText: 'is readable on this machine ✓' }).waitFor({ timeout: 20_000 });
    await deck.shoot('client-secret-source-light');

    deck.harness.confirmDestinationChanges = true;
    await form.getByRole('button', { name: 'Read from this source' }).click();
    await client.getByText(`read from ${REFERENCE}`).waitFor({ timeout: 20_000 });
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'client edit', changes: [{ what: 'musimap/web', fields: ['secretSource'] }] }, answer: true }]);
    expect(deck.world.vault.resolveClient('musimap', 'web').client.secretSource).toBe(REFERENCE);
    await client.getByRole('button', { name: 'Copy bearer token' }).click();
    await client.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => deck.clipboard()).toBe(server.issued.at(-1));
  }, 60_000);

  it('a signing key is imported from the team source in the keys panel: checked, then listed active with nothing of it in the keychain', async () => {
    await setUpBobsStore();
    await deck.world.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    const keys = deck.page.getByRole('article', { name: 'Organization acme' }).getByRole('region', { name: 'Signing keys' });
    await keys.getByRole('radio', { name: 'Import from source…' }).click();
    await keys.getByLabel('Key ID').fill('TEAM-1');
    await keys.getByLabel('Private key reference').fill('pass:team/acme/signing-key');
    await keys.getByRole('button', { name: 'Check' }).click();
    await keys.getByRole('status').filter({ hasText: 'is readable on this machine ✓' }).waitFor({ timeout: 20_000 });
    // Which key signs is a destination: main asks first, naming the source; declined, nothing is imported.
    deck.harness.confirmDestinationChanges = false;
    await keys.getByRole('button', { name: 'Import from source' }).click();
    await keys.getByRole('alert').waitFor({ timeout: 20_000 });
    expect(deck.world.vault.organizationTree('acme').keys).toEqual([]);
    deck.harness.confirmDestinationChanges = true;
    await keys.getByRole('button', { name: 'Import from source' }).click();
    await keys.getByText('TEAM-1').waitFor({ timeout: 20_000 });
    await deck.shoot('keys-import-source-light');
    const [key] = deck.world.vault.organizationTree('acme').keys;
    expect(key).toMatchObject({ kid: 'TEAM-1', status: 'active', hasPrivateKey: true, privateKeySource: 'pass:team/acme/signing-key' });
    for (const account of await deck.world.keychain.accounts()) expect(await deck.world.keychain.get(account)).not.toContain('PRIVATE KEY');
  }, 60_000);

  it('Vault is set up by its form: the token goes to the keychain, the view says only that it is there, and a reference under the prefix reads', async () => {
    const token = vaultServer.issueToken({ read: ['secret/team/*'] });
    await sidebar().getByRole('button', { name: 'Secret sources' }).click();
    const vault = deck.page.getByRole('article', { name: 'Secret sources' }).getByRole('region', { name: 'Vault' });
    await vault.getByLabel('Address').fill(vaultServer.origin);
    await vault.getByLabel('Allowed mount and prefixes').fill('secret/team/');
    await vault.getByLabel('Token').fill(token);
    await vault.getByRole('button', { name: 'Set up Vault' }).click();
    await vault.getByText('in keychain').waitFor();
    await vault.getByLabel('Check a reference (vault:…)').fill('vault:secret/team/musimap#client_secret');
    await vault.getByRole('button', { name: 'Check' }).click();
    await vault.getByRole('status').filter({ hasText: 'is readable on this machine ✓' }).waitFor({ timeout: 20_000 });
    await deck.shoot('secret-sources-vault-light');
    expect(deck.harness.outbound.join('\n')).not.toContain(token);
    expect(fs.readFileSync(path.join(deck.world.home, 'sources.json'), 'utf8')).not.toContain(token);
    expect(vaultServer.seen.at(-1)?.headers['x-vault-token']).toBe(token);
  }, 60_000);

  it('a new client reads its secret from a source: an unreadable reference stays in its field, nothing added; a readable one is confirmed in main', async () => {
    await setUpBobsStore();
    await deck.world.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: server.origin, tokenUrl: server.tokenUrl });
    await sidebar().getByRole('treeitem', { name: 'musimap (musimap)' }).click();
    await deck.page.getByRole('button', { name: '+ Client' }).click();
    const form = deck.page.getByRole('form', { name: 'New client' });
    await form.getByLabel('Name', { exact: true }).fill('web');
    await form.getByLabel('Client ID').fill(CLIENT.clientId);
    await form.getByRole('radio', { name: 'From a source' }).click();
    await form.getByLabel('Client secret reference').fill('pass:team/musimap/missing');
    await form.getByRole('button', { name: 'Create client' }).click();
    await form.locator('.field-error').filter({ hasText: 'team/musimap/missing' }).waitFor({ timeout: 20_000 });
    await deck.shoot('client-form-source-light');
    expect(deck.world.vault.organizationTree('musimap').clients).toEqual([]);

    deck.harness.confirmDestinationChanges = true;
    await form.getByLabel('Client secret reference').fill(REFERENCE);
    await form.getByRole('button', { name: 'Create client' }).click();
    const client = deck.page.getByRole('article', { name: 'Client musimap/web' });
    await client.getByText(`read from ${REFERENCE}`).waitFor({ timeout: 20_000 });
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'client edit' }, answer: true }]);
    await client.getByRole('button', { name: 'Copy bearer token' }).click();
    await client.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => deck.clipboard()).toBe(server.issued.at(-1));
  }, 60_000);

  // Last: it re-encrypts the team's store without Bob (and back to both when done).
  it('Alice re-encrypts without Bob: after a Pull, Check every reference says he is not a recipient, and Drop their cached tokens (confirmed in main) empties Live tokens', async () => {
    await setUpBobsStore();
    await deck.world.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: server.origin, tokenUrl: server.tokenUrl });
    await deck.world.vault.addClient('musimap', { name: 'web', environment: 'development', clientId: CLIENT.clientId });
    await deck.world.vault.setClientSecretSource('musimap', 'web', REFERENCE, deck.world.vault.clientSourceDestinationChange('musimap', 'web', REFERENCE));
    await sidebar().getByRole('treeitem', { name: 'musimap/web' }).click();
    const client = deck.page.getByRole('article', { name: 'Client musimap/web' });
    await client.getByRole('button', { name: 'Copy bearer token' }).click();
    await client.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor({ timeout: 20_000 });
    expect(deck.world.core.tokens.records()).toHaveLength(1);

    try {
      team.encryptTo([team.alice]);
      await sidebar().getByRole('button', { name: 'Secret sources' }).click();
      const view = deck.page.getByRole('article', { name: 'Secret sources' });
      await view.getByRole('region', { name: 'Team pass store' }).getByRole('button', { name: 'Pull' }).click();
      await view.getByRole('status').filter({ hasText: 'Pulled new commits' }).waitFor({ timeout: 20_000 });

      const audit = view.getByRole('region', { name: 'Check every reference' });
      await audit.getByRole('button', { name: 'Check every reference' }).click();
      const line = audit.getByRole('listitem', { name: 'musimap/web secret' });
      await line.waitFor({ timeout: 20_000 });
      expect(await line.textContent()).toContain(REFERENCE);
      expect(await line.textContent()).toContain('not readable');
      expect(await line.textContent()).toContain('you are not a recipient of team/musimap/prod (.gpg-id): ask a teammate to add your key and re-encrypt (pass init');
      expect(await line.textContent()).toContain('then Pull');
      // The panel ends the view: each shot scrolled to its end, the narrow one after its resize.
      const toPanelEnd = () => audit.evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await toPanelEnd();
      await deck.shoot('secret-sources-audit-light');
      await deck.page.emulateMedia({ colorScheme: 'dark' });
      await deck.shoot('secret-sources-audit-dark');
      await deck.page.emulateMedia({ colorScheme: 'light' });
      await deck.page.setViewportSize({ width: 900, height: 600 });
      await toPanelEnd();
      await deck.shoot('secret-sources-audit-900x600-light');
      await deck.page.setViewportSize({ width: 1100, height: 700 });

      // Declined in main's dialog: the token stays.
      deck.harness.confirmDestinationChanges = false;
      await audit.getByRole('button', { name: 'Drop their cached tokens…' }).click();
      await audit.getByRole('alert').waitFor({ timeout: 20_000 });
      expect(deck.world.core.tokens.records()).toHaveLength(1);

      deck.harness.confirmDestinationChanges = true;
      await audit.getByRole('button', { name: 'Drop their cached tokens…' }).click();
      await audit.getByRole('status').filter({ hasText: 'Dropped 1 cached token.' }).waitFor({ timeout: 20_000 });
      expect(deck.harness.destinationQuestions.map((q) => [q.question.changes[0]!.what, q.answer])).toEqual([
        ['the cached tokens of musimap/web', false],
        ['the cached tokens of musimap/web', true],
      ]);
      expect(await audit.getByRole('button', { name: 'Drop their cached tokens…' }).count()).toBe(0);
      expect(deck.world.core.tokens.records()).toEqual([]);
      await sidebar().getByRole('button', { name: /^Live tokens/ }).click();
      await deck.page.getByRole('article', { name: 'Live tokens' }).getByText('No cached tokens').waitFor();
    } finally {
      team.encryptTo([team.alice, team.bob]);
    }
  }, 90_000);
});
