// Setting a secret source up on this machine, and taking it down (issue 24): the pass store (cloned
// from the team's remote when asked), the Vault server with its credential in the keychain, the
// commands by name. Re-pointing one that is set up (another store folder, another Vault address,
// another argv for a command) changes which secret every reference to it reads, and where a Vault
// token goes: it needs `replace`, which the CLI and the deck give only after naming both.
import fs from 'node:fs';
import path from 'node:path';
import { TokendeckError } from '../errors.js';
import { checkSecretSize, type Keychain } from '../keychain.js';
import { runTool, toolEnv, toolMissing, toolTimeout, toolWords } from './run-tool.js';
import { SOURCE_ACCOUNTS, type SecretSources } from './secret-sources.js';
import { CommandSourceSettings, PassSourceSettings, VaultSourceSettings, type SourceSettings } from './source-settings.js';
import { isVaultToken, vaultBaseUrl } from './vault-http.js';

const CLONE_TIMEOUT_MS = 120_000;

export interface PassSetUp {
  storeDir: string;
  gnupgHome?: string | undefined;
  prefixes: string[];
  /** Pull before reading (default: when the store is a git repository). */
  pull?: boolean | undefined;
  /** Clone the team's store from this git remote into `storeDir` first (it must not exist or be empty). */
  cloneFrom?: string | undefined;
}

export interface VaultSetUp {
  address: string;
  namespace?: string | undefined;
  prefixes: string[];
  auth: { method: 'token'; token?: string | undefined } | { method: 'env' } | { method: 'approle'; roleId: string; mount?: string | undefined; secretId?: string | undefined };
}

/** What a `replace` would change, for the confirmation: undefined when nothing is re-pointed. */
export type SourceReplacement = { kind: 'pass' | 'vault' | 'command'; name?: string; before: string; after: string } | undefined;

function invalid(field: string, message: string): TokendeckError {
  return new TokendeckError('VALIDATION', `Invalid ${field}: ${message}`, { field });
}

function checked<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalid(issue.path.map(String).join('.') || 'source', `${issue.message}.`);
}

/** A git remote Tokendeck may clone: a path, ssh (`git@host:team/store.git`, ssh://) or https; never a `transport::` helper. */
export function checkGitRemote(remote: string): void {
  if (!remote || remote.length > 1000 || /[\0-\x1f\x7f]/.test(remote)) throw invalid('remote', 'give the git remote of the team\'s store on one line.');
  if (remote.startsWith('-')) throw invalid('remote', 'a remote may not start with "-".');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(remote)) throw invalid('remote', 'a remote helper ("transport::") can run any program: give an ssh, https or file remote.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) && !/^(https|ssh|git\+ssh|file):\/\//i.test(remote)) throw invalid('remote', 'only ssh://, https:// and file:// remotes (or user@host:path, or a folder) are cloned.');
}

async function cloneStore(remote: string, storeDir: string): Promise<void> {
  checkGitRemote(remote);
  if (fs.existsSync(storeDir) && fs.readdirSync(storeDir).length > 0) throw invalid('storeDir', `${storeDir} is not empty: clone into a new folder, or point the source at the store already there (leave the remote out).`);
  fs.mkdirSync(path.dirname(storeDir), { recursive: true });
  const env = toolEnv({ GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: 'file:ssh:https' });
  const result = await runTool({ file: 'git', args: ['clone', '--quiet', '--', remote, storeDir], env, timeoutMs: CLONE_TIMEOUT_MS, maxBytes: 1024 * 1024 });
  if (result.kind === 'not-installed') throw toolMissing('git', 'git', 'pass');
  if (result.kind === 'timeout') throw toolTimeout(`git clone of ${remote}`, CLONE_TIMEOUT_MS, 'Check the network and that the remote does not wait for a password (try git clone in a terminal).');
  if (result.kind !== 'done') throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: could not clone ${remote} (${result.kind === 'failed' ? toolWords(result.stderr) || `exit ${result.exitCode}` : 'its output was too long'}). Check the remote and your access to it (git clone in a terminal).`);
}

function describeCommand(argv: readonly string[]): string {
  return argv.map((a) => JSON.stringify(a)).join(' ');
}

/** What setting `next` up would re-point of what is set up now. */
export function replacementOf(settings: SourceSettings, next: { pass?: PassSourceSettings; vault?: VaultSourceSettings; command?: { name: string; argv: string[] } }): SourceReplacement {
  if (next.pass && settings.pass && (settings.pass.storeDir !== next.pass.storeDir || settings.pass.gnupgHome !== next.pass.gnupgHome)) {
    return { kind: 'pass', before: settings.pass.storeDir, after: next.pass.storeDir };
  }
  if (next.vault && settings.vault && (new URL(settings.vault.address).origin !== new URL(next.vault.address).origin || settings.vault.namespace !== next.vault.namespace)) {
    return { kind: 'vault', before: settings.vault.address, after: next.vault.address };
  }
  const before = next.command && settings.commands[next.command.name];
  if (next.command && before && describeCommand(before.argv) !== describeCommand(next.command.argv)) {
    return { kind: 'command', name: next.command.name, before: describeCommand(before.argv), after: describeCommand(next.command.argv) };
  }
  return undefined;
}

function refuseReplacement(replacement: SourceReplacement, replace: boolean): void {
  if (!replacement || replace) return;
  const what = replacement.kind === 'command' ? `the command "${replacement.name}"` : `the ${replacement.kind} source`;
  throw new TokendeckError(
    'DESTINATION_CHANGE',
    `${what[0]!.toUpperCase()}${what.slice(1)} is set up as ${replacement.before}; setting it up as ${replacement.after} changes which secret every reference to it reads${replacement.kind === 'vault' ? ' and where the Vault token is sent' : ''}. Nothing was changed; if that is what you want, confirm it (--replace).`,
  );
}

export async function setUpPass(sources: SecretSources, input: PassSetUp, replace = false): Promise<PassSourceSettings> {
  const storeDir = path.resolve(input.storeDir);
  const settings = sources.settings();
  const draft = checked(PassSourceSettings, { storeDir, ...(input.gnupgHome ? { gnupgHome: path.resolve(input.gnupgHome) } : {}), prefixes: input.prefixes, pull: input.pull ?? false });
  refuseReplacement(replacementOf(settings, { pass: draft }), replace);
  if (input.cloneFrom) await cloneStore(input.cloneFrom, storeDir);
  if (!fs.existsSync(path.join(storeDir, '.gpg-id'))) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: ${storeDir} has no .gpg-id, so it is not a pass store. Give the folder of the team's store, or its git remote to clone it.`, { field: 'storeDir' });
  }
  const pass: PassSourceSettings = { ...draft, pull: input.pull ?? fs.existsSync(path.join(storeDir, '.git')) };
  sources.file.write({ ...settings, pass });
  sources.forget();
  return pass;
}

