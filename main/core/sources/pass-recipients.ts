// Who can read a pass entry, asked without decrypting it: the recipients its `.gpg-id` names, the
// keys its file is actually encrypted to (gpg --list-only), and whether this user's secret keys
// are among them. For `doctor` and for telling "not a recipient" from "agent locked" after a
// failed read (pass --quiet reduces both to "decryption failed: No secret key").
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TokendeckError } from '../errors.js';
import { runTool, toolEnv, toolMissing, toolTimeout, toolWords } from './run-tool.js';

const GPG_ID_MAX_BYTES = 64 * 1024;
const GPG_LISTING_MAX_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface PassRecipients {
  /** The `.gpg-id` that governs the entry, relative to the store (`.gpg-id`, `team/.gpg-id`). */
  file: string;
  /** Its lines as pass reads them: `#` comments and blanks dropped; fingerprints, key ids or emails. */
  recipients: string[];
}

/**
 * The recipients of an entry as pass chooses them: the nearest `.gpg-id` from the entry's folder
 * up to the store's root. `entryPath` must be validated first (validatePassPath).
 */
export async function passRecipients(storeDir: string, entryPath: string): Promise<PassRecipients> {
  const folders = entryPath.split('/').slice(0, -1);
  for (let depth = folders.length; depth >= 0; depth--) {
    const file = [...folders.slice(0, depth), '.gpg-id'].join('/');
    let text: string;
    try {
      // A link committed by a teammate could make any file of this user's read as recipients, and shown.
      if ((await lstat(path.join(storeDir, file))).isSymbolicLink()) throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: ${file} in ${storeDir} is a symbolic link; Tokendeck reads only the store's own .gpg-id. Ask whoever committed it to replace it with the file.`);
      const bytes = await readFile(path.join(storeDir, file));
      if (bytes.length > GPG_ID_MAX_BYTES) throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: ${file} in ${storeDir} is over ${GPG_ID_MAX_BYTES / 1024} KB; a list of recipients is a few lines. Check the store.`);
      text = bytes.toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error instanceof TokendeckError ? error : new TokendeckError('SOURCE_UNAVAILABLE', `pass: could not read ${file} in ${storeDir} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the store's permissions.`);
    }
    // pass strips from `#` to the end of the line (its `${gpg_id%%#*}`), then skips what is empty.
    const recipients = text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter((line) => line.length > 0);
    return { file, recipients };
  }
  throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: ${storeDir} has no .gpg-id for ${entryPath}: it is not a pass store. Clone the team's store there (git clone) or point the source at it.`);
}

/** This user's secret keys, by what a recipient line may name: fingerprints, key ids, user ids. */
export interface SecretKeys {
  /** Fingerprints of primary keys and subkeys, upper-case hex. */
  fingerprints: string[];
  /** User ids (`Alice <alice@example.test>`), as gpg lists them. */
  userIds: string[];
}

function gpgEnv(gnupgHome: string | undefined): Record<string, string> {
  return toolEnv(gnupgHome ? { GNUPGHOME: gnupgHome } : {});
}

async function gpg(args: string[], gnupgHome: string | undefined, timeoutMs: number): Promise<string> {
  const result = await runTool({ file: 'gpg', args: ['--batch', '--no-tty', ...args], env: gpgEnv(gnupgHome), timeoutMs, maxBytes: GPG_LISTING_MAX_BYTES });
  switch (result.kind) {
    case 'done':
      return result.stdout;
    case 'not-installed':
      throw toolMissing('gpg', 'gnupg', 'pass');
    case 'timeout':
      throw toolTimeout('gpg', timeoutMs, 'Check that the GPG agent is running (gpgconf --launch gpg-agent).');
    case 'too-long':
      throw new TokendeckError('SOURCE_UNAVAILABLE', `gpg listed over ${GPG_LISTING_MAX_BYTES / 1024 / 1024} MB; Tokendeck stopped reading. Check the keyring${gnupgHome ? ` in ${gnupgHome}` : ''}.`);
    case 'failed':
      throw new TokendeckError('SOURCE_UNAVAILABLE', `gpg failed (${toolWords(result.stderr) || `exit ${result.exitCode}`}). Check the keyring${gnupgHome ? ` in ${gnupgHome}` : ''} (gpg --list-secret-keys).`);
  }
}

export async function mySecretKeys(gnupgHome?: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SecretKeys> {
  const listing = await gpg(['--with-colons', '--list-secret-keys'], gnupgHome, timeoutMs);
  const keys: SecretKeys = { fingerprints: [], userIds: [] };
  for (const line of listing.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === 'fpr' && fields[9]) keys.fingerprints.push(fields[9].toUpperCase());
    if (fields[0] === 'uid' && fields[9]) keys.userIds.push(fields[9]);
  }
  return keys;
}

/**
 * Whether a recipient line names one of these keys, the way gpg resolves it: a fingerprint or a
 * key id (its last 8 or 16 hex digits, `0x` and a trailing `!` allowed), an email (`<a@b>` or bare),
 * or else a part of a user id.
 */
export function namesMyKey(recipient: string, keys: SecretKeys): boolean {
  const hex = recipient.replace(/^0x/i, '').replace(/!$/, '');
  if (/^[0-9A-Fa-f]{8,40}$/.test(hex)) return keys.fingerprints.some((fpr) => fpr.endsWith(hex.toUpperCase()));
  const email = /<([^>]+)>/.exec(recipient)?.[1] ?? (recipient.includes('@') ? recipient : undefined);
  if (email) return keys.userIds.some((uid) => /<([^>]+)>/.exec(uid)?.[1]?.toLowerCase() === email.toLowerCase());
  return keys.userIds.some((uid) => uid.toLowerCase().includes(recipient.toLowerCase()));
}

/** Whether this user holds the secret key of one of the recipients. Prints and returns no value. */
export async function canDecryptWith(recipients: readonly string[], gnupgHome?: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<boolean> {
  const keys = await mySecretKeys(gnupgHome, timeoutMs);
  return recipients.some((recipient) => namesMyKey(recipient, keys));
}

export interface EntryEncryption {
  /** Key ids the file is encrypted to (gpg's ENC_TO), upper-case hex; all zeros for a hidden recipient. */
  encryptedTo: string[];
  /** Whether one of them is a secret key this user holds. */
  mine: boolean;
}

/**
 * The keys an entry's file is encrypted to and whether this user holds one, from gpg's status
 * lines (ENC_TO, NO_SECKEY) with --list-only: nothing is decrypted and no passphrase is asked.
 * Closer to the truth than `.gpg-id`, which may have been edited without re-encrypting.
 */
export async function entryEncryption(entryFile: string, gnupgHome?: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<EntryEncryption> {
  const status = await gpg(['--status-fd', '1', '--list-only', '--decrypt', '--', entryFile], gnupgHome, timeoutMs);
  const encryptedTo: string[] = [];
  const missing = new Set<string>();
  for (const line of status.split('\n')) {
    const [tag, keyword, keyId] = line.split(' ');
    if (tag !== '[GNUPG:]' || !keyId) continue;
    if (keyword === 'ENC_TO') encryptedTo.push(keyId.toUpperCase());
    if (keyword === 'NO_SECKEY') missing.add(keyId.toUpperCase());
  }
  return { encryptedTo, mine: encryptedTo.some((id) => !missing.has(id)) };
}
