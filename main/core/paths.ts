// Where Tokendeck keeps things: the store folder and the keychain service name, the same for
// the app and the CLI. Both can be moved by environment variables (tests always move them).
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_KEYCHAIN_SERVICE } from './keychain.js';

/** Matches Electron's `app.getPath('userData')` for productName "Tokendeck". */
function defaultHome(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Tokendeck');
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tokendeck');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Tokendeck');
  }
}

export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.TOKENDECK_HOME?.trim();
  return override ? path.resolve(override) : defaultHome();
}

export function resolveKeychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENDECK_KEYCHAIN_SERVICE?.trim() || DEFAULT_KEYCHAIN_SERVICE;
}
