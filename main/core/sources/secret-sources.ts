// The secret sources of one Tokendeck home (issue 24), as the vault reads them: what is set up here
// (source-settings.ts), the reads through ReferenceReader (a value is kept in main's memory for
// VALUE_MEMORY_MS, never written to the keychain or to disk), a `git pull` of the pass store before
// a read goes to it (a teammate's rotation is seen), and the rules an import is held to: only
// sources set up here, only paths under the prefixes the user allowed, never a command.
import { toErrorPayload, TokendeckError, type ErrorPayload } from '../errors.js';
import type { Keychain } from '../keychain.js';
import type { PullResult } from './pass-store-pull.js';
import { ReferenceReader, SOURCE_READERS, VALUE_MEMORY_MS, type SecretPurpose, type SourceReaders, type SourceSetup } from './reference-reader.js';
import { formatSecretReference, isUnderPrefix, parseSecretReference, type SecretReference } from './reference.js';
import { noSources, SourceSettingsFile, type SourceSettings } from './source-settings.js';

/** The keychain accounts of the sources' own credentials (keychain-audit.ts leaves `source/…` alone). */
export const SOURCE_ACCOUNTS = {
  vaultToken: 'source/vault/token',
  vaultSecretId: 'source/vault/secret-id',
} as const;
export const SOURCE_ACCOUNT_PREFIX = 'source/';

const PULL_TIMEOUT_MS = 30_000;
/** An AppRole token is used until this long before its lease ends. */
const LEASE_MARGIN_MS = 30_000;

/** Whether this machine can read a reference, checked by reading it (the value is not shown). */
export type SourceCheck = { reference: string; readable: true } | { reference: string; readable: false; error: ErrorPayload };

/** What an import may do with a reference the file carries. */
export type ImportVerdict =
  | { kind: 'allowed' }
  /** A command: set up on each machine by its user, never by a file. */
  | { kind: 'local-only' }
  /** The source it names is not set up here. */
  | { kind: 'not-set-up'; fix: string }
  /** Set up, but the path is not under a prefix the user allowed. */
  | { kind: 'outside-prefixes'; prefixes: string[]; fix: string };

export interface SecretSourcesOptions {
  readers?: SourceReaders;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  /** Pulls the pass store (tests give one that counts). */
  pull?: (storeDir: string, timeoutMs: number) => Promise<PullResult>;
}

export class SecretSources {
  readonly file: SourceSettingsFile;
  private readonly reader: ReferenceReader;
  private readonly now: () => number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly pullStore: (storeDir: string, timeoutMs: number) => Promise<PullResult>;
  private lastPull: { storeDir: string; at: number; done: Promise<void> } | undefined;
  private appRoleToken: { key: string; token: string; until: number } | undefined;

  constructor(
    home: string,
    /** The keychain the Vault credential is kept in (the deck's set-up writes it there). */
    readonly keychain: Keychain,
    options: SecretSourcesOptions = {},
  ) {
    this.file = new SourceSettingsFile(home);
    this.now = options.now ?? Date.now;
    this.env = options.env ?? process.env;
    this.pullStore = options.pull ?? (async (storeDir, timeoutMs) => (await import('./pass-store-pull.js')).pullPassStore(storeDir, timeoutMs));
    const readers = options.readers ?? SOURCE_READERS;
    const pulling: SourceReaders = {
      ...readers,
      pass: async (read) => {
        await this.pullFirst(read.storeDir);
        return readers.pass(read);
      },
    };
    this.reader = new ReferenceReader(() => this.setup(), pulling, this.now);
  }

  /** What is set up here; a damaged file reads as nothing set up only for `settingsOrNone`. */
  settings(): SourceSettings {
    return this.file.read();
  }

  settingsOrNone(): SourceSettings {
    try {
      return this.file.read();
    } catch {
      return noSources();
    }
  }

  /** The secret a reference names (`purpose` private-key: a pass entry's every line, a PEM). */
  read(reference: string | SecretReference, purpose: SecretPurpose = 'secret'): Promise<string> {
    const parsed = typeof reference === 'string' ? parseSecretReference(reference) : reference;
    return this.reader.read(parsed, purpose);
  }

  /** Reads the reference and says whether it could, never with the value. */
  async check(reference: string, purpose: SecretPurpose = 'secret'): Promise<SourceCheck> {
    try {
      await this.read(reference, purpose);
      return { reference, readable: true };
    } catch (error) {
      return { reference, readable: false, error: toErrorPayload(error) };
    }
  }

  /** Drops every value kept in memory and the AppRole token (a lock, quit, a source changed). */
  forget(): void {
    this.reader.forget();
    this.appRoleToken = undefined;
    this.lastPull = undefined;
  }