export async function setUpVault(sources: SecretSources, keychain: Keychain, input: VaultSetUp, replace = false): Promise<VaultSourceSettings> {
  vaultBaseUrl(input.address);
  const auth = input.auth.method === 'approle' ? { method: 'approle' as const, roleId: input.auth.roleId, mount: input.auth.mount ?? 'approle' } : { method: input.auth.method };
  const vault = checked(VaultSourceSettings, { address: input.address, ...(input.namespace ? { namespace: input.namespace } : {}), prefixes: input.prefixes, auth });
  const settings = sources.settings();
  refuseReplacement(replacementOf(settings, { vault }), replace);
  if (input.auth.method === 'token') {
    const token = input.auth.token;
    if (token !== undefined) {
      if (!isVaultToken(token)) throw invalid('token', 'a Vault token is printable ASCII without spaces or line breaks (vault print token).');
      checkSecretSize(token, 'Vault token');
      await keychain.set(SOURCE_ACCOUNTS.vaultToken, token);
    } else if (!(await keychain.get(SOURCE_ACCOUNTS.vaultToken))) {
      throw invalid('token', 'give the Vault token (it is kept in the keychain), or use VAULT_TOKEN or AppRole.');
    }
  }
  if (input.auth.method === 'approle') {
    const secretId = input.auth.secretId;
    if (secretId !== undefined) {
      if (!/^[\x21-\x7e]{1,500}$/.test(secretId)) throw invalid('secretId', 'an AppRole secret id is printable ASCII without spaces.');
      await keychain.set(SOURCE_ACCOUNTS.vaultSecretId, secretId);
    } else if (!(await keychain.get(SOURCE_ACCOUNTS.vaultSecretId))) {
      throw invalid('secretId', 'give the AppRole secret id (it is kept in the keychain).');
    }
  }
  sources.file.write({ ...settings, vault });
  sources.forget();
  return vault;
}

export function setUpCommand(sources: SecretSources, name: string, input: { argv: string[]; timeoutMs?: number | undefined }, replace = false): CommandSourceSettings {
  const command = checked(CommandSourceSettings, { argv: input.argv, ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}) });
  const settings = sources.settings();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw invalid('name', 'a command is named by 1-64 letters, digits, ".", "_" or "-".');
  refuseReplacement(replacementOf(settings, { command: { name, argv: command.argv } }), replace);
  sources.file.write({ ...settings, commands: { ...settings.commands, [name]: command } });
  sources.forget();
  return command;
}

/** Takes a source down here (its keychain credentials too). References to it stay, and fail until it is set up again. */
export async function removeSource(sources: SecretSources, keychain: Keychain, kind: 'pass' | 'vault' | 'command', name?: string): Promise<void> {
  const settings = sources.settings();
  if (kind === 'command') {
    if (!name || !Object.hasOwn(settings.commands, name)) throw new TokendeckError('NOT_FOUND', `No command "${name ?? ''}" is set up here (tokendeck source list shows them).`);
    const { [name]: _gone, ...commands } = settings.commands;
    sources.file.write({ ...settings, commands });
  } else {
    if (!settings[kind]) throw new TokendeckError('NOT_FOUND', `No ${kind} source is set up here.`);
    const { [kind]: _gone, ...rest } = settings;
    sources.file.write(rest);
    if (kind === 'vault') {
      await keychain.delete(SOURCE_ACCOUNTS.vaultToken);
      await keychain.delete(SOURCE_ACCOUNTS.vaultSecretId);
    }
  }
  sources.forget();
}
