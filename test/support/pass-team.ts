// A team sharing one pass store, with the real `pass`, `gpg` and `git`: Alice and Bob as two GnuPG
// homes, a bare repository as the team's remote, Alice's store pushed to it. Alice's steps (insert,
// re-encrypt without Bob, push) are the commands a team lead types; Bob's clone is made by the test
// or by Tokendeck itself (`source add pass --clone`). Everything under one temporary folder that
// `dispose()` removes, gpg agents stopped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const IDENTITY = { GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: 'alice@example.test', GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: 'alice@example.test' };

export interface GpgUser {
  /** The GnuPG home (0700), with one key and no passphrase. */
  gnupgHome: string;
  fingerprint: string;
}

export interface PassTeam {
  root: string;
  alice: GpgUser;
  bob: GpgUser;
  /** The team's remote: a bare repository. */
  remote: string;
  /** Alice's store (a clone that pushes to `remote`). */
  aliceStore: string;
  /** Runs pass as Alice in her store (insert reads `input` from stdin: `pass insert -m`). */
  alicePass(args: string[], input?: string): string;
  /** Inserts (or overwrites) an entry as Alice and pushes it. */
  put(entry: string, value: string): void;
  /** Alice re-encrypts the store to these recipients only (`pass init`) and pushes. */
  encryptTo(users: GpgUser[], subfolder?: string): void;
  /** A clone of the remote, as a teammate's own store. */
  clone(dir: string): string;
  /** Runs any program with Alice's identity (git, gpg); throws with its stderr on failure. */
  run(file: string, args: string[], env?: Record<string, string>, input?: string): string;
  dispose(): void;
}

function run(file: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  const result = spawnSync(file, args, { env: { ...process.env, ...IDENTITY, ...env }, input: input ?? '', encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function gpgUser(root: string, name: string, uid: string): GpgUser {
  const gnupgHome = path.join(root, `${name}-gnupg`);
  mkdirSync(gnupgHome, { mode: 0o700 });
  run('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', uid, 'default', 'default', 'never'], { GNUPGHOME: gnupgHome });
  const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(run('gpg', ['--with-colons', '--list-secret-keys'], { GNUPGHOME: gnupgHome }))![1]!;
  return { gnupgHome, fingerprint };
}

/** Alice and Bob, the team's remote and Alice's store encrypted to both of them. */
export function createPassTeam(): PassTeam {
  const root = mkdtempSync(path.join(tmpdir(), 'pass-team-'));
  const alice = gpgUser(root, 'alice', 'Alice <alice@example.test>');
  const bob = gpgUser(root, 'bob', 'Bob <bob@example.test>');
  // Alice takes Bob's public key and vouches for it, as a team lead does once.
  run('gpg', ['--import'], { GNUPGHOME: alice.gnupgHome }, run('gpg', ['--export', '--armor', bob.fingerprint], { GNUPGHOME: bob.gnupgHome }));
  run('gpg', ['--batch', '--yes', '--quick-lsign-key', bob.fingerprint], { GNUPGHOME: alice.gnupgHome });

  const remote = path.join(root, 'team.git');
  const aliceStore = path.join(root, 'alice-store');
  const aliceEnv = { GNUPGHOME: alice.gnupgHome, PASSWORD_STORE_DIR: aliceStore };
  run('git', ['init', '-q', '--bare', remote]);
  run('pass', ['init', alice.fingerprint, bob.fingerprint], aliceEnv);
  run('pass', ['git', 'init'], aliceEnv);
  run('git', ['-C', aliceStore, 'remote', 'add', 'origin', remote]);
  run('git', ['-C', aliceStore, 'push', '-q', '-u', 'origin', 'HEAD']);

  const alicePass = (args: string[], input?: string) => run('pass', args, aliceEnv, input);
  const push = () => run('git', ['-C', aliceStore, 'push', '-q']);
  return {
    root,
    alice,
    bob,
    remote,
    aliceStore,
    alicePass,
    put(entry, value) {
      alicePass(['insert', '-m', '-f', entry], `${value}\n`);
      push();
    },
    encryptTo(users, subfolder) {
      alicePass(['init', ...(subfolder ? ['-p', subfolder] : []), ...users.map((u) => u.fingerprint)]);
      push();
    },
    clone(dir) {
      run('git', ['clone', '-q', remote, dir]);
      return dir;
    },
    run,
    dispose() {
      for (const user of [alice, bob]) spawnSync('gpgconf', ['--homedir', user.gnupgHome, '--kill', 'all']);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
