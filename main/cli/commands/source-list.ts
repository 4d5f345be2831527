// `tokendeck source list`: the secret sources set up on this machine, one a line or as JSON. Never
// a secret: for a Vault token or an AppRole secret id, only whether the keychain holds one.
import type { SourceSettings } from '../../core/sources/source-settings.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

/** The sources as listed: what sources.json says, and where a Vault login's credential is. */
export interface SourceListing {
  pass?: SourceSettings['pass'];
  vault?: NonNullable<SourceSettings['vault']> & { credentialInKeychain: boolean | null };
  commands: SourceSettings['commands'];
}

function lines(listing: SourceListing): string[] {
  const out: string[] = [];
  const { pass, vault } = listing;
  if (pass) out.push(`pass   ${pass.storeDir}${pass.gnupgHome ? `  gnupg ${pass.gnupgHome}` : ''}  prefixes ${pass.prefixes.map((p) => `${p}/`).join(', ') || 'none'}  ${pass.pull ? 'pulled before reading' : 'not pulled'}`);
  if (vault) {
    const login =
      vault.auth.method === 'env'
        ? 'login VAULT_TOKEN'
        : vault.auth.method === 'token'
          ? `login token (${vault.credentialInKeychain ? 'in the keychain' : 'NOT in the keychain: source add vault … --token-stdin'})`
          : `login AppRole ${vault.auth.roleId} at ${vault.auth.mount} (secret id ${vault.credentialInKeychain ? 'in the keychain' : 'NOT in the keychain: source add vault … --secret-id-stdin'})`;
    out.push(`vault  ${vault.address}${vault.namespace ? `  namespace ${vault.namespace}` : ''}  prefixes ${vault.prefixes.map((p) => `${p}/`).join(', ') || 'none'}  ${login}`);
  }
  for (const [name, c] of Object.entries(listing.commands)) out.push(`command ${name}  ${c.argv.map((a) => JSON.stringify(a)).join(' ')}${c.timeoutMs ? `  timeout ${c.timeoutMs / 1000} s` : ''}`);
  return out;
}

export const command: Command = {
  usage: 'source list',
  summary: 'list the secret sources set up here',
  description: 'never a token, only whether the keychain holds one',
  examples: ['tokendeck source list'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const settings = vault().sources.settings();
    const listing: SourceListing = { ...(settings.pass ? { pass: settings.pass } : {}), commands: settings.commands };
    if (settings.vault) {
      const [{ vaultSettingsFromEnv }, { SOURCE_ACCOUNTS }] = await Promise.all([import('../../core/vault-core.js'), import('../../core/sources/secret-sources.js')]);
      const account = settings.vault.auth.method === 'token' ? SOURCE_ACCOUNTS.vaultToken : settings.vault.auth.method === 'approle' ? SOURCE_ACCOUNTS.vaultSecretId : undefined;
      // Asks only whether the account exists: the value is not read.
      const credentialInKeychain = account === undefined ? null : (await vaultSettingsFromEnv(io.env).keychain.accounts()).includes(account);
      listing.vault = { ...settings.vault, credentialInKeychain };
    }
    if (args.values.json) return printJson(io, listing);
    const found = lines(listing);
    if (found.length === 0) return void io.stderr.write('No secret source is set up here: secrets are in this machine\'s keychain. Add one with `tokendeck source add pass|vault|command`.\n');
    printLines(io, found);
  },
};
