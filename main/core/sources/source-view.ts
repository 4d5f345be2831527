// What the deck shows of the secret sources set up here (issue 24): folders, addresses, prefixes,
// the auth method and whether its credential is in the keychain, the commands' argv. Never a
// token or a secret id: the keychain is asked whether it holds one, and the answer is a boolean.
import { SOURCE_ACCOUNTS, type SecretSources } from './secret-sources.js';

export interface SourcesView {
  /** sources.json of this home: where the CLI and the deck read the same set-up. */
  file: string;
  pass?: { storeDir: string; gnupgHome?: string | undefined; prefixes: string[]; pull: boolean };
  vault?: {
    address: string;
    namespace?: string | undefined;
    prefixes: string[];
    auth: 'token' | 'env' | 'approle';
    roleId?: string;
    approleMount?: string;
    /** The token (token auth) or the secret id (AppRole) is in the OS keychain. */
    credentialInKeychain: boolean;
  };
  commands: Array<{ name: string; argv: string[]; timeoutMs?: number | undefined }>;
}

export async function viewSources(sources: SecretSources): Promise<SourcesView> {
  const settings = sources.settings();
  const vault = settings.vault;
  const account = vault?.auth.method === 'token' ? SOURCE_ACCOUNTS.vaultToken : vault?.auth.method === 'approle' ? SOURCE_ACCOUNTS.vaultSecretId : undefined;
  const credentialInKeychain = account ? (await sources.keychain.get(account)) !== null : false;
  return {
    file: sources.file.file,
    ...(settings.pass ? { pass: { ...settings.pass } } : {}),
    ...(vault
      ? {
          vault: {
            address: vault.address,
            namespace: vault.namespace,
            prefixes: vault.prefixes,
            auth: vault.auth.method,
            ...(vault.auth.method === 'approle' ? { roleId: vault.auth.roleId, approleMount: vault.auth.mount } : {}),
            credentialInKeychain,
          },
        }
      : {}),
    commands: Object.entries(settings.commands).map(([name, command]) => ({ name, argv: command.argv, timeoutMs: command.timeoutMs })),
  };
}
