// Hostile setup files and hostile sources against the secret sources of issue 24, with the real
// pass, gpg and git, the real keychain and a Vault stand-in. A file that points a client at an entry
// outside the prefixes Bob allowed (his personal pass entries, another Vault mount, a case or
// unicode lookalike of the team's folder) with a token URL of its own is refused whole: nothing
// imported, nothing read, nothing sent. A command reference changes nothing; a changed reference
// waits for confirmation, naming every host. A teammate's symbolic link out of the store, and a
// Vault value with a CR/LF in it, are refused without the value.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DestinationChange } from '../../main/core/destination-change.js';
import { exportSetup, importSetup, MAX_CHECKED_SOURCES, planImport } from '../../main/core/setup/share-setup.js';
import { passRecipients } from '../../main/core/sources/pass-recipients.js';
import { setUpCommand, setUpPass, setUpVault } from '../../main/core/sources/source-setup.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startVaultStandIn, type VaultStandIn } from '../servers/vault-kv.js';
import { recordCount } from '../support/fault-counts.js';
import { createPassTeam, type PassTeam } from '../support/pass-team.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const CLIENT = { clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secret: 'team-secret-Hk41' };
const BANK = 'personal-bank-password-Zq92';

type Setup = { organizations: Array<Record<string, any>> };

let team: PassTeam;
let musimap: MusimapServer;
let evil: MusimapServer;
let vaultServer: VaultStandIn;
let bob: Sandbox;
let carol: Sandbox;
let personalStore: string;
let marker: string;

beforeAll(async () => {
  team = createPassTeam();
  team.put('team/musimap/prod', CLIENT.secret);
  team.put('team/musimap/other', 'another-team-secret-Lr55');
  musimap = await startMusimap([CLIENT]);
  // The "own token URL" of a hostile file: it would take whatever secret it is sent.
  evil = await startMusimap([]);
  vaultServer = await startVaultStandIn({ mounts: ['secret', 'other'] });
  vaultServer.put('secret', 'musimap/prod', { client_secret: CLIENT.secret });
  vaultServer.put('other', 'musimap/prod', { client_secret: 'other-mount-secret-Wm20' });
  vaultServer.put('secret', 'musimap/crlf', { client_secret: 'abc\r\nX-Injected: yes' });
  bob = createSandbox();
  carol = createSandbox();
  // Bob's own pass store, encrypted to his key only: what a hostile file or link would reach for.
  personalStore = path.join(team.root, 'bob-personal');
  const personalEnv = { ...process.env, GNUPGHOME: team.bob.gnupgHome, PASSWORD_STORE_DIR: personalStore };
  execFileSync('pass', ['init', team.bob.fingerprint], { env: personalEnv });
  execFileSync('pass', ['insert', '-m', 'personal/bank'], { env: personalEnv, input: `${BANK}\n` });
  marker = path.join(team.root, 'command-ran');
  const script = path.join(team.root, 'exfil.sh');
  fs.writeFileSync(script, `#!/bin/sh\necho ran > '${marker}'\necho command-secret\n`, { mode: 0o700 });

  await setUpPass(bob.vault.sources, { storeDir: path.join(bob.home, 'team-store'), cloneFrom: team.remote, gnupgHome: team.bob.gnupgHome, prefixes: ['team'] });
  await setUpVault(bob.vault.sources, bob.keychain, { address: vaultServer.origin, prefixes: ['secret/musimap'], auth: { method: 'token', token: vaultServer.issueToken({ read: ['secret/*', 'other/*'] }) } });
  setUpCommand(bob.vault.sources, 'exfil', { argv: [script] });
  await bob.vault.addOrganization({ name: 'musimap', provider: 'musimap', apiBaseUrl: musimap.origin, tokenUrl: musimap.tokenUrl });
  await bob.vault.addClient('musimap', { name: 'web', environment: 'production', clientId: CLIENT.clientId });
  await bob.vault.setClientSecretSource('musimap', 'web', 'pass:team/musimap/prod', bob.vault.clientSourceDestinationChange('musimap', 'web', 'pass:team/musimap/prod'));
  await bob.vault.addClient('musimap', { name: 'typed', environment: 'production', clientId: CLIENT.clientId }, CLIENT.secret);
  // A key whose private half is in Bob's keychain, and one he has the public half of only.
  await bob.vault.addOrganization({ name: 'acme', provider: 'musicapi', apiBaseUrl: musimap.origin });
  await bob.vault.generateKey('acme', 'KID-1');
  const publicOnly = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await bob.vault.addPublicKey('acme', 'KID-PUB', publicOnly, 'active');
}, 120_000);

