// Client secrets kept in main's memory after a first keychain read (remembered-secrets.ts): an
// exchange reads the keychain once, yet a secret changed or removed through Tokendeck (this
// process or another), changed in the keychain by hand, or forgotten, is never posted again; and
// none is ever written to a file. Real keychain, real Musimap stand-in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { OsKeychain } from '../../main/core/keychain.js';
import { openCore } from '../../main/core/open-vault.js';
import { REMEMBER_MS } from '../../main/core/remembered-secrets.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const CLIENT_ID = 'efb3ed15-0052-4e00-9584-1365510b547d';
const FIRST = 'musimap-secret-first';
const SECOND = 'musimap-secret-second';

let clock = Date.now();
let sandbox: Sandbox;
let musimap: MusimapServer;
/** What the stand-in accepts: changed to "rotate at Musimap". */
const accepted = { clientId: CLIENT_ID, secret: FIRST };
/** Keychain reads of the client's secret, counted on the sandbox's keychain. */
let secretReads = 0;

beforeEach(async () => {
  accepted.secret = FIRST;
  clock = Date.now();
  sandbox = createSandbox({ now: () => clock });
  musimap = await startMusimap([accepted]);
  await sandbox.vault.addOrganization({ name: 'moodmap', provider: 'musimap', apiBaseUrl: musimap.origin, tokenUrl: musimap.tokenUrl });
  const client = await sandbox.vault.addClient('moodmap', { name: 'prod', environment: 'production', clientId: CLIENT_ID }, FIRST);
  secretReads = 0;
  const get = sandbox.keychain.get.bind(sandbox.keychain);
  sandbox.keychain.get = (account) => {
    if (account === keychainAccount.clientSecret(client.id)) secretReads++;
    return get(account);
  };
});

afterEach(async () => {
  await musimap.close();
  await sandbox.cleanup();
});

const exchange = () => sandbox.core.tokens.credential({ org: 'moodmap', client: 'prod', fresh: true });
/** The client secret of the last token request the stand-in received. */
const lastPosted = () => (JSON.parse(musimap.seen.filter((r) => r.path === '/auth/token').at(-1)!.body) as { client_secret: string }).client_secret;

/** Another process's view of the same home and keychain: the CLI, a second window. */
function anotherProcess() {
  return openCore({ home: sandbox.home, keychain: new OsKeychain(sandbox.service) });
}

describe('client secrets remembered in main', () => {
  it('reads the keychain once for many exchanges, and writes the secret to no file', async () => {
    for (let i = 0; i < 3; i++) await exchange();
    expect(musimap.exchanges).toBe(3);
    expect(secretReads).toBe(1);
    expect(readAllFiles(sandbox.home)).not.toContain(FIRST);
  });

  it('posts the new secret once this process changed it', async () => {
    await exchange();
    accepted.secret = SECOND;
    await sandbox.vault.setClientSecret('moodmap', 'prod', SECOND);
    await exchange();
    expect(lastPosted()).toBe(SECOND);
  });

  it('posts the new secret once another process changed it (the CLI, through the vault)', async () => {
    await exchange();
    accepted.secret = SECOND;
    await anotherProcess().vault.setClientSecret('moodmap', 'prod', SECOND);
    await exchange();
    expect(lastPosted()).toBe(SECOND);
    expect(musimap.exchanges).toBe(2);
  });

  it('stops using a secret another process moved to the trash with its client', async () => {
    await exchange();
    await anotherProcess().vault.removeClient('moodmap', 'prod');
    await expect(exchange()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(musimap.exchanges).toBe(1);
  });

  it('reads the keychain again after a secret changed there by hand is refused, and posts a wrong one only once', async () => {
    await exchange();
    accepted.secret = SECOND;
    await sandbox.keychain.set(keychainAccount.clientSecret(sandbox.vault.resolveClient('moodmap', 'prod').client.id), SECOND);
    const made = await exchange();
    expect(made.token).toMatch(/^mm\./);
    expect(lastPosted()).toBe(SECOND);
    expect(musimap.exchanges).toBe(3);

    // Changed at Musimap only: the remembered (and stored) secret is refused, and not posted twice.
    accepted.secret = 'rotated-at-musimap';
    await expect(exchange()).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED' });
    expect(musimap.exchanges).toBe(4);
  });

  it('reads the keychain again after its time in memory, and after main forgets', async () => {
    await exchange();
    await exchange();
    expect(secretReads).toBe(1);
    clock += REMEMBER_MS;
    await exchange();
    expect(secretReads).toBe(2);
    sandbox.vault.forgetSecrets();
    await exchange();
    expect(secretReads).toBe(3);
  });
});
