// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The headers Tokendeck adds to a console request beside the user's own: Authorization by the
// client's scheme, or an API key's own header or query parameter (its value is main's, never the
// page's), and a Content-Type. Pure, so the page
// lists before sending exactly what prepareRequest then adds.
import type { CredentialPlacement } from '../http/credential-placement.js';
import { hasHeader } from '../http/typed-headers.js';
import { providerSpec, type Provider } from '../providers/registry.js';
import { SCHEME_WORDS, type Scheme } from '../providers/schemes.js';
import type { RequestBody } from './console-model.js';

type Headers = ReadonlyArray<readonly [string, string]>;

function contentTypeWithReason(provider: Provider, headers: Headers, body: RequestBody): { value: string; why: string } | undefined {
  if (hasHeader(headers, 'content-type')) return undefined;
  if (body.kind === 'raw' && body.contentType) return { value: body.contentType, why: "the raw body's type" };
  const required = providerSpec(provider).contentType;
  if (required) return required;
  if (body.kind === 'json') return { value: 'application/json', why: 'the body is JSON' };
  return undefined;
}

/** The Content-Type Tokendeck adds, if any: none when the user set one. */
export const addedContentType = (provider: Provider, headers: Headers, body: RequestBody): string | undefined => contentTypeWithReason(provider, headers, body)?.value;

export interface AddedHeader {
  /** A header's name, or a query parameter's where `in` is 'query'. */
  name: string;
  /** What the page may show: for Authorization, the scheme word only; for a placed credential, `…`. */
  shown: string;
  why: string;
  /** Set for a credential that goes in the URL's query rather than a header. */
  in?: 'query';
}

/** The credential's line: Authorization by its word, or a placed credential's header or query parameter, its value hidden. */
function credentialLine(scheme: Scheme, word: string | undefined, placement: CredentialPlacement | undefined): AddedHeader {
  const why = `the ${scheme} credential, added when sent; never shown here`;
  if (placement?.in === 'header') return { name: placement.name, shown: '…', why };
  if (placement?.in === 'query') return { name: placement.name, shown: '…', why: `added to the URL's query: ${why}`, in: 'query' };
  return { name: 'Authorization', shown: `${(scheme === 'jwt' && word) || SCHEME_WORDS[scheme]} …`, why };
}

/**
 * `word`: a signed-JWT profile's own Authorization word, where the scheme is `jwt`. `placement`:
 * where a credential that is not an Authorization value goes (an API key).
 */
export function addedHeaders(provider: Provider, scheme: Scheme, headers: Headers, body: RequestBody, word?: string, placement?: CredentialPlacement): AddedHeader[] {
  const contentType = contentTypeWithReason(provider, headers, body);
  return [
    credentialLine(scheme, word, placement),
    ...(contentType ? [{ name: 'Content-Type', shown: contentType.value, why: contentType.why }] : []),
  ];
}