  /** May a setup file's client or key read `reference` on this machine? (issue 24, item 3) */
  importVerdict(reference: string, settings: SourceSettings = this.settingsOrNone()): ImportVerdict {
    const parsed = parseSecretReference(reference);
    switch (parsed.kind) {
      case 'keychain':
        return { kind: 'allowed' };
      case 'command':
        return { kind: 'local-only' };
      case 'pass': {
        if (!settings.pass) return { kind: 'not-set-up', fix: 'set up the team\'s pass store first (tokendeck source add pass --store <folder> --prefix <team path>, or Sources in the deck)' };
        return this.underPrefixes(parsed, settings.pass.prefixes, 'pass');
      }
      case 'vault': {
        if (!settings.vault) return { kind: 'not-set-up', fix: 'set up the team\'s Vault first (tokendeck source add vault --address <url> --mount <mount> --prefix <path>, or Sources in the deck)' };
        return this.underPrefixes(parsed, settings.vault.prefixes, 'vault');
      }
    }
  }

  /** `git pull --ff-only` of the pass store now. */
  async pull(): Promise<PullResult> {
    const pass = this.settings().pass;
    if (!pass) throw new TokendeckError('NOT_FOUND', 'No pass store is set up here. Set one up first: tokendeck source add pass --store <folder> --prefix <team path>.');
    const result = await this.pullStore(pass.storeDir, PULL_TIMEOUT_MS);
    this.reader.forget();
    this.lastPull = { storeDir: pass.storeDir, at: this.now(), done: Promise.resolve() };
    return result;
  }

  private underPrefixes(reference: SecretReference, prefixes: string[], kind: 'pass' | 'vault'): ImportVerdict {
    if (isUnderPrefix(reference, prefixes)) return { kind: 'allowed' };
    const shown = prefixes.length ? prefixes.map((p) => `${p}/`).join(', ') : 'none';
    return {
      kind: 'outside-prefixes',
      prefixes,
      fix: `${formatSecretReference(reference)} is not under a prefix you allowed for ${kind} (${shown}). If you trust it, allow its folder first (tokendeck source add ${kind} … --prefix <folder>); otherwise ask whoever sent the file.`,
    };
  }

  /** Once per VALUE_MEMORY_MS at most; a failed pull (offline) leaves the local copy to be read. */
  private pullFirst(storeDir: string): Promise<void> {
    const pass = this.settingsOrNone().pass;
    if (!pass?.pull || pass.storeDir !== storeDir) return Promise.resolve();
    const last = this.lastPull;
    if (last && last.storeDir === storeDir && this.now() - last.at < VALUE_MEMORY_MS) return last.done;
    const done = this.pullStore(storeDir, PULL_TIMEOUT_MS).then(
      () => undefined,
      () => undefined,
    );
    this.lastPull = { storeDir, at: this.now(), done };
    return done;
  }

  private setup(): SourceSetup {
    const settings = this.settings();
    const setup: SourceSetup = { commands: Object.fromEntries(Object.entries(settings.commands).map(([name, c]) => [name, { argv: c.argv, ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}) }])) };
    if (settings.pass) setup.pass = { storeDir: settings.pass.storeDir, gnupgHome: settings.pass.gnupgHome };
    const vault = settings.vault;
    if (vault) setup.vault = { address: vault.address, namespace: vault.namespace, token: () => this.vaultToken(vault) };
    return setup;
  }

  private async vaultToken(vault: NonNullable<SourceSettings['vault']>): Promise<string> {
    switch (vault.auth.method) {
      case 'env': {
        const { vaultTokenFrom } = await import('./vault-kv.js');
        const token = vaultTokenFrom(this.env);
        if (!token) throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${vault.address}: VAULT_TOKEN is not set in the environment Tokendeck runs in. Set it (export VAULT_TOKEN="$(vault print token)") or keep a token in the keychain (tokendeck source add vault … --token-stdin).`);
        return token;
      }
      case 'token': {
        const token = await this.keychain.get(SOURCE_ACCOUNTS.vaultToken);
        if (!token) throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${vault.address}: no Vault token is in the keychain. Set it again (tokendeck source add vault --address ${vault.address} … --token-stdin, or Sources in the deck).`);
        return token;
      }
      case 'approle': {
        const key = `${vault.address} ${vault.namespace ?? ''} ${vault.auth.mount} ${vault.auth.roleId}`;
        const kept = this.appRoleToken;
        if (kept && kept.key === key && kept.until > this.now()) return kept.token;
        const secretId = await this.keychain.get(SOURCE_ACCOUNTS.vaultSecretId);
        if (!secretId) throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${vault.address}: the AppRole secret id is not in the keychain. Set it again (tokendeck source add vault … --role-id ${vault.auth.roleId} --secret-id-stdin).`);
        const { vaultAppRoleLogin } = await import('./vault-kv.js');
        const login = await vaultAppRoleLogin({ address: vault.address, mount: vault.auth.mount, roleId: vault.auth.roleId, secretId, ...(vault.namespace ? { namespace: vault.namespace } : {}) });
        const lifetime = login.leaseSeconds > 0 ? login.leaseSeconds * 1000 - LEASE_MARGIN_MS : VALUE_MEMORY_MS;
        this.appRoleToken = { key, token: login.token, until: this.now() + Math.max(0, lifetime) };
        return login.token;
      }
    }
  }
}
