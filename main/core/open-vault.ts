// Builds the core the app and the CLI share — the vault, the token service, the console and the
// hand-outs over one home and one keychain — from the environment (TOKENDECK_HOME,
// TOKENDECK_KEYCHAIN_SERVICE) or explicit settings (tests).
import { ConsoleService } from './console/console-service.js';
import { ConsoleStore } from './console/console-store.js';
import { DEFAULT_HISTORY_LIMIT } from './console/console-model.js';
import { HandoutStore } from './handouts.js';
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

export interface Core {
  vault: Vault;
  tokens: TokenService;
  requestConsole: ConsoleService;
  /** Tokens copied or exported with their value, for the expiry reminders. */
  handouts: HandoutStore;
}

export function vaultSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): VaultSettings {
  const historyLimit = Number(env.TOKENDECK_HISTORY_LIMIT);
  return {
    home: resolveHome(env),
    keychain: new OsKeychain(resolveKeychainService(env)),
    historyLimit: Number.isInteger(historyLimit) && historyLimit > 0 ? historyLimit : DEFAULT_HISTORY_LIMIT,
  };
}

export function openCore(settings: VaultSettings = vaultSettingsFromEnv(), options: TokenServiceOptions = {}): Core {
  const store = new VaultStore(settings.home);
  const values = new TokenValues(settings.home, settings.keychain);
  const vault = new Vault(store, settings.keychain, values);
  const tokens = new TokenService(vault, new TokenStore(store, values, options.now), options);
  return {
    vault,
    tokens,
    requestConsole: new ConsoleService(vault, tokens, new ConsoleStore(settings.home, settings.historyLimit)),
    handouts: new HandoutStore(settings.home, options.now),
  };
}

/**
 * Reads and validates the vault once, ahead of the window's first request, while the window is
 * still being created (a vault of ten thousand clients takes ~100 ms to parse cold), and starts
 * the keychain check the window asks first. A damaged store is left for that first request to
 * report.
 */
export function warmUp(core: Core): void {
  core.vault.startKeychainCheck();
  try {
    core.tokens.list();
  } catch {
    // Reported to the window by its own first call.
  }
}
