// A team's secrets from its pass store by the CLI alone (issue 24): Alice sets her store up, points
// her client at it and exports; Bob, on a fresh home with his own GnuPG home, clones the store with
// `source add pass --clone`, imports and mints; no secret is ever typed or passed by hand. Alice's
// rotation reaches Bob's next fresh token; her re-encryption without Bob locks him out, `doctor`
// says why and `doctor --fix` drops his cached tokens. The built `tokendeck`, the real pass, gpg,
// git and keychain, and the Musimap stand-in.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTokendeck, type CliRun } from '../support/cli.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startVaultStandIn, type VaultStandIn } from '../servers/vault-kv.js';
import { createPassTeam, type PassTeam } from '../support/pass-team.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const CLIENT = { clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secret: 'team-secret-Qv83-first' };
const ROTATED = 'team-secret-Zk41-rotated';
const REFERENCE = 'pass:team/musimap/prod';

let team: PassTeam;
let server: MusimapServer;
let alice: Sandbox;
let bob: Sandbox;
let setupFile: string;
let bobStore: string;

beforeAll(async () => {
  team = createPassTeam();
  team.put('team/musimap/prod', CLIENT.secret);
  server = await startMusimap([CLIENT]);
  alice = createSandbox();
  bob = createSandbox();
  setupFile = path.join(alice.home, 'team-setup.json');
  bobStore = path.join(bob.home, 'team-store');
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup(), server?.close()]);
  team?.dispose();
});

const as = (who: Sandbox, args: string[], stdin?: string) => runTokendeck(args, { env: who.env, ...(stdin === undefined ? {} : { stdin }) });

