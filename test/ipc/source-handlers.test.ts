// The secret-source channels through dispatch(), with the real keychain and sources.json: a Vault
// token goes in once and never comes back; re-pointing a source or taking one down is asked in
// main's dialog (here a stand-in the test answers), naming the old and the new; declined, nothing changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import type { DestinationChangeQuestion } from '../../main/core/destination-change.js';
import { SOURCE_ACCOUNTS } from '../../main/core/sources/secret-sources.js';
import { setUpPass } from '../../main/core/sources/source-setup.js';
import { startMusimap } from '../servers/musimap.js';
import { createPassTeam } from '../support/pass-team.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const TOKEN = 'hvs.source-token-6Yq2';
let sandbox: Sandbox;
let handlers: Handlers;
let stores: string;
const asked: DestinationChangeQuestion[] = [];
let answer = false;

/** A folder pass accepts as a store (its .gpg-id); nothing is read from it here. */
function passStore(name: string): string {
  const dir = path.join(stores, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.gpg-id'), 'team@example.test\n');
  return dir;
}
const sourcesFile = () => fs.readFileSync(path.join(sandbox.home, 'sources.json'), 'utf8');

beforeEach(() => {
  sandbox = createSandbox();
  stores = fs.mkdtempSync(path.join(os.tmpdir(), 'source-handlers-'));
  asked.length = 0;
  answer = false;
  const memory = { text: '' };
  const guard = new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') });
  handlers = createHandlers(sandbox.core, guard, { confirmDestinationChange: async (question) => (asked.push(question), answer) });
});
afterEach(async () => {
  await sandbox.cleanup();
  fs.rmSync(stores, { recursive: true, force: true });
});

describe('secret-source channels', () => {
  it('never lets client.add choose which secret a client reads: a page adding an organization of its own and a client pointed at the user\'s pass entry is refused, nothing added', async () => {
    await dispatch(handlers, 'sources.setUpPass', { storeDir: passStore('mine'), prefixes: ['team'] });
    expect(await dispatch(handlers, 'org.add', { name: 'evil', provider: 'musimap', tokenUrl: 'https://collect.attacker.example/token' })).toMatchObject({ ok: true });
    const before = sandbox.storeText();
    const added = await dispatch(handlers, 'client.add', { org: 'evil', client: { name: 'c', environment: 'production', clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secretSource: 'pass:personal/bank' } });
    expect(added).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'secretSource' } });
    expect(sandbox.storeText()).toBe(before);
    expect(asked).toEqual([]);
  });

  it('keeps the Vault token in the keychain and answers only that it is there', async () => {
    const setUp = await dispatch(handlers, 'sources.setUpVault', { address: 'http://127.0.0.1:8200', prefixes: ['secret/team/'], auth: { method: 'token', token: TOKEN } });
    expect(setUp).toMatchObject({ ok: true, value: { address: 'http://127.0.0.1:8200', prefixes: ['secret/team'], auth: { method: 'token' } } });
    const view = await dispatch(handlers, 'sources.view', {});
    expect(view).toMatchObject({ ok: true, value: { vault: { address: 'http://127.0.0.1:8200', auth: 'token', credentialInKeychain: true }, commands: [] } });
    expect(JSON.stringify([setUp, view])).not.toContain(TOKEN);
    expect(sourcesFile()).not.toContain(TOKEN);
    expect(await sandbox.keychain.get(SOURCE_ACCOUNTS.vaultToken)).toBe(TOKEN);
  });

  it('sets a pass store up without asking, and asks before re-pointing it, naming the old folder and the new; declined, nothing changes', async () => {
    const first = passStore('first');
    const second = passStore('second');
    expect(await dispatch(handlers, 'sources.setUpPass', { storeDir: first, prefixes: ['team'] })).toMatchObject({ ok: true, value: { storeDir: first, prefixes: ['team'], pull: false } });
    expect(asked).toEqual([]);
    const before = sourcesFile();

    const declined = await dispatch(handlers, 'sources.setUpPass', { storeDir: second, prefixes: ['team'] });
    expect(declined).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(asked).toMatchObject([{ action: 'source change', changes: [{ what: 'the pass source', destinations: [second] }] }]);
    expect(asked[0]!.changes[0]!.message).toContain(`would read from ${second} instead of ${first}`);
    expect(sourcesFile()).toBe(before);

    answer = true;
    expect(await dispatch(handlers, 'sources.setUpPass', { storeDir: second, prefixes: ['team'] })).toMatchObject({ ok: true, value: { storeDir: second } });
    expect(JSON.parse(sourcesFile()).pass.storeDir).toBe(second);
  });

  it('asks before taking a source down; declined, it stays set up; confirmed, the Vault token leaves the keychain', async () => {
    await dispatch(handlers, 'sources.setUpVault', { address: 'http://127.0.0.1:8200', prefixes: ['secret/team'], auth: { method: 'token', token: TOKEN } });
    expect(await dispatch(handlers, 'sources.remove', { kind: 'vault' })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(asked[0]!.changes[0]!.message).toContain('the vault source would be taken down on this machine');
    expect(JSON.parse(sourcesFile()).vault).toBeDefined();
    answer = true;
    expect(await dispatch(handlers, 'sources.remove', { kind: 'vault' })).toEqual({ ok: true, value: null });
    expect(JSON.parse(sourcesFile()).vault).toBeUndefined();
    expect(await sandbox.keychain.get(SOURCE_ACCOUNTS.vaultToken)).toBeNull();
  });

  it('refuses a relative folder and a line break at the border', async () => {
    expect(await dispatch(handlers, 'sources.setUpPass', { storeDir: 'relative/store', prefixes: [] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlers, 'sources.check', { reference: 'pass:team/a\nb' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(fs.existsSync(path.join(sandbox.home, 'sources.json'))).toBe(false);
  });

  it('audits every reference without its value, and drops the tokens of an unreadable one only once main asked: declined, nothing is dropped', async () => {
    const secret = 'team-secret-ipc-audit-5Tw';
    const team = createPassTeam();
    const server = await startMusimap([{ clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secret }]);
    try {
      team.put('team/musimap/prod', secret);
      const { vault, tokens } = sandbox.core;
      await setUpPass(vault.sources, { storeDir: team.clone(path.join(stores, 'team-store')), gnupgHome: team.bob.gnupgHome, prefixes: ['team'], pull: true });
      await vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: server.origin, tokenUrl: server.tokenUrl });
      await vault.addClient('musimap', { name: 'web', environment: 'production', clientId: 'efb3ed15-0052-4e00-9584-1365510b547d' });
      await vault.setClientSecretSource('musimap', 'web', 'pass:team/musimap/prod', vault.clientSourceDestinationChange('musimap', 'web', 'pass:team/musimap/prod'));
      await tokens.credential({ org: 'musimap', client: 'web' });

      const clean = await dispatch(handlers, 'sources.audit', {});
      expect(clean).toMatchObject({ ok: true, value: { findings: [{ what: 'musimap/web secret', reference: 'pass:team/musimap/prod', readable: true, recipient: true }], droppableTokens: 0 } });
      // Nothing unreadable: nothing asked, nothing dropped.
      expect(await dispatch(handlers, 'sources.dropUnreadableTokens', {})).toEqual({ ok: true, value: { dropped: 0 } });
      expect(asked).toEqual([]);

      team.encryptTo([team.alice]);
      expect(await dispatch(handlers, 'sources.pull', {})).toMatchObject({ ok: true, value: { updated: true } });
      const locked = await dispatch(handlers, 'sources.audit', {});
      expect(locked).toMatchObject({ ok: true, value: { findings: [{ readable: false, recipient: false, recipientsFile: '.gpg-id', fix: expect.stringContaining('you are not a recipient of team/musimap/prod') }], droppableTokens: 1 } });

      const declined = await dispatch(handlers, 'sources.dropUnreadableTokens', {});
      expect(declined).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(asked).toMatchObject([{ action: 'source change', changes: [{ what: 'the cached tokens of musimap/web', destinations: [] }] }]);
      expect(asked[0]!.changes[0]!.message).toContain('would be deleted (1 token)');
      expect(tokens.records()).toHaveLength(1);

      answer = true;
      expect(await dispatch(handlers, 'sources.dropUnreadableTokens', {})).toEqual({ ok: true, value: { dropped: 1 } });
      expect(tokens.records()).toEqual([]);
      expect(JSON.stringify([clean, locked, asked])).not.toContain(secret);
      expect(JSON.stringify([clean, locked])).not.toContain(server.issued.at(-1));
    } finally {
      await server.close();
      team.dispose();
    }
  }, 60_000);
});
