// The pass source against the real `pass`, `gpg` and `git`: two users as two GnuPG homes, a bare
// repository as the team's remote, Alice's store and Bob's clone of it. Alice encrypts an entry
// to both; Bob reads it; Alice removes Bob and pushes; Bob's next read, after a pull, fails
// naming why. Carol's key has a passphrase no pinentry can ask for: her agent stays locked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokendeckError } from '../../main/core/errors.js';
import { canDecryptWith, entryEncryption, passRecipients } from '../../main/core/sources/pass-recipients.js';
import { readPassSecret } from '../../main/core/sources/pass-source.js';
import { pullPassStore } from '../../main/core/sources/pass-store-pull.js';

const SECRET = 's3cret-value';
const IDENTITY = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.test', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.test' };

let root: string;
const homes: string[] = [];
const dir = (name: string) => path.join(root, name);

function run(file: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  const result = spawnSync(file, args, { env: { ...process.env, ...IDENTITY, ...env }, input: input ?? '', encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A fresh GnuPG home (0700) with one key: no passphrase unless given. Answers its fingerprint. */
function gnupgHome(name: string, uid: string, passphrase = ''): { home: string; fpr: string } {
  const home = dir(name);
  mkdirSync(home, { mode: 0o700 });
  homes.push(home);
  const loopback = passphrase ? ['--pinentry-mode', 'loopback'] : [];
  run('gpg', ['--batch', ...loopback, '--passphrase', passphrase, '--quick-gen-key', uid, 'default', 'default', 'never'], { GNUPGHOME: home });
  const fpr = /^fpr:+([0-9A-F]+):/m.exec(run('gpg', ['--with-colons', '--list-secret-keys'], { GNUPGHOME: home }))![1]!;
  return { home, fpr };
}

async function failure(promise: Promise<unknown>): Promise<TokendeckError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TokendeckError);
  return error as TokendeckError;
}

let alice: { home: string; fpr: string };
let bob: { home: string; fpr: string };
const aliceEnv = () => ({ GNUPGHOME: alice.home, PASSWORD_STORE_DIR: dir('alice-store') });

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pass-src-'));
  alice = gnupgHome('alice-gnupg', 'Alice <alice@example.test>');
  bob = gnupgHome('bob-gnupg', 'Bob <bob@example.test>');
  // Alice takes Bob's public key and vouches for it, as a team lead does once.
  run('gpg', ['--import'], { GNUPGHOME: alice.home }, run('gpg', ['--export', '--armor', bob.fpr], { GNUPGHOME: bob.home }));
  run('gpg', ['--batch', '--yes', '--quick-lsign-key', bob.fpr], { GNUPGHOME: alice.home });

  run('git', ['init', '-q', '--bare', dir('remote.git')]);
  run('pass', ['init', alice.fpr, bob.fpr], aliceEnv());
  run('pass', ['git', 'init'], aliceEnv());
  run('pass', ['insert', '-m', 'team/musimap'], aliceEnv(), `${SECRET}\nuser: musimap-client\n`);
  run('git', ['-C', dir('alice-store'), 'remote', 'add', 'origin', dir('remote.git')]);
  run('git', ['-C', dir('alice-store'), 'push', '-q', '-u', 'origin', 'HEAD']);
  run('git', ['clone', '-q', dir('remote.git'), dir('bob-store')]);
});

afterAll(() => {
  for (const home of homes) spawnSync('gpgconf', ['--homedir', home, '--kill', 'all']);
  if (root) rmSync(root, { recursive: true, force: true });
});

const bobReads = (entry: string, extra: { whole?: boolean } = {}) => readPassSecret({ storeDir: dir('bob-store'), path: entry, gnupgHome: bob.home, ...extra });

