// Where Tokendeck keeps things: the store folder and the keychain service name, the same for
// the app and the CLI. Both can be moved by environment variables (tests always move them).
import { DEFAULT_KEYCHAIN_SERVICE } from './keychain.js';

export { resolveHome } from './home-path.js';

export function resolveKeychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOKENDECK_KEYCHAIN_SERVICE?.trim() || DEFAULT_KEYCHAIN_SERVICE;
}
