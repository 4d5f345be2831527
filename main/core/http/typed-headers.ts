// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The one rule for headers a user types — in the console or with `tokendeck request -H` — and
// the one way to ask whether a header list already has a header. Typed headers may not carry a
// credential Tokendeck did not choose, nor take over what the HTTP client owns: the Host (a typed
// Host sends the credential to the URL's server under another name: domain fronting on a shared
// proxy or CDN) and the message framing.
import { TokendeckError } from '../errors.js';

/**
 * Authorization: Tokendeck adds it from the chosen scheme. Host: taken from the URL.
 * Content-Length, Transfer-Encoding: the body's framing (a wrong one smuggles a second request).
 * Connection and the other hop-by-hop or framing headers (RFC 9110 §7.6.1, §10.1.1): the
 * connection is the client's; undici refuses most of them anyway, with a less helpful error.
 */
const RESERVED = new Map<string, string>([
  ['authorization', 'Authorization is added by Tokendeck from the chosen scheme; remove it'],
  ['host', 'Host is taken from the URL; remove it (to reach another host, change the URL)'],
  ...['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect'].map(
    (name): [string, string] => [name, 'is set by the HTTP client; remove it'],
  ),
]);

/** An RFC 9110 §5.6.2 token: what a header name may be made of. */
export const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Control characters other than tab (RFC 9110 §5.5): CR/LF would split the header into a second one.
const CONTROL_CHARS = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Why this typed header may not be sent, one reason per problem; empty when it may. */
export function typedHeaderProblems(name: string, value: string): string[] {
  const shown = name.slice(0, 40);
  const problems: string[] = [];
  if (!TOKEN_CHARS.test(name)) problems.push(`"${shown}" is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`);
  if (CONTROL_CHARS.test(value)) problems.push(`the value of ${shown} contains a line break or control character`);
  const reserved = RESERVED.get(name.toLowerCase());
  if (reserved) problems.push(reserved.startsWith('is ') ? `${shown} ${reserved}` : reserved);
  return problems;
}

/** Refuses, before anything is sent, the first typed header that breaks the rule. */
export function checkTypedHeaders(headers: ReadonlyArray<readonly [string, string]>): void {
  for (const [name, value] of headers) {
    const [problem] = typedHeaderProblems(name, value);
    if (problem) throw new TokendeckError('VALIDATION', `Invalid header: ${problem}.`);
  }
}

/** Header names are case-insensitive (RFC 9110 §5.1). */
export function hasHeader(headers: ReadonlyArray<readonly [string, string]>, name: string): boolean {
  const wanted = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === wanted);
}