describe('readPassSecret', () => {
  it('reads the first line of an entry encrypted to Bob, from his clone of the team store', async () => {
    expect(await bobReads('team/musimap')).toBe(SECRET);
  });

  it('reads the whole entry when asked (a PEM key spans lines)', async () => {
    expect(await bobReads('team/musimap', { whole: true })).toBe(`${SECRET}\nuser: musimap-client`);
  });

  it('names a missing entry, its store and pass ls', async () => {
    const error = await failure(bobReads('team/nope'));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toBe(`pass: no entry team/nope in ${dir('bob-store')} — check the path (pass ls), and pull the store if a teammate added it.`);
  });

  it('refuses a folder, which pass show would list and call a success', async () => {
    const error = await failure(bobReads('team'));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toContain('is a folder of entries');
  });

  it('refuses a hostile path before running anything', async () => {
    // The store does not exist: a path that got as far as running anything would fail otherwise.
    const hostile = ['-c', '--help', '../bank', 'team/../../etc/passwd', '/etc/passwd', 'team//x', 'team/', 'a\nb', 'a\u001b[31m', 'x'.repeat(501), ''];
    for (const entry of hostile) {
      const error = await failure(readPassSecret({ storeDir: dir('no-store'), path: entry }));
      expect(error.code, JSON.stringify(entry)).toBe('VALIDATION');
      expect(error.field).toBe('path');
    }
  });

  it('names the Debian package when pass is not installed', async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir('empty-bin');
    try {
      const error = await failure(bobReads('team/musimap'));
      expect(error.code).toBe('SOURCE_UNAVAILABLE');
      expect(error.message).toContain('apt-get install pass');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('pass recipients', () => {
  it('reads the nearest .gpg-id up the tree, comments and blanks dropped', async () => {
    expect(await passRecipients(dir('bob-store'), 'team/musimap')).toEqual({ file: '.gpg-id', recipients: [alice.fpr, bob.fpr] });
    mkdirSync(dir('scratch-store/team/ops'), { recursive: true });
    writeFileSync(dir('scratch-store/.gpg-id'), 'root-key\n');
    writeFileSync(dir('scratch-store/team/.gpg-id'), `# the team\n${alice.fpr} # Alice\n\n  bob@example.test  \n`);
    expect(await passRecipients(dir('scratch-store'), 'team/ops/db')).toEqual({ file: 'team/.gpg-id', recipients: [alice.fpr, 'bob@example.test'] });
  });

  it('says whether the user holds a secret key of a recipient', async () => {
    expect(await canDecryptWith([alice.fpr, bob.fpr], bob.home)).toBe(true);
    expect(await canDecryptWith(['<bob@example.test>'], bob.home)).toBe(true);
    expect(await canDecryptWith([bob.fpr.slice(-16)], bob.home)).toBe(true);
    expect(await canDecryptWith([alice.fpr, 'alice@example.test'], bob.home)).toBe(false);
  });

  it("tells from the entry's file, without decrypting, whether it is encrypted to the user", async () => {
    const file = dir('bob-store/team/musimap.gpg');
    expect((await entryEncryption(file, bob.home)).mine).toBe(true);
    mkdirSync(dir('empty-gnupg'), { mode: 0o700 });
    homes.push(dir('empty-gnupg'));
    expect((await entryEncryption(file, dir('empty-gnupg'))).mine).toBe(false);
  });
});

describe('pullPassStore', () => {
  it('refuses a folder that is not a git repository, even inside one', async () => {
    mkdirSync(dir('bob-store/not-a-store'));
    const error = await failure(pullPassStore(dir('bob-store/not-a-store'), 10_000));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toContain('is not a git repository');
  });

  it('refuses to merge a clone with commits of its own', async () => {
    run('git', ['clone', '-q', dir('remote.git'), dir('diverged-store')]);
    run('git', ['-C', dir('diverged-store'), 'commit', '-q', '--allow-empty', '-m', 'local']);
    run('git', ['-C', dir('alice-store'), 'commit', '-q', '--allow-empty', '-m', 'team']);
    run('git', ['-C', dir('alice-store'), 'push', '-q']);
    const error = await failure(pullPassStore(dir('diverged-store'), 10_000));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toContain('has local commits');
  });

  it("brings Alice's removal of Bob: his next read fails saying he is not a recipient", async () => {
    run('pass', ['init', alice.fpr], aliceEnv());
    run('git', ['-C', dir('alice-store'), 'push', '-q']);
    expect(await pullPassStore(dir('bob-store'), 10_000)).toEqual({ updated: true });
    const error = await failure(bobReads('team/musimap'));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toContain(`pass: team/musimap in ${dir('bob-store')} is not encrypted to your GPG key`);
    expect(error.message).toContain(`pass init <their key id> <your key id>`);
    expect(error.message).toContain(`your key id is ${bob.fpr}`);
    expect(error.message).not.toContain(SECRET);
    expect(await pullPassStore(dir('bob-store'), 10_000)).toEqual({ updated: false });
  });
});

describe('a key the agent cannot unlock', () => {
  let carol: { home: string; fpr: string };
  const carolStore = () => dir('carol-store');
  beforeAll(() => {
    carol = gnupgHome('carol-gnupg', 'Carol <carol@example.test>', 'carol passphrase');
    run('pass', ['init', carol.fpr], { GNUPGHOME: carol.home, PASSWORD_STORE_DIR: carolStore() });
    run('pass', ['insert', '-m', 'team/db'], { GNUPGHOME: carol.home, PASSWORD_STORE_DIR: carolStore() }, 'db-secret\n');
  });

  // A pinentry outlives the agent that started it: the hung one is ended by the pid it wrote.
  afterAll(() => {
    const pidFile = path.join(carol.home, 'pinentry.pid');
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')));
  });

  const pinentry = (script: string) => {
    writeFileSync(path.join(carol.home, 'pinentry.sh'), `#!/bin/sh\n${script}\n`, { mode: 0o700 });
    writeFileSync(path.join(carol.home, 'gpg-agent.conf'), `pinentry-program ${path.join(carol.home, 'pinentry.sh')}\n`);
    run('gpgconf', ['--homedir', carol.home, '--kill', 'gpg-agent']);
  };

  it('says to unlock the GPG agent when no pinentry can ask for the passphrase', async () => {
    pinentry('exit 1');
    const error = await failure(readPassSecret({ storeDir: carolStore(), path: 'team/db', gnupgHome: carol.home }));
    expect(error.code).toBe('SOURCE_UNAVAILABLE');
    expect(error.message).toContain('Unlock the GPG agent');
  });

  it('stops with TIMEOUT when the pinentry never answers', async () => {
    pinentry(`echo $$ > '${path.join(carol.home, 'pinentry.pid')}'; exec sleep 30`);
    const error = await failure(readPassSecret({ storeDir: carolStore(), path: 'team/db', gnupgHome: carol.home, timeoutMs: 1_000 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('unlock it');
  });
});
