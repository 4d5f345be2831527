// Reads one secret from a pass (password-store) store with the real `pass show`: GPG-encrypted
// files in a git repository, shared by encrypting each to the recipients of its `.gpg-id`. The
// secret is the entry's first line (pass's convention); its failures become SOURCE_UNAVAILABLE or
// TIMEOUT naming the entry, the store and the fix. Nothing read is written anywhere.
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { TokendeckError } from '../errors.js';
import { entryEncryption, mySecretKeys } from './pass-recipients.js';
import { runTool, toolEnv, toolMissing, toolTimeout, toolWords } from './run-tool.js';

const MAX_PATH_CHARS = 500;
/** An entry is a password and a few lines of notes, or a PEM key: far below this. */
const MAX_ENTRY_BYTES = 256 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

export interface PassRead {
  /** The store's folder (PASSWORD_STORE_DIR), a clone of the team's repository. */
  storeDir: string;
  /** The entry, as `pass ls` shows it: `team/musimap/prod`, without `.gpg`. */
  path: string;
  /** The GnuPG home to decrypt with; the user's own (GNUPGHOME or ~/.gnupg) when absent. */
  gnupgHome?: string;
  /** Long enough for the user to answer a pinentry prompt when the agent must ask. */
  timeoutMs?: number;
  /** The whole entry (a PEM private key), not only its first line. */
  whole?: boolean;
}

/**
 * Refuses a path that could be read as an option, leave the store, or smuggle a control character
 * into a message: checked before anything runs. pass refuses `..` itself; this says why sooner.
 */
export function validatePassPath(entryPath: string): void {
  const refuse = (why: string) => new TokendeckError('VALIDATION', `The pass path ${JSON.stringify(entryPath.slice(0, 80))} ${why}. Give the entry as pass ls shows it, for example team/musimap/prod.`, { field: 'path' });
  if (entryPath.length === 0) throw refuse('is empty');
  if (entryPath.length > MAX_PATH_CHARS) throw refuse(`is over ${MAX_PATH_CHARS} characters`);
  if (/[\x00-\x1f\x7f-\x9f]/.test(entryPath)) throw refuse('holds a control character');
  if (entryPath.startsWith('-')) throw refuse('starts with "-", which pass would read as an option');
  if (entryPath.startsWith('/') || entryPath.includes('\\') || /^[A-Za-z]:/.test(entryPath)) throw refuse('is absolute; it must be relative to the store');
  const segments = entryPath.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) throw refuse('has a "." or ".." segment');
  if (segments.some((segment) => segment === '')) throw refuse('has an empty segment (a doubled or trailing "/")');
}

const where = (read: PassRead) => `pass: ${read.path} in ${read.storeDir}`;

function noEntry(read: PassRead): TokendeckError {
  return new TokendeckError('SOURCE_UNAVAILABLE', `pass: no entry ${read.path} in ${read.storeDir} — check the path (pass ls), and pull the store if a teammate added it.`);
}

/** The entry's file, after checking the store and the entry exist (pass would list a folder and succeed). */
async function entryFile(read: PassRead): Promise<string> {
  const isDirectory = (at: string) => stat(at).then((s) => s.isDirectory(), () => false);
  if (!(await isDirectory(read.storeDir))) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: there is no store at ${read.storeDir}. Clone the team's store there (git clone <remote> ${read.storeDir}) or point the source at it.`);
  }
  await refuseLinks(read);
  const file = path.join(read.storeDir, `${read.path}.gpg`);
  if (await stat(file).then((s) => s.isFile(), () => false)) return file;
  if (await isDirectory(path.join(read.storeDir, read.path))) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `${where(read)} is a folder of entries, not an entry. Name one of its entries (pass ls ${read.path}).`);
  }
  throw noEntry(read);
}

/**
 * Refuses an entry reached through a symbolic link (the entry's file or a folder on its way): a
 * store is a teammate's git repository, and a link committed there could point at any file this
 * user's key decrypts (their own password store's personal/bank.gpg), or at an entry outside the
 * prefixes an import was allowed. pass follows links; Tokendeck reads only what the store holds.
 */
async function refuseLinks(read: PassRead): Promise<void> {
  const segments = read.path.split('/');
  let at = read.storeDir;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    at = path.join(at, segment);
    for (const candidate of last ? [`${at}.gpg`, at] : [at]) {
      if (await lstat(candidate).then((s) => s.isSymbolicLink(), () => false)) {
        throw new TokendeckError(
          'SOURCE_UNAVAILABLE',
          `${where(read)} is reached through a symbolic link (${path.relative(read.storeDir, candidate)}); Tokendeck reads only entries the store itself holds, never a link that may point outside it. Ask whoever committed the link to replace it with the entry (pass mv, or pass insert), then pull the store.`,
        );
      }
    }
  }
}

