// Builds the core the app and the CLI share — the vault, the token service, the console and the
// hand-outs over one home and one keychain — from the environment (TOKENDECK_HOME,
// TOKENDECK_KEYCHAIN_SERVICE) or explicit settings (tests).
import { ConsoleService } from './console/console-service.js';
import { ConsoleStore } from './console/console-store.js';
import { HandoutStore } from './handouts.js';
import type { TokenServiceOptions } from './token-service.js';
import { openVaultCore, vaultSettingsFromEnv, type VaultCore, type VaultSettings } from './vault-core.js';

export { vaultSettingsFromEnv, type VaultSettings } from './vault-core.js';

export interface Core extends VaultCore {
  requestConsole: ConsoleService;
  /** Tokens copied or exported with their value, for the expiry reminders. */
  handouts: HandoutStore;
}

export function openCore(settings: VaultSettings = vaultSettingsFromEnv(), options: TokenServiceOptions = {}): Core {
  return completeCore(openVaultCore(settings, options), settings, options);
}

/** The console and the hand-outs over a vault core already open (the CLI opens them on demand). */
export function completeCore({ vault, tokens }: VaultCore, settings: VaultSettings, options: TokenServiceOptions = {}): Core {
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
