// Reads the secret a reference names from its source (issue 24): a pass store, HashiCorp
// Vault/OpenBao, a command set up on this machine. A value read is kept in main's memory only, for
// a few minutes (VALUE_MEMORY_MS) so a burst of tokens asks the source once; `forget()` drops them
// all (the app calls it when the screen locks and on quit), and nothing read is ever written to the
// keychain or to disk. The OS keychain is not read here: it stays the vault's SecretSource.
import { TokendeckError } from '../errors.js';
import type { SecretCommand } from './command-source.js';
import type { PassRead } from './pass-source.js';
import type { VaultSecretRead } from './vault-kv.js';
import { formatSecretReference, type SecretReference } from './reference.js';

/** How long a value read from a source stays in main's memory. */
export const VALUE_MEMORY_MS = 5 * 60_000;

/** What this machine has set up: the sources a reference may name. */
export interface SourceSetup {
  pass?: { storeDir: string; gnupgHome?: string | undefined };
  vault?: { address: string; namespace?: string | undefined; token: () => Promise<string> };
  /** Commands by name: a reference names one, a setup file never brings one. */
  commands?: Readonly<Record<string, SecretCommand>>;
}

/** The readers of each source (pass-source.ts, vault-kv.ts, command-source.ts); tests may give others. */
export interface SourceReaders {
  pass(request: PassRead): Promise<string>;
  vault(request: VaultSecretRead): Promise<string>;
  command(command: SecretCommand): Promise<string>;
}

/**
 * The real readers: `pass`, Vault/OpenBao's HTTP API, the command itself. Each is loaded at its
 * first read: a vault whose secrets are all in the keychain never loads them (`tokendeck token`
 * loads no HTTP module).
 */
export const SOURCE_READERS: SourceReaders = {
  pass: async (read) => (await import('./pass-source.js')).readPassSecret(read),
  vault: async (read) => (await import('./vault-kv.js')).readVaultSecret(read),
  command: async (command) => (await import('./command-source.js')).runSecretCommand(command),
};

/** What the secret is for: a client secret (one line; pass keeps it on the first) or a private key (a PEM, every line). */
export type SecretPurpose = 'secret' | 'private-key';

const SET_UP: Record<'pass' | 'vault' | 'command', string> = {
  pass: 'tokendeck source add pass --store <folder> (or --clone <remote>) --prefix <team path>, or Secret sources in the deck',
  vault: 'tokendeck source add vault --address <url> --mount <mount> --prefix <path>, or Secret sources in the deck',
  command: 'tokendeck source add command <name> -- <program> <arguments>',
};

const notSetUp = (reference: SecretReference & { kind: 'pass' | 'vault' | 'command' }, what: string) =>
  new TokendeckError('SOURCE_UNAVAILABLE', `${formatSecretReference(reference)} names ${what}, which is not set up on this machine: set it up first (${SET_UP[reference.kind]}), then try again.`);

/**
 * Whatever a source answers is hostile (a Vault field, a command's stdout): a client secret is one
 * line of printable text, a private key a PEM (tabs and line breaks, nothing else below space). A
 * CR/LF in a secret could split a header or a form where it is sent; the value is never quoted.
 */
function checkValue(reference: SecretReference, purpose: SecretPurpose, value: string): void {
  const control = purpose === 'secret' ? /[\x00-\x08\x0a-\x1f\x7f]/ : /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
  if (!control.test(value)) return;
  const what = purpose === 'secret' ? 'a line break or a control character; a client secret is one line of printable text' : 'a control character; a private key is a PEM';
  throw new TokendeckError('SOURCE_UNAVAILABLE', `${formatSecretReference(reference)} holds ${what}. Check the value stored there.`);
}

export class ReferenceReader {
  private readonly memory = new Map<string, { value: string; until: number }>();
  private readonly reading = new Map<string, Promise<string>>();

  constructor(
    /** What is set up, asked at each read from a source (the user may set a source up while the app runs). */
    private readonly setupNow: SourceSetup | (() => SourceSetup),
    private readonly readers: SourceReaders,
    private readonly now: () => number = Date.now,
    private readonly keepMs = VALUE_MEMORY_MS,
  ) {}

  /** The secret, from memory while it is kept there, else from its source (one read at a time per reference). */
  read(reference: SecretReference, purpose: SecretPurpose = 'secret'): Promise<string> {
    const key = `${purpose} ${formatSecretReference(reference)}`;
    const kept = this.memory.get(key);
    if (kept && kept.until > this.now()) return Promise.resolve(kept.value);
    this.memory.delete(key);
    const pending = this.reading.get(key);
    if (pending) return pending;
    const read = this.fromSource(reference, purpose).then((value) => {
      checkValue(reference, purpose, value);
      if (this.reading.get(key) === read) this.memory.set(key, { value, until: this.now() + this.keepMs });
      return value;
    });
    this.reading.set(key, read);
    const done = () => {
      if (this.reading.get(key) === read) this.reading.delete(key);
    };
    read.then(done, done);
    return read;
  }

  /** Drops every value kept, and any read under way is not kept when it lands (a lock, quit, a source changed). */
  forget(): void {
    this.memory.clear();
    this.reading.clear();
  }

  private get setup(): SourceSetup {
    return typeof this.setupNow === 'function' ? this.setupNow() : this.setupNow;
  }

  private async fromSource(reference: SecretReference, purpose: SecretPurpose): Promise<string> {
    switch (reference.kind) {
      case 'keychain':
        throw new TokendeckError('INTERNAL', 'The keychain is read through the vault, not as a reference.');
      case 'pass': {
        const pass = this.setup.pass;
        if (!pass) throw notSetUp(reference, 'a pass store');
        return this.readers.pass({ storeDir: pass.storeDir, path: reference.path, ...(pass.gnupgHome ? { gnupgHome: pass.gnupgHome } : {}), whole: purpose === 'private-key' });
      }
      case 'vault': {
        const vault = this.setup.vault;
        if (!vault) throw notSetUp(reference, 'a Vault server');
        return this.readers.vault({
          address: vault.address,
          ...(vault.namespace ? { namespace: vault.namespace } : {}),
          mount: reference.mount,
          path: reference.path,
          field: reference.field,
          ...(reference.version === undefined ? {} : { version: reference.version }),
          token: await vault.token(),
        });
      }
      case 'command': {
        // Own names only: a reference to "constructor" must not find Object.prototype's.
        const commands = this.setup.commands ?? {};
        const command = Object.hasOwn(commands, reference.name) ? commands[reference.name] : undefined;
        if (!command) throw notSetUp(reference, `the command "${reference.name}"`);
        return this.readers.command(command);
      }
    }
  }
}
