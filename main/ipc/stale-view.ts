// The window acts on the vault as it last loaded it, and the CLI may have changed the vault since
// (vault-watch.ts tells the window, a moment later). Main refuses to copy or send for a client that
// is no longer the one the window showed, and words every "not found" of an organization or
// client for the window: the core's words point to CLI commands, which the window has none of.
import { NotFoundError, TokendeckError } from '../core/errors.js';
import type { Client } from '../core/model/entities.js';
import type { Vault } from '../core/vault.js';

/**
 * Throws NOT_FOUND unless `client` of `org` is still the client the window saw (`seenClient`, its
 * uuid): removed, or removed and added again under the same name (another secret, perhaps another
 * vendor account), it is not what the user chose.
 */
export function checkSeenClient(vault: Vault, { org, client }: { org: string; client: string }, seenClient: string): void {
  if (vault.resolveClient(org, client).client.id !== seenClient) throw new NotFoundError({ org, client }, `Client "${org}/${client}" is not the one this window showed.`);
}

/**
 * For a send with several clients (console.sendAll): a check that throws, in the window's words,
 * for a client of `org` the window did not show (`seen`: the uuids it did).
 */
export function seenAmong(org: string, seen: readonly string[]): (client: Client) => void {
  const ids = new Set(seen);
  return (client) => {
    if (!ids.has(client.id)) throw inWindowWords(new NotFoundError({ org, client: client.name }, `Client "${org}/${client.name}" is not one this window showed.`));
  };
}

/** The error as the window says it: an organization or client it named is gone or replaced. */
export function inWindowWords(error: unknown): unknown {
  if (!(error instanceof NotFoundError)) return error;
  const missing = error.missing;
  if ('trash' in missing) return new TokendeckError('NOT_FOUND', 'That trash entry was restored, purged or removed outside this window — the deck has been reloaded; choose again.');
  const what = missing.key !== undefined ? `${missing.org}'s key ${JSON.stringify(missing.key)}` : missing.client === undefined ? missing.org : `${missing.org}/${missing.client}`;
  return new TokendeckError('NOT_FOUND', `${what} was removed or changed outside this window — the deck has been reloaded; choose again.`);
}
