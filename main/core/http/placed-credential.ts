// A credential placed outside Authorization (an API key) on its way out: the user's request may
// not hold a second copy of its header or parameter, and a query-placed key is written into a URL
// of the scoped origin and taken out of a URL of any other (send-request.ts, export-code.ts).
import { TokendeckError } from '../errors.js';
import { percentEncodedStrictly, scrubSecrets, type SecretsToScrub } from '../scrub-secrets.js';
import { checkPlacement, type CredentialPlacement } from './credential-placement.js';
import { hasHeader } from './typed-headers.js';

/** The placement and the value sent there (the key itself, never an Authorization value). */
export interface PlacedCredential {
  placement: CredentialPlacement;
  value: string;
}

/** The query's `name=value` pieces as written, `&`-separated (a `;` is data, as in WHATWG URLs). */
const piecesOf = (url: URL) => (url.search.length > 1 ? url.search.slice(1).split('&') : []);

function formDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A piece's name and value as a server's form parser reads them. */
function parsePiece(piece: string): { name: string; value: string } {
  const equals = piece.indexOf('=');
  return equals === -1 ? { name: formDecoded(piece), value: '' } : { name: formDecoded(piece.slice(0, equals)), value: formDecoded(piece.slice(equals + 1)) };
}

function withPieces(url: URL, pieces: string[]): URL {
  const next = new URL(url);
  next.search = pieces.length > 0 ? `?${pieces.join('&')}` : '';
  return next;
}

/** Whether the URL's query has a parameter of this name, however encoded. */
export const queryHas = (url: URL, name: string) => piecesOf(url).some((piece) => parsePiece(piece).name === name);

/**
 * Refuses a placement that breaks the rule, and a request that already holds the header or the
 * query parameter: Tokendeck would send two, and which one the server reads is its choice.
 */
export function checkPlacedCredential(placement: CredentialPlacement, headers: ReadonlyArray<readonly [string, string]>, url: URL): void {
  checkPlacement(placement);
  if (placement.in === 'header' && hasHeader(headers, placement.name)) {
    throw new TokendeckError('VALIDATION', `Invalid header: ${placement.name} is added by Tokendeck from the chosen scheme; remove it.`);
  }
  if (placement.in === 'query' && queryHas(url, placement.name)) {
    throw new TokendeckError('VALIDATION', `Invalid URL: the query parameter ${placement.name} is added by Tokendeck from the chosen scheme; remove it.`);
  }
}

/**
 * The URL with exactly one `name=<key>`: kept where it already is (a same-origin redirect that
 * kept the query), else any other value of that name replaced by the key, appended last. The key
 * is percent-encoded strictly, so no parser spells it another way; the rest of the query is
 * left as written (URLSearchParams would re-encode all of it).
 */
export function withQueryCredential(url: URL, name: string, value: string): URL {
  const pieces = piecesOf(url);
  const named = pieces.filter((piece) => parsePiece(piece).name === name);
  if (named.length === 1 && parsePiece(named[0]!).value === value) return url;
  return withPieces(url, [...pieces.filter((piece) => parsePiece(piece).name !== name), `${percentEncodedStrictly(name)}=${percentEncodedStrictly(value)}`]);
}

/** The URL without any `name=<key>` parameter, however encoded; a parameter of that name holding something else stays. */
export function withoutQueryCredential(url: URL, name: string, value: string): URL {
  const pieces = piecesOf(url);
  const kept = pieces.filter((piece) => {
    const parsed = parsePiece(piece);
    return parsed.name !== name || parsed.value !== value;
  });
  return kept.length === pieces.length ? url : withPieces(url, kept);
}

/** Whether the key is anywhere in the URL (host, userinfo, path, query, fragment) in any form the scrubber knows. */
export const keyIn = (url: URL, secrets: SecretsToScrub) => scrubSecrets(url.toString(), secrets) !== url.toString();