/**
 * After "decryption failed: No secret key": either the entry is not encrypted to this user's key
 * (removed from the team, or never added), or the key is here but the agent could not unlock it
 * (no pinentry, a cancelled prompt). gpg --list-only tells which without decrypting.
 */
async function noSecretKey(read: PassRead, file: string, timeoutMs: number): Promise<TokendeckError> {
  const encryption = await entryEncryption(file, read.gnupgHome, timeoutMs);
  if (encryption.mine) return agentLocked(read);
  const keys = await mySecretKeys(read.gnupgHome, timeoutMs);
  const mine = keys.fingerprints[0];
  const yourKey = mine ? `your key id is ${mine}` : `you have no GPG secret key${read.gnupgHome ? ` in ${read.gnupgHome}` : ''} yet: create one (gpg --quick-gen-key 'Your Name <you@example.com>') and send its public key`;
  return new TokendeckError(
    'SOURCE_UNAVAILABLE',
    `${where(read)} is not encrypted to your GPG key: your key is not among the entry's recipients (it is encrypted to ${encryption.encryptedTo.join(', ') || 'no key gpg could name'}). Ask a teammate who can read it to re-encrypt it with your key (pass init <their key id> <your key id>) and push, then pull the store; ${yourKey}.`,
  );
}

function agentLocked(read: PassRead): TokendeckError {
  return new TokendeckError('SOURCE_UNAVAILABLE', `${where(read)}: your GPG key could not be unlocked (the GPG agent is locked and no passphrase prompt could ask). Unlock the GPG agent (run pass show ${read.path} once in a terminal, or check its pinentry) and try again.`);
}

/** The secret: the first line (or the whole entry), refused when empty or holding control characters. */
function secretOf(read: PassRead, stdout: string): string {
  const value = read.whole ? stdout.replace(/\r?\n$/, '') : stdout.split('\n')[0]!.replace(/\r$/, '');
  if (value.trim().length === 0) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `${where(read)} has an empty ${read.whole ? 'value' : 'first line'}; pass keeps the secret on the first line. Put it there (pass edit ${read.path}).`);
  }
  // Tabs and (for a whole entry) line breaks belong in a value; no other control character does.
  const control = read.whole ? /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/ : /[\x00-\x08\x0a-\x1f\x7f]/;
  if (control.test(value)) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `${where(read)} holds a control character in its ${read.whole ? 'value' : 'first line'}; a secret is printable text. Check the entry (pass edit ${read.path}).`);
  }
  return value;
}

/** Reads one secret with `pass show`. The value is returned only: never logged, cached or written. */
export async function readPassSecret(read: PassRead): Promise<string> {
  validatePassPath(read.path);
  const timeoutMs = read.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const file = await entryFile(read);
  const env = toolEnv({ PASSWORD_STORE_DIR: read.storeDir, ...(read.gnupgHome ? { GNUPGHOME: read.gnupgHome } : {}) });
  const result = await runTool({ file: 'pass', args: ['show', '--', read.path], env, timeoutMs, maxBytes: MAX_ENTRY_BYTES });
  switch (result.kind) {
    case 'done':
      return secretOf(read, result.stdout);
    case 'not-installed':
      throw toolMissing('pass', 'pass', where(read));
    case 'timeout':
      throw toolTimeout(`${where(read)}: pass show`, timeoutMs, 'The GPG agent may be waiting for a passphrase: unlock it (run pass show once in a terminal) and try again.');
    case 'too-long':
      throw new TokendeckError('SOURCE_UNAVAILABLE', `${where(read)} is over ${MAX_ENTRY_BYTES / 1024} KB; a secret is far smaller. Check the entry.`);
    case 'failed': {
      const stderr = result.stderr;
      if (/is not in the password store/.test(stderr)) throw noEntry(read);
      if (/No secret key/i.test(stderr)) throw await noSecretKey(read, file, timeoutMs);
      if (/pinentry|Inappropriate ioctl|Operation cancelled|No agent running|agent/i.test(stderr)) throw agentLocked(read);
      throw new TokendeckError('SOURCE_UNAVAILABLE', `${where(read)}: pass show failed (${toolWords(stderr) || `exit ${result.exitCode}`}). Run pass show ${read.path} in a terminal to see why.`);
    }
  }
}
