// Watches the Tokendeck home for changes made outside this process (the CLI, another copy of the
// app) and says what the window must reload: the vault's organizations, clients and keys, or its
// cached tokens and hand-outs. The app and the browser harness push it as `vault.changed`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Core } from './open-vault.js';
import { TOKEN_VALUES_FILE } from './token-values.js';
import { STORE_FILE_NAME } from './vault-store.js';

/** What changed since the last event, as the window reloads it. */
export interface VaultChange {
  /** Organizations, clients or keys: the outline and the opened organizations. */
  organizations: boolean;
  /** Cached token records or hand-outs: the token list. */
  tokens: boolean;
}

export interface VaultWatch {
  close(): void;
}

/** The files whose change may change what the window shows (not the locks, temporaries or console history). */
const WATCHED = new Set([STORE_FILE_NAME, TOKEN_VALUES_FILE, 'handouts.json']);

/**
 * How long a burst of writes may take before it is looked at once: a CLI command writes the vault,
 * the token cache and the hand-outs one after the other. Counted from the first event of a burst,
 * not the last, so a steady stream of writes cannot starve the window of updates.
 */
const SETTLE_MS = 75;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * Calls `onChange` after files of `home` change in a way the window would see. A write is an
 * atomic rename over the file (atomic-write.ts), which replaces its inode, so the folder is watched,
 * not the files. What each file holds is compared with what was last reported — the vault's
 * structure apart from its token records — so a write that changes nothing shown (the app's own
 * token record written again, a lock taken and let go) sends nothing, and a token minted elsewhere
 * does not make the window reload every organization. The app's own edits of organizations are
 * reported too; the page reloads for them cheaply (it asks again only what it shows).
 */
export function watchVault(home: string, core: Pick<Core, 'vault' | 'tokens' | 'handouts'>, onChange: (change: VaultChange) => void): VaultWatch {
  const revisions = () => {
    try {
      return { organizations: digest(core.vault.tree()), tokens: digest([core.tokens.records(), core.handouts.list()]) };
    } catch {
      // A damaged or unreadable file: the window's own reload meets the error and explains it.
      return { organizations: `unreadable ${Date.now()}`, tokens: `unreadable ${Date.now()}` };
    }
  };
  let seen = revisions();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    timer = undefined;
    const now = revisions();
    const change = { organizations: now.organizations !== seen.organizations, tokens: now.tokens !== seen.tokens };
    seen = now;
    if (change.organizations || change.tokens) onChange(change);
  };
  let watcher: fs.FSWatcher;
  try {
    // A fresh install has no home yet; the stores make it the same way (json-file-store.ts).
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    watcher = fs.watch(home, { persistent: false }, (_event, file) => {
      // Without a name (some platforms) any file may have changed: the comparison decides.
      if (file !== null && !WATCHED.has(file)) return;
      timer ??= setTimeout(check, SETTLE_MS);
    });
  } catch {
    // No watch to be had (a home that cannot be made, the system's inotify watches used up): the
    // app still starts and reports the home's trouble on its first read, and a copy or send from a
    // stale view is still refused by main (main/ipc/stale-view.ts).
    return { close() {} };
  }
  // The home removed under a running app: nothing more to watch; its next write says what is wrong.
  watcher.on('error', () => watcher.close());
  return {
    close() {
      watcher.close();
      if (timer) clearTimeout(timer);
    },
  };
}
