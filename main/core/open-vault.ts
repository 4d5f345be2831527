// Builds the vault the app and the CLI share, from the environment (TOKENDECK_HOME,
// TOKENDECK_KEYCHAIN_SERVICE) or explicit settings (tests).
import { OsKeychain, type Keychain } from './keychain.js';
import { resolveHome, resolveKeychainService } from './paths.js';
import { Vault } from './vault.js';
import { VaultStore } from './vault-store.js';

export interface VaultSettings {
  home: string;
  keychain: Keychain;
}

export function vaultSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): VaultSettings {
  return { home: resolveHome(env), keychain: new OsKeychain(resolveKeychainService(env)) };
}

export function openVault(settings: VaultSettings = vaultSettingsFromEnv()): Vault {
  return new Vault(new VaultStore(settings.home), settings.keychain);
}
