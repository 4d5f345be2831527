// Node's on-disk cache of compiled code (module.enableCompileCache, Node ≥ 22.1): a later
// `tokendeck` skips compiling the modules it loads. Node 20 lacks it: there the same cache is made
// by hand (code-cache.ts: V8's code cache of each chunk of the CLI), in the same folder.
//
// Where: the user's own cache folder (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
// %LOCALAPPDATA%), never the vault home (it is the user's data, and nothing derived belongs
// beside it) and not Node's default under the shared temporary folder, where another account
// could create the folder first and hand us compiled code of its own.
//
// What is in the cache is code we run, so it is trusted as the vault home is (private-home.ts):
// `tokendeck` and `compile-cache` are created 0700 if missing, and used only if they are ours and
// nobody else can write to them, in a cache folder nobody else can rename them out of (not
// writable by others, unless sticky like /tmp). Otherwise the cache stays off, silently: it only
// saves time, and a line on every command's stderr would bury the command's own messages.
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheChunksOf } from './code-cache.js';

const STICKY = 0o1000;

/**
 * The vault home's rule (core/private-home.ts): ours, and writable by nobody else. Not imported
 * from there: that would make the entry load the core chunk before the cache is on (see
 * cli.vite.config.ts), and so leave the core out of the cache.
 */
function isPrivateFolder(stat: fs.Stats, uid: number): boolean {
  return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0;
}

/** The user's cache folder, and Tokendeck's folder in it. */
function userCacheFolders(env: NodeJS.ProcessEnv): { root: string; own: string } {
  if (process.platform === 'win32') {
    const root = env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');
    return { root, own: path.join(root, 'tokendeck', 'Cache') };
  }
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  const root = process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Caches') : xdg;
  return { root, own: path.join(root, 'tokendeck') };
}

/** Nobody else can replace what is in it: ours or root's, and writable by others only if sticky. */
function holdsFoldersSafely(stat: fs.Stats, uid: number): boolean {
  if (!stat.isDirectory() || (stat.uid !== uid && stat.uid !== 0)) return false;
  return (stat.mode & 0o022) === 0 || (stat.mode & STICKY) !== 0;
}

/** The compile-cache folder, made if missing, when it can be trusted; undefined when not. */
export function trustedCompileCacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  const { root, own } = userCacheFolders(env);
  const folder = path.join(own, 'compile-cache');
  // Windows folders have ACLs, not these mode bits: the per-user %LOCALAPPDATA% is the guard there.
  if (process.platform === 'win32' || !process.getuid) return folder;
  const uid = process.getuid();
  try {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    if (!holdsFoldersSafely(fs.statSync(root), uid)) return undefined;
    // One level at a time, so that nothing is made inside a folder found untrusted.
    for (const each of [own, folder]) {
      fs.mkdirSync(each, { recursive: true, mode: 0o700 });
      // lstat: a link there (another user's, in a shared sticky root) could be re-pointed after this check.
      if (!isPrivateFolder(fs.lstatSync(each), uid)) return undefined;
    }
    return folder;
  } catch {
    return undefined;
  }
}

/** Turns the cache on for the modules loaded after this call. NODE_DISABLE_COMPILE_CACHE still wins. */
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const enable = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
  if (!enable && env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    const folder = trustedCompileCacheFolder(env);
    if (folder && enable) enable(folder);
    else if (folder) cacheChunksOf(path.join(path.dirname(fileURLToPath(import.meta.url)), 'chunks'), folder);
  } catch {
    // Only a cache: a command never fails for want of it.
  }
}
