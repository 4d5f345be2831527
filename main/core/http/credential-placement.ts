// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Where a credential that is not `Authorization: <word> <token>` goes (an API key in its own
// header, or in a query parameter), and which names may carry it: the rule the sender, the
// exports and an organization's settings share.
import { TokendeckError } from '../errors.js';
import { TOKEN_CHARS } from './typed-headers.js';

/** Absent on a credential: the Authorization header, as every scheme but an API key sends it. */
export type CredentialPlacement = { in: 'header'; name: string } | { in: 'query'; name: string };

/**
 * Headers a credential may not be placed in: the framing and the connection are the HTTP
 * client's (as for typed headers, typed-headers.ts), Proxy-Authorization goes to a proxy and not
 * the API, Cookie is a jar's header, User-Agent is Tokendeck's default, and the body's headers are
 * dropped when a redirect turns the request into a GET. Authorization itself is allowed: some
 * APIs take the bare key there (`Authorization: <key>`, no scheme word).
 */
const NOT_A_CREDENTIAL_HEADER = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'cookie',
  'user-agent',
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
]);

/**
 * A query parameter name: RFC 3986 unreserved characters, which need no encoding, so the name is
 * the same in the URL, an export and a shell word, and a server cannot read it two ways.
 */
const QUERY_NAME = /^[A-Za-z0-9._~-]+$/;
const MAX_NAME_CHARS = 100;

/** Why a credential may not be placed there; undefined when it may. */
export function placementProblem(placement: CredentialPlacement): string | undefined {
  const { name } = placement;
  const shown = name.slice(0, 40);
  if (name.length === 0 || name.length > MAX_NAME_CHARS) return `the ${placement.in === 'header' ? 'header' : 'query parameter'} name must be 1 to ${MAX_NAME_CHARS} characters`;
  if (placement.in === 'header') {
    if (!TOKEN_CHARS.test(name)) return `"${shown}" is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`;
    if (NOT_A_CREDENTIAL_HEADER.has(name.toLowerCase())) return `${shown} cannot carry a credential (it belongs to the HTTP client, a proxy or the body); choose another header`;
    return undefined;
  }
  if (!QUERY_NAME.test(name)) return `"${shown}" is not a valid query parameter name (letters, digits and ._~- only)`;
  return undefined;
}

export function checkPlacement(placement: CredentialPlacement): void {
  const problem = placementProblem(placement);
  if (problem) throw new TokendeckError('VALIDATION', `Invalid credential placement: ${problem}.`);
}

/** How the deck and the exports name it: `X-API-Key` header, `api_key` query parameter. */
export const placementWords = (placement: CredentialPlacement) => (placement.in === 'header' ? `the ${placement.name} header` : `the ${placement.name} query parameter`);