afterAll(async () => {
  await Promise.all([bob?.cleanup(), carol?.cleanup(), musimap?.close(), evil?.close(), vaultServer?.close()]);
  team?.dispose();
});

afterEach(() => {
  vi.restoreAllMocks();
  recordCount('fault cases', 1);
});

/** Bob's own setup, edited: what a colleague's "updated setup" could be. */
function edited(sandbox: Sandbox, edit: (setup: Setup) => void): string {
  const setup = JSON.parse(exportSetup(sandbox.vault, sandbox.core.requestConsole)) as Setup;
  edit(setup);
  return JSON.stringify(setup);
}

const musimapOf = (setup: Setup) => setup.organizations.find((o) => o.name === 'musimap')!;

/** A hostile organization of its own: the reference, and a token URL and API of the attacker's. */
const drain = (secretSource: string) => ({
  name: 'bank-drain',
  provider: 'musimap',
  apiBaseUrl: evil.origin,
  tokenUrl: evil.tokenUrl,
  clients: [{ name: 'x', environment: 'production', clientId: CLIENT.clientId, secretSource }],
});

/** vault.json, sources.json and every keychain account with its value, to compare byte for byte. */
async function everything(sandbox: Sandbox): Promise<unknown> {
  const sources = path.join(sandbox.home, 'sources.json');
  const accounts = (await sandbox.keychain.accounts()).sort();
  return [sandbox.storeText(), fs.existsSync(sources) ? fs.readFileSync(sources, 'utf8') : '', await Promise.all(accounts.map(async (a) => [a, await sandbox.keychain.get(a)]))];
}

/** Runs `act` and says which references it read: SecretSources is the one way to every source. */
async function reads(sandbox: Sandbox, act: () => Promise<unknown>): Promise<string[]> {
  const read = vi.spyOn(sandbox.vault.sources, 'read');
  await act();
  const references = read.mock.calls.map(([reference]) => String(reference));
  read.mockRestore();
  return references;
}

describe('a setup file that reaches outside the prefixes Bob allowed', () => {
  const outside: Array<[string, string, RegExp]> = [
    ['his personal pass entry', 'pass:personal/bank', /pass:personal\/bank is not under a prefix you allowed for pass \(team\/\)/],
    ['a case trick on the team folder', 'pass:Team/musimap/prod', /pass:Team\/musimap\/prod is not under a prefix/],
    ['a unicode lookalike of the team folder', 'pass:te\u0430m/musimap/prod', /may hold only letters, digits/],
    ['a ".." out of the team folder', 'pass:team/../personal/bank', /may not have a "\.\." segment/],
    ['an encoded separator', 'pass:team%2F..%2Fpersonal/bank', /may hold only letters, digits/],
    ['the prefix folder itself', 'pass:team', /pass:team is not under a prefix/],
    ['a Vault secret under another mount', 'vault:other/musimap/prod#client_secret', /vault:other\/musimap\/prod#client_secret is not under a prefix you allowed for vault \(secret\/musimap\/\)/],
  ];
  it.each(outside)('%s: refused whole with a token URL of its own; nothing imported, read or sent', async (_label, reference, said) => {
    const before = await everything(bob);
    const text = edited(bob, (setup) => setup.organizations.push(drain(reference)));
    let failure: unknown;
    const imported = await reads(bob, () => importSetup(bob.vault, bob.core.requestConsole, text, { confirmDestinationChange: async () => true }).catch((e: unknown) => (failure = e)));
    expect(failure).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(said) });
    expect((failure as Error).message).toMatch(/Nothing was imported|Invalid/);
    expect(imported).toEqual([]);
    expect(await everything(bob)).toEqual(before);
    expect(evil.seen).toEqual([]);
    expect(vaultServer.seen.filter((r) => r.path.includes('/other/'))).toEqual([]);
  });

  it('shows the reference outside the prefixes in the plan, unread', async () => {
    const text = edited(bob, (setup) => setup.organizations.push(drain('pass:personal/bank')));
    let plan: Awaited<ReturnType<typeof planImport>> | undefined;
    // Bob's own client, allowed, is read to say it is readable; the hostile one is not.
    expect(await reads(bob, async () => (plan = await planImport(bob.vault, bob.core.requestConsole, text)))).toEqual(['pass:team/musimap/prod']);
    expect(plan!.sources).toContainEqual(expect.objectContaining({ what: 'bank-drain/x secret', reference: 'pass:personal/bank', status: 'outside-prefixes' }));
    expect(evil.seen).toEqual([]);
  });
});

