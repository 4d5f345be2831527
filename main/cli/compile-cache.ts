// Node's on-disk cache of compiled code (module.enableCompileCache, Node ≥ 22.1): a later
// `tokendeck` skips compiling the modules it loads. Absent on Node 20, where nothing is done.
//
// Where: the user's own cache folder (XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
// %LOCALAPPDATA%), never the vault home (it is the user's data, and nothing derived belongs
// beside it) and not Node's default under the shared temporary folder, where another account
// could create the folder first and hand us compiled code of its own.
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

function userCacheFolder(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'tokendeck', 'Cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'tokendeck');
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(xdg, 'tokendeck');
}

/** Turns the cache on for the modules loaded after this call. NODE_DISABLE_COMPILE_CACHE still wins. */
export function enableCompileCache(env: NodeJS.ProcessEnv): void {
  const enable = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
  if (!enable) return;
  try {
    enable(path.join(userCacheFolder(env), 'compile-cache'));
  } catch {
    // Only a cache: a command never fails for want of it.
  }
}
