// The part of the core a credential needs: the vault and the token service over one home and
// one keychain. open-vault.ts adds the console and the hand-outs for the app and the CLI commands
// that use them; `tokendeck token` opens only this, and so never loads an HTTP module.
import { OsKeychain, type Keychain } from './keychain.js';
import { resolveHome, resolveKeychainService } from './paths.js';
import { TokenService, type TokenServiceOptions } from './token-service.js';
import { TokenStore } from './token-store.js';
import { TokenValues } from './token-values.js';
import { Vault } from './vault.js';
import { VaultStore } from './vault-store.js';

export interface VaultSettings {
  home: string;
  keychain: Keychain;
  /** Console history entries kept per organization (TOKENDECK_HISTORY_LIMIT). */
  historyLimit?: number;
}

export interface VaultCore {
  vault: Vault;
  tokens: TokenService;
}

export function openVaultCore(settings: VaultSettings, options: TokenServiceOptions = {}): VaultCore {
  const store = new VaultStore(settings.home);
  // Written inside the store's changes, so under its lock, and not once that lock was taken.
  const values = new TokenValues(settings.home, settings.keychain, () => store.assertLockHeld());
  const vault = new Vault(store, settings.keychain, values, options.now);
  return { vault, tokens: new TokenService(vault, new TokenStore(store, values, options.now), options) };
}

/** TOKENDECK_HOME, TOKENDECK_KEYCHAIN_SERVICE and TOKENDECK_HISTORY_LIMIT (else the console's default). */
export function vaultSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): VaultSettings {
  const historyLimit = Number(env.TOKENDECK_HISTORY_LIMIT);
  return {
    home: resolveHome(env),
    keychain: new OsKeychain(resolveKeychainService(env)),
    ...(Number.isInteger(historyLimit) && historyLimit > 0 ? { historyLimit } : {}),
  };
}
