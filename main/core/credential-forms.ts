// A credential written out whole for a person or a script to use: the header line it is sent as
// (`Authorization: Bearer …`, `X-API-Key: …`), or for a key placed in the query the `name=value`
// pair of a URL. What "copy as header" copies and what `tokendeck exec` sets.
import { percentEncodedStrictly } from './scrub-secrets.js';
import type { Credential } from './schemes/types.js';

type Sendable = Pick<Credential, 'token' | 'authorization' | 'placement'>;

/** The header line the credential is sent as; undefined for one that goes in the query. */
export function credentialHeaderLine(credential: Sendable): string | undefined {
  if (!credential.placement) return `Authorization: ${credential.authorization}`;
  return credential.placement.in === 'header' ? `${credential.placement.name}: ${credential.token}` : undefined;
}

/** `name=<key>` as the key is sent in a URL (percent-encoded strictly); undefined for a credential sent in a header. */
export function credentialQueryPair(credential: Sendable): string | undefined {
  return credential.placement?.in === 'query' ? `${credential.placement.name}=${percentEncodedStrictly(credential.token)}` : undefined;
}

/**
 * "Copy as header": the line as sent. A key placed in the query has no header line; the nearest
 * thing, ready to paste into a URL, is its `name=value` pair (the bare key is the other copy).
 */
export const copiedHeaderForm = (credential: Sendable): string => credentialHeaderLine(credential) ?? credentialQueryPair(credential)!;
