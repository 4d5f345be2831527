// How the CLI and the deck name one of an organization's keys: by its Key ID, or (a pending key
// has none yet) by its JWK thumbprint or the start of it, as `key list` and the deck show it.
import { NotFoundError, TokendeckError } from './errors.js';
import { isPending, keyLabel, type SigningKey } from './model/entities.js';

/** A thumbprint prefix this short could match by accident; `key list` shows eight characters. */
const MIN_THUMBPRINT_PREFIX = 6;

export function findKey<K extends SigningKey>(orgName: string, keys: readonly K[], ref: string): K {
  const byKid = keys.find((k) => k.kid === ref);
  if (byKid) return byKid;
  const byThumbprint = ref.length >= MIN_THUMBPRINT_PREFIX ? keys.filter((k) => k.thumbprint.startsWith(ref)) : [];
  if (byThumbprint.length === 1) return byThumbprint[0]!;
  if (byThumbprint.length > 1) {
    throw new TokendeckError('USAGE', `"${ref}" starts the thumbprint of ${byThumbprint.length} keys of "${orgName}": give more of it.`);
  }
  throw new NotFoundError({ org: orgName, key: ref }, `Organization "${orgName}" has no key with Key ID or thumbprint "${ref}" (\`tokendeck key list ${orgName}\` shows them).`);
}

/** The key `key set-kid` means when none is named: the organization's one pending key. */
export function onlyPendingKey<K extends SigningKey>(orgName: string, keys: readonly K[]): K {
  const pending = keys.filter(isPending);
  if (pending.length === 1) return pending[0]!;
  if (pending.length === 0) throw new TokendeckError('NOT_FOUND', `Organization "${orgName}" has no key waiting for its Key ID.`);
  throw new TokendeckError('USAGE', `"${orgName}" has ${pending.length} keys waiting for a Key ID (${pending.map((k) => keyLabel(k)).join(', ')}): name one with --thumbprint=<start of its thumbprint>.`);
}