async function ok(who: Sandbox, args: string[], stdin?: string): Promise<CliRun> {
  const run = await as(who, args, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

/** Everything a home holds and its keychain's values: no team secret may be among them. */
async function holdsNoSecret(who: Sandbox): Promise<void> {
  const files = readAllFiles(who.home);
  for (const secret of [CLIENT.secret, ROTATED]) expect(files.includes(secret)).toBe(false);
  for (const account of await who.keychain.accounts()) expect([CLIENT.secret, ROTATED]).not.toContain(await who.keychain.get(account));
}

describe('a team secret in pass, by the CLI alone', () => {
  it('Alice sets her store up, points her client at it and exports a setup without the secret', async () => {
    await ok(alice, ['source', 'add', 'pass', '--store', team.aliceStore, '--gnupg-home', team.alice.gnupgHome, '--prefix', 'team/']);
    await ok(alice, ['org', 'add', 'musimap', '--provider', 'musimap', '--api-url', server.origin, '--token-url', server.tokenUrl]);
    await ok(alice, ['client', 'add', 'musimap/web', '--env', 'production', '--client-id', CLIENT.clientId]);
    // A destination change: refused without the flag, naming the reference and the token endpoint.
    const refused = await as(alice, ['client', 'set-secret', 'musimap/web', '--from', REFERENCE]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/DESTINATION_CHANGE/);
    expect(refused.stderr).toContain(REFERENCE);
    const allowed = await ok(alice, ['client', 'set-secret', 'musimap/web', '--from', REFERENCE, '--allow-destination-change']);
    expect(allowed.stderr).toContain(new URL(server.tokenUrl).host);
    expect((await ok(alice, ['token', 'musimap/web'])).stdout).toMatch(/^mm\./);
    expect((await ok(alice, ['client', 'list'])).stdout).toContain(`secret from ${REFERENCE}`);
    await ok(alice, ['export', setupFile]);
    const setup = fs.readFileSync(setupFile, 'utf8');
    expect(setup).toContain(`"secretSource": "${REFERENCE}"`);
    expect(setup).not.toContain(CLIENT.secret);
  });

  it('Alice imports a signing key whose private half stays in the team store', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    team.put('team/keys/signer', pem.trim());
    await ok(alice, ['org', 'add', 'signer', '--preset', 'custom', '--alg', 'ES256']);
    const run = await ok(alice, ['key', 'import', 'signer', '--kid', 'k1', '--from', 'pass:team/keys/signer']);
    expect(run.stderr).toContain('read from pass:team/keys/signer, never kept in the keychain');
    expect((await ok(alice, ['key', 'public', 'signer'])).stdout).toBe(createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString());
    expect((await ok(alice, ['key', 'list', 'signer'])).stdout).toContain('private key from pass:team/keys/signer');
    for (const account of await alice.keychain.accounts()) expect(await alice.keychain.get(account)).not.toContain('PRIVATE KEY');
  });

  it('adds a client reading its secret from a reference, and adds none when the reference cannot be read', async () => {
    const added = await ok(alice, ['client', 'add', 'musimap/cli', '--env', 'staging', '--client-id', '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d', '--secret-from', REFERENCE]);
    expect(added.stderr).toContain(`its secret read from ${REFERENCE}`);
    expect((await ok(alice, ['client', 'list', 'musimap'])).stdout).toMatch(new RegExp(`musimap/cli .*secret from ${REFERENCE}`));
    const refused = await as(alice, ['client', 'add', 'musimap/tool', '--env', 'staging', '--client-id', '1e0f2a3b-4c5d-4a3b-9c2d-9a8b7c6d5e4f', '--secret-from', 'pass:team/musimap/nothing']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/SOURCE_UNAVAILABLE.*team\/musimap\/nothing/);
    expect((await ok(alice, ['client', 'list', 'musimap'])).stdout).not.toContain('musimap/tool');
  });

  it('refuses to clone through a remote helper, which could run any program', async () => {
    const marker = path.join(bob.home, 'helper-ran');
    const run = await as(bob, ['source', 'add', 'pass', '--clone', `ext::sh -c touch% ${marker}`, '--store', path.join(bob.home, 'hostile'), '--prefix', 'team/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION.*remote helper/);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(path.join(bob.home, 'hostile'))).toBe(false);
  });

  it('Bob clones the team store with Tokendeck, with his own GnuPG home', async () => {
    const run = await ok(bob, ['source', 'add', 'pass', '--clone', team.remote, '--store', bobStore, '--gnupg-home', team.bob.gnupgHome, '--prefix', 'team/']);
    expect(run.stderr).toContain(`Cloned ${team.remote} into ${bobStore}`);
    expect(fs.existsSync(path.join(bobStore, 'team', 'musimap', 'prod.gpg'))).toBe(true);
    const check = await ok(bob, ['source', 'check', REFERENCE]);
    expect(check.stdout).toBe(`${REFERENCE}: readable\n`);
    expect((await ok(bob, ['__complete', 'client', 'set-secret', 'musimap/web', '--from', ''])).stdout).toBe('pass:team/\n');
  });

  it('re-pointing his pass source needs --replace, and names both stores', async () => {
    const run = await as(bob, ['source', 'add', 'pass', '--store', team.aliceStore, '--prefix', 'team/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DESTINATION_CHANGE/);
    expect(run.stderr).toContain(bobStore);
    expect(run.stderr).toContain(team.aliceStore);
    expect(run.stderr).toContain('--replace');
    expect(JSON.parse((await ok(bob, ['source', 'list', '--json'])).stdout).pass.storeDir).toBe(bobStore);
  });

  it('refuses a setup file that reads from outside the prefixes Bob allowed, naming the reference and the fix', async () => {
    const hostile = path.join(bob.home, 'hostile-setup.json');
    fs.writeFileSync(hostile, fs.readFileSync(setupFile, 'utf8').replace(REFERENCE, 'pass:personal/bank'));
    const run = await as(bob, ['import', hostile, '--allow-destination-change']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass:personal/bank');
    expect(run.stderr).toContain('--prefix');
    expect(JSON.parse((await ok(bob, ['list', '--json'])).stdout)).toEqual({ organizations: [] });
  });

  it('leaves a command reference to be set up locally, and says so', async () => {
    const local = path.join(bob.home, 'local-setup.json');
    fs.writeFileSync(local, fs.readFileSync(setupFile, 'utf8').replace(REFERENCE, 'command:op-musimap'));
    const run = await ok(bob, ['import', local, '--dry-run']);
    expect(run.stdout).toContain('source musimap/web secret from command:op-musimap: set up locally');
  });

  it('Bob imports Alice\'s setup, told that this machine can read its secret, and mints at once', async () => {
    const preview = JSON.parse((await ok(bob, ['import', setupFile, '--dry-run', '--json'])).stdout);
    expect(preview.sources).toEqual([{ what: 'musimap/web secret', reference: REFERENCE, status: 'readable', detail: 'this machine can read it' }]);
    const run = await ok(bob, ['import', setupFile, '--allow-destination-change']);
    expect(run.stdout).toContain(`source musimap/web secret from ${REFERENCE}: readable`);
    const token = (await ok(bob, ['token', 'musimap/web'])).stdout.trim();
    expect(server.issued).toContain(token);
    await holdsNoSecret(bob);
  });

  it('Alice rotates the secret: Bob\'s next fresh token is made with the new one', async () => {
    team.put('team/musimap/prod', ROTATED);
    CLIENT.secret = ROTATED;
    const token = (await ok(bob, ['token', 'musimap/web', '--fresh'])).stdout.trim();
    expect(server.issued.at(-1)).toBe(token);
    // The read pulled first: an explicit pull finds nothing new.
    expect((await ok(bob, ['source', 'pull'])).stderr).toBe('Pulled the pass store: it was up to date.\n');
    await holdsNoSecret(bob);
  });

  it('Alice re-encrypts without Bob: his fresh token fails naming why, doctor reports it and --fix drops his cached tokens', async () => {
    team.encryptTo([team.alice]);
    const failed = await as(bob, ['token', 'musimap/web', '--fresh']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/SOURCE_UNAVAILABLE/);
    expect(failed.stderr).toMatch(/not among the entry's recipients/);
    const check = await as(bob, ['source', 'check', REFERENCE]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^pass:team\/musimap\/prod: not readable: SOURCE_UNAVAILABLE: .*recipients/);
    const doctor = await as(bob, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`source unreadable: musimap/web secret from ${REFERENCE}: you are not a recipient of team/musimap/prod (.gpg-id): ask a teammate to add your key and re-encrypt`);
    expect(doctor.stdout).toContain('pass init');
    expect(JSON.parse((await ok(bob, ['tokens', '--json'])).stdout).length).toBeGreaterThan(0);
    // No terminal to ask and no --yes: nothing is dropped.
    expect((await as(bob, ['doctor', '--fix'])).code).toBe(2);
    expect(JSON.parse((await ok(bob, ['tokens', '--json'])).stdout).length).toBeGreaterThan(0);
    const fixed = await as(bob, ['doctor', '--fix', '--yes']);
    expect(fixed.stderr).toMatch(/Deleted \d+ cached tokens? of clients whose source cannot be read/);
    // The source still cannot be read: doctor still says so.
    expect(fixed.code).toBe(1);
    expect(JSON.parse((await ok(bob, ['tokens', '--json'])).stdout)).toEqual([]);
  });

  it('asks before Bob takes the pass source down, naming the clients that read from it', async () => {
    const run = await as(bob, ['source', 'remove', 'pass']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Reading from it, and failing until it is set up again: musimap/web');
    expect(JSON.parse((await ok(bob, ['source', 'list', '--json'])).stdout).pass).toBeDefined();
  });
});

describe('source list, remove and the help', () => {
  let carol: Sandbox;
  const VAULT_TOKEN = 'hvs.CAESIJ3xgT9pLwqA-not-for-printing';
  beforeAll(() => {
    carol = createSandbox();
  });
  afterAll(() => carol.cleanup());

  it('lists a Vault source with its token in the keychain, never the token', async () => {
    await ok(carol, ['source', 'add', 'vault', '--address', 'http://127.0.0.1:8200', '--mount', 'secret', '--prefix', 'musimap', '--token-stdin'], VAULT_TOKEN);
    const listed = await as(carol, ['source', 'list', '--json']);
    expect(listed.stdout).not.toContain(VAULT_TOKEN);
    expect(JSON.parse(listed.stdout).vault).toMatchObject({ address: 'http://127.0.0.1:8200', prefixes: ['secret/musimap'], auth: { method: 'token' }, credentialInKeychain: true });
    expect((await ok(carol, ['source', 'list'])).stdout).toContain('login token (in the keychain)');
  }, 30_000);

  it('removes a source only when told so, its token with it', async () => {
    const refused = await as(carol, ['source', 'remove', 'vault']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Add --yes');
    expect(JSON.parse((await ok(carol, ['source', 'list', '--json'])).stdout).vault).toBeDefined();
    await ok(carol, ['source', 'remove', 'vault', '--yes']);
    expect((await as(carol, ['source', 'remove', 'vault', '--yes'])).stderr).toMatch(/NOT_FOUND: The vault source is not set up here/);
    expect(JSON.parse((await ok(carol, ['source', 'list', '--json'])).stdout).vault).toBeUndefined();
    expect(await carol.keychain.accounts()).not.toContain('source/vault/token');
  });

  it('lists the source commands in the help, and completes them', async () => {
    const help = (await ok(carol, ['--help'])).stdout;
    for (const command of ['source add pass', 'source add vault', 'source add command', 'source list', 'source remove', 'source pull', 'source check']) expect(help).toMatch(new RegExp(`^  ${command}  +[A-Z]`, 'm'));
    expect((await ok(carol, ['source', 'add', 'vault', '--help'])).stdout).toContain('tokendeck source add vault --address URL --mount MOUNT --prefix PREFIX [flags]');
    expect((await ok(carol, ['client', 'set-secret', '--help'])).stdout).toContain('--from');
    expect((await ok(carol, ['__complete', 'source', ''])).stdout.split('\n')).toEqual(expect.arrayContaining(['add', 'list', 'remove', 'pull', 'check']));
    expect((await ok(carol, ['__complete', 'source', 'remove', ''])).stdout).toBe('command\npass\nvault\n');
  });
});

describe('a Vault source by the CLI', () => {
  const SECRET = 'vault-secret-Hq27-not-for-printing';
  const FIELD = 'vault:secret/musimap/web#client_secret';
  let dana: Sandbox;
  let vaultServer: VaultStandIn;
  beforeAll(async () => {
    dana = createSandbox();
    vaultServer = await startVaultStandIn();
    vaultServer.put('secret', 'musimap/web', { client_secret: SECRET });
  });
  afterAll(async () => {
    await Promise.all([dana.cleanup(), vaultServer.close()]);
  });

  it('logs in with AppRole, its secret id read from stdin into the keychain, and reads the field', async () => {
    const { roleId, secretId } = vaultServer.addAppRole({ grant: { read: ['secret/musimap/*'] }, leaseSeconds: 600 });
    await ok(dana, ['source', 'add', 'vault', '--address', vaultServer.origin, '--mount', 'secret', '--prefix', 'musimap', '--role-id', roleId, '--secret-id-stdin'], secretId);
    const check = await ok(dana, ['source', 'check', FIELD]);
    expect(check.stdout).toBe(`${FIELD}: readable\n`);
    const listed = await ok(dana, ['source', 'list', '--json']);
    expect(listed.stdout).not.toContain(secretId);
    expect(JSON.parse(listed.stdout).vault).toMatchObject({ auth: { method: 'approle', roleId }, credentialInKeychain: true });
  });

  it('logs in with VAULT_TOKEN of the environment, and says so when it is not set', async () => {
    await ok(dana, ['source', 'add', 'vault', '--address', vaultServer.origin, '--mount', 'secret', '--prefix', 'musimap', '--token-from-env']);
    const token = vaultServer.issueToken({ read: ['secret/musimap/*'] });
    const readable = await runTokendeck(['source', 'check', FIELD], { env: { ...dana.env, VAULT_TOKEN: token } });
    expect(readable.stdout).toBe(`${FIELD}: readable\n`);
    const { VAULT_TOKEN: _none, ...without } = dana.env;
    const unset = await runTokendeck(['source', 'check', FIELD], { env: without });
    expect(unset.code).toBe(1);
    expect(unset.stdout).toContain('VAULT_TOKEN is not set');
    expect(unset.stdout + unset.stderr).not.toContain(SECRET);
  });

  it('refuses a reference that is not one as bad input', async () => {
    const run = await as(dana, ['source', 'check', 'vault:secret/musimap/web']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION: Invalid secret reference .*#/);
  });

  it('takes one way to log in', async () => {
    const run = await as(dana, ['source', 'add', 'vault', '--address', vaultServer.origin, '--mount', 'secret', '--prefix', 'musimap', '--token-stdin', '--role-id', 'r'], 'hvs.x');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Choose one way to log in');
  });
});