describe('a setup file naming a source this machine has not set up', () => {
  it('is refused whole, naming what to set up; nothing imported or sent', async () => {
    const before = await everything(carol);
    const text = edited(bob, (setup) => setup.organizations.push(drain('vault:secret/musimap/prod#client_secret')));
    const imported = await reads(carol, () =>
      expect(importSetup(carol.vault, carol.core.requestConsole, text, { confirmDestinationChange: async () => true })).rejects.toMatchObject({
        code: 'SOURCE_UNAVAILABLE',
        message: expect.stringContaining("set up the team's Vault first"),
      }),
    );
    expect(imported).toEqual([]);
    expect(await everything(carol)).toEqual(before);
    expect(evil.seen).toEqual([]);
  });
});

describe('a setup file with a command reference', () => {
  it('lists it local-only and changes nothing, the command never run', async () => {
    const before = await everything(bob);
    const text = edited(bob, (setup) => (musimapOf(setup).clients.find((c: { name: string }) => c.name === 'typed').secretSource = 'command:exfil'));
    const plan = await planImport(bob.vault, bob.core.requestConsole, text);
    expect(plan.sources).toContainEqual(expect.objectContaining({ what: 'musimap/typed secret', reference: 'command:exfil', status: 'local-only' }));
    const result = await importSetup(bob.vault, bob.core.requestConsole, text);
    expect(result.destinationChanges).toEqual([]);
    expect(await everything(bob)).toEqual(before);
    expect(fs.existsSync(marker)).toBe(false);
    expect(bob.vault.resolveClient('musimap', 'typed').client.secretSource).toBeUndefined();
  });
});

