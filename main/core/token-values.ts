// Token values, encrypted at rest: one file (`tokens.enc`) sealed with AES-256-GCM under a random
// data key that lives in the keychain (`vault/data-key`). One keychain item per token would not
// scale (Windows caps an item at ~1,280 characters; each Secret Service read costs ~1 ms).
// Callers hold the vault lock (VaultStore.update) around every write.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from './atomic-write.js';
import type { Keychain } from './keychain.js';
import { keychainAccount } from './keychain-accounts.js';

export const TOKEN_VALUES_FILE = 'tokens.enc';
const FORMAT = 'tokendeck-token-values-v1';

interface SealedFile {
  format: typeof FORMAT;
  iv: string;
  tag: string;
  data: string;
}

export type TokenValueMap = Record<string, string>;

export class TokenValues {
  readonly file: string;
  private key: Buffer | undefined;

  constructor(
    home: string,
    private readonly keychain: Keychain,
    /** Checked just before the new file replaces the old: is the vault lock still ours? */
    private readonly beforeRename?: () => void,
  ) {
    this.file = path.join(home, TOKEN_VALUES_FILE);
  }

  private async dataKey(create: boolean): Promise<Buffer | undefined> {
    if (this.key) return this.key;
    const stored = await this.keychain.get(keychainAccount.dataKey);
    if (stored) {
      this.key = Buffer.from(stored, 'base64');
    } else if (create) {
      const fresh = randomBytes(32);
      await this.keychain.set(keychainAccount.dataKey, fresh.toString('base64'));
      this.key = fresh;
    }
    return this.key;
  }

  /**
   * The values, or an empty map when there are none or they cannot be opened (data key gone,
   * file damaged): the cache is only a cache, and every token can be made again.
   */
  async read(): Promise<TokenValueMap> {
    if (!fs.existsSync(this.file)) return {};
    const key = await this.dataKey(false);
    if (!key) return {};
    try {
      const sealed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as SealedFile;
      if (sealed.format !== FORMAT) return {};
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(FORMAT));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as TokenValueMap;
    } catch {
      return {};
    }
  }

  async get(id: string): Promise<string | undefined> {
    return (await this.read())[id];
  }

  async write(values: TokenValueMap): Promise<void> {
    if (Object.keys(values).length === 0) {
      this.beforeRename?.();
      fs.rmSync(this.file, { force: true });
      return;
    }
    const key = (await this.dataKey(true))!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(FORMAT));
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    const sealed: SealedFile = { format: FORMAT, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    // Not flushed to the disk while the exchange waits: a crash may lose the newest values, never
    // the vault's records (vault.json is flushed), and a record whose value is gone is made again.
    writeFileAtomically(this.file, JSON.stringify(sealed), this.beforeRename, { flush: false });
  }

  /** Keeps only the values whose ids are listed (records removed, tokens expired). */
  async retain(ids: ReadonlySet<string>, extra: TokenValueMap = {}): Promise<void> {
    const current = await this.read();
    const next: TokenValueMap = {};
    for (const [id, value] of Object.entries(current)) if (ids.has(id)) next[id] = value;
    Object.assign(next, extra);
    await this.write(next);
  }
}
