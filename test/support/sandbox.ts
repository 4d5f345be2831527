// A throwaway Tokendeck home and keychain service per test: the real store file and the real
// OS keychain (the Secret Service started by test/with-keyring.sh), cleaned up afterwards.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OsKeychain } from '../../main/core/keychain.js';
import { openCore, type Core } from '../../main/core/open-vault.js';
import type { TokenServiceOptions } from '../../main/core/token-service.js';
import type { Vault } from '../../main/core/vault.js';

export interface Sandbox {
  home: string;
  service: string;
  keychain: OsKeychain;
  core: Core;
  vault: Vault;
  /** Environment for a child `tokendeck` process bound to this sandbox. */
  env: NodeJS.ProcessEnv;
  storeText(): string;
  cleanup(): Promise<void>;
}

export function createSandbox(options: TokenServiceOptions = {}): Sandbox {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-test-'));
  const service = `tokendeck-test-${randomBytes(6).toString('hex')}`;
  const keychain = new OsKeychain(service);
  const core = openCore({ home, keychain }, options);
  return {
    home,
    service,
    keychain,
    core,
    vault: core.vault,
    env: { ...process.env, TOKENDECK_HOME: home, TOKENDECK_KEYCHAIN_SERVICE: service },
    storeText: () => {
      const file = path.join(home, 'vault.json');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    },
    async cleanup() {
      await core.requestConsole.flushHistory().catch(() => undefined);
      for (const account of await keychain.accounts().catch(() => [])) await keychain.delete(account);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Every file under a folder, concatenated: for scanning a home for leaked secrets. */
export function readAllFiles(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}