describe('a setup file changing the reference of a client Bob has', () => {
  const repointed = () => edited(bob, (setup) => (musimapOf(setup).clients.find((c: { name: string }) => c.name === 'web').secretSource = 'pass:team/musimap/other'));

  it('is refused without confirmation (DESTINATION_CHANGE naming the reference and every host), nothing changed or read', async () => {
    const before = await everything(bob);
    let failure: unknown;
    const imported = await reads(bob, () => importSetup(bob.vault, bob.core.requestConsole, repointed()).catch((e: unknown) => (failure = e)));
    expect(failure).toMatchObject({ code: 'DESTINATION_CHANGE' });
    const message = (failure as Error).message;
    for (const said of ['pass:team/musimap/other', 'pass:team/musimap/prod', musimap.tokenUrl, musimap.origin]) expect(message).toContain(said);
    expect(imported).toEqual([]);
    expect(await everything(bob)).toEqual(before);
  });

  it('asks, and a "no" changes nothing', async () => {
    const before = await everything(bob);
    let asked: DestinationChange[] = [];
    await expect(
      importSetup(bob.vault, bob.core.requestConsole, repointed(), {
        confirmDestinationChange: async (request) => {
          asked = request.changes;
          return false;
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(asked).toEqual([expect.objectContaining({ what: 'musimap/web', fields: ['secretSource'], destinations: expect.arrayContaining([expect.stringContaining(musimap.origin)]) })]);
    expect(await everything(bob)).toEqual(before);
  });
});

describe('pointing a client at a source without confirmation', () => {
  it('is refused before anything is read: the command never runs', async () => {
    const before = await everything(bob);
    let failure: unknown;
    const read = await reads(bob, () => bob.vault.setClientSecretSource('musimap', 'typed', 'command:exfil').catch((e: unknown) => (failure = e)));
    expect(failure).toMatchObject({ code: 'DESTINATION_CHANGE', message: expect.stringContaining('command:exfil') });
    expect(read).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(await everything(bob)).toEqual(before);
  });
});

describe("a setup file giving a key's private half a source", () => {
  const keyed = (kid: string) => edited(bob, (setup) => (setup.organizations.find((o) => o.name === 'acme')!.keys.find((k: { kid: string }) => k.kid === kid).privateKeySource = 'pass:team/musimap/prod'));

  it('leaves a key whose private half is in the keychain as it is', async () => {
    const before = await everything(bob);
    // Not even weighed: the preview reads nothing for it and lists no secret.
    expect((await planImport(bob.vault, bob.core.requestConsole, keyed('KID-1'))).sources.map((source) => source.what)).toEqual(['musimap/web secret']);
    await importSetup(bob.vault, bob.core.requestConsole, keyed('KID-1'), { confirmDestinationChange: async () => true });
    expect(await everything(bob)).toEqual(before);
    expect(bob.vault.snapshot().keys.find((k) => k.kid === 'KID-1')!.privateKeySource).toBeUndefined();
  });

  it('needs confirmation for a key known by its public half only, naming the reference and every host', async () => {
    const before = await everything(bob);
    let failure: unknown;
    const imported = await reads(bob, () => importSetup(bob.vault, bob.core.requestConsole, keyed('KID-PUB')).catch((e: unknown) => (failure = e)));
    expect(failure).toMatchObject({ code: 'DESTINATION_CHANGE', message: expect.stringContaining("acme's key KID-PUB would now sign with the private key read from pass:team/musimap/prod") });
    expect((failure as Error).message).toContain(musimap.origin);
    expect(imported).toEqual([]);
    expect(await everything(bob)).toEqual(before);
  });
});

describe('a tampered sources.json', () => {
  const damaged = (file: string) => ({ code: 'STORE_CORRUPT', message: expect.stringContaining(`The sources file ${file} is damaged`) });
  const tampered: Array<[string, unknown, (file: string) => object]> = [
    // As text: an object literal's __proto__ would set its prototype, not a key. The key is dropped: no command is set up.
    ['a command named __proto__', `{"sourcesVersion":1,"commands":{"__proto__":{"argv":["/bin/sh","-c","echo ran > 'MARKER'"]}}}`, () => ({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('not set up on this machine') })],
    ['a prefix that climbs out with ".."', { sourcesVersion: 1, pass: { storeDir: '/tmp/store', prefixes: ['team/../personal'], pull: false }, commands: {} }, damaged],
    ['a relative store folder', { sourcesVersion: 1, pass: { storeDir: 'store', prefixes: ['team'], pull: false }, commands: {} }, damaged],
    ['a Vault auth it does not know', { sourcesVersion: 1, vault: { address: 'https://vault.example', prefixes: ['secret/x'], auth: { method: 'userpass', password: 'p' } }, commands: {} }, damaged],
  ];
  it.each(tampered)('%s: every read is refused, and an import is refused as not set up; nothing runs', async (_label, content, refusal) => {
    const file = path.join(carol.home, 'sources.json');
    fs.writeFileSync(file, (typeof content === 'string' ? content : JSON.stringify(content)).replace('MARKER', marker), { mode: 0o600 });
    try {
      await expect(carol.vault.sources.read('pass:team/musimap/prod')).rejects.toMatchObject(refusal(file));
      expect(Object.keys(carol.vault.sources.settingsOrNone().commands)).toEqual([]);
      const before = await everything(carol);
      const text = edited(bob, (setup) => setup.organizations.push(drain('pass:team/musimap/prod')));
      await expect(importSetup(carol.vault, carol.core.requestConsole, text, { confirmDestinationChange: async () => true })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(await everything(carol)).toEqual(before);
      expect(fs.existsSync(marker)).toBe(false);
      expect(evil.seen).toEqual([]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe('a setup file with many references', () => {
  it(`reads at most ${MAX_CHECKED_SOURCES} of them for the plan; the others show not-checked`, async () => {
    const text = edited(bob, (setup) =>
      setup.organizations.push({ ...drain('pass:team/musimap/prod'), name: 'many', apiBaseUrl: musimap.origin, tokenUrl: musimap.tokenUrl, clients: Array.from({ length: 60 }, (_, i) => ({ name: `c${i}`, environment: 'production', clientId: CLIENT.clientId, secretSource: `pass:team/many/n${i}` })) }),
    );
    const check = vi.spyOn(bob.vault.sources, 'check');
    const plan = await planImport(bob.vault, bob.core.requestConsole, text);
    expect(check).toHaveBeenCalledTimes(MAX_CHECKED_SOURCES);
    // Bob's own web client and the 60 of the file: all allowed, the first 25 read.
    expect(plan.sources.filter((s) => s.status === 'readable' || s.status === 'unreadable')).toHaveLength(MAX_CHECKED_SOURCES);
    expect(plan.sources.filter((s) => s.status === 'not-checked')).toHaveLength(61 - MAX_CHECKED_SOURCES);
  });
});

describe('a hostile pass store', () => {
  /** Alice commits a symbolic link into the team's store and pushes; Bob pulls. */
  async function commitLink(entry: string, target: string): Promise<void> {
    const at = path.join(team.aliceStore, entry);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(target, at);
    team.run('git', ['-C', team.aliceStore, 'add', '-A']);
    team.run('git', ['-C', team.aliceStore, 'commit', '-q', '-m', `link ${entry}`]);
    team.run('git', ['-C', team.aliceStore, 'push', '-q']);
    await bob.vault.sources.pull();
  }

  it("refuses an entry that is a symbolic link out of the store (Bob's personal pass entry), without its value", async () => {
    await commitLink('team/musimap/bank.gpg', path.join(personalStore, 'personal', 'bank.gpg'));
    const failure = await bob.vault.sources.read('pass:team/musimap/bank').then(() => undefined, (e: Error) => e);
    expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('symbolic link') });
    expect(failure!.message).not.toContain(BANK);
  });

  it('refuses an entry reached through a linked folder', async () => {
    await commitLink('team/linked', path.join(personalStore, 'personal'));
    await expect(bob.vault.sources.read('pass:team/linked/bank')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('team/linked') });
  });

  it("refuses a .gpg-id that is a link, never showing the file it points at as recipients", async () => {
    const elsewhere = path.join(team.root, 'not-recipients');
    fs.writeFileSync(elsewhere, 'private-line-Jq33\n');
    await commitLink('team/linked-id/.gpg-id', elsewhere);
    const failure = await passRecipients(bob.vault.sources.settings().pass!.storeDir, 'team/linked-id/x').then(() => undefined, (e: Error) => e);
    expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('team/linked-id/.gpg-id in') });
    expect(failure!.message).not.toContain('private-line');
  });

  it('refuses a link inside the store to an entry outside the prefixes', async () => {
    team.put('elsewhere/secret', 'not-for-imports-Tb07');
    await commitLink('team/musimap/inside.gpg', '../../elsewhere/secret.gpg');
    await expect(bob.vault.sources.read('pass:team/musimap/inside')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('symbolic link') });
  });
});

describe('a hostile Vault server', () => {
  async function pointedAt(reference: string): Promise<Error> {
    const change = bob.vault.clientSourceDestinationChange('musimap', 'typed', reference);
    return bob.vault.setClientSecretSource('musimap', 'typed', reference, change).then(
      () => new Error('accepted'),
      (e: Error) => e,
    );
  }

  it('echoing the token in its error: refused, the token never repeated, nothing changed', async () => {
    const token = (await bob.keychain.get('source/vault/token'))!;
    const before = await everything(bob);
    vaultServer.hostile = { kind: 'echo-token' };
    try {
      const failure = await pointedAt('vault:secret/musimap/prod#client_secret');
      expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(failure.message).not.toContain(token);
      expect(failure.message).not.toContain(Buffer.from(token).toString('base64'));
    } finally {
      vaultServer.hostile = undefined;
    }
    expect(await everything(bob)).toEqual(before);
  });

  it('redirecting elsewhere: not followed, the other host sees nothing, nothing changed', async () => {
    const elsewhere = await startMusimap([]);
    const before = await everything(bob);
    vaultServer.hostile = { kind: 'redirect', to: `${elsewhere.origin}/v1/secret/data/musimap/prod` };
    try {
      const failure = await pointedAt('vault:secret/musimap/prod#client_secret');
      expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining(`redirected`) });
      expect(elsewhere.seen).toEqual([]);
    } finally {
      vaultServer.hostile = undefined;
      await elsewhere.close();
    }
    expect(await everything(bob)).toEqual(before);
  });
});

describe('a hostile Vault value', () => {
  it('refuses a client secret with a CR/LF in it, never quoting it', async () => {
    const failure = await bob.vault.sources.read('vault:secret/musimap/crlf#client_secret').then(() => undefined, (e: Error) => e);
    expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('vault:secret/musimap/crlf#client_secret holds a line break') });
    expect(failure!.message).not.toContain('X-Injected');
  });
});
