// What a token from a server may be before Tokendeck caches, prints or hands it on: visible
// ASCII (`!` to `~`), at most 16 KB. It ends up in an HTTP header and on a command line
// (`curl --header "Authorization: Bearer $(tokendeck token …)"`): a line break there injects a
// header, an escape sequence rewrites the terminal, a space splits the argument. No stricter:
// Musimap's own tokens carry `=` mid-token (padded base64, a dot, then more), which RFC 6750's
// token68 would refuse.
import { TokendeckError } from '../errors.js';

export const MAX_SERVER_TOKEN_CHARS = 16 * 1024;

function describe(code: number): string {
  if (code === 0x20) return 'a space';
  if (code < 0x20 || code === 0x7f) return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return 'a character beyond ASCII';
}

/** The token, if usable; otherwise EXCHANGE_PROTOCOL saying why, never quoting it. */
export function checkServerToken(token: string, field: string): string {
  if (token.length > MAX_SERVER_TOKEN_CHARS) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} is ${token.length} characters long, over the ${MAX_SERVER_TOKEN_CHARS / 1024} KB a token may have. Nothing was cached; check the token URL points at the token endpoint.`);
  }
  const bad = token.search(/[^\x21-\x7e]/);
  if (bad !== -1) {
    throw new TokendeckError(
      'EXCHANGE_PROTOCOL',
      `The token endpoint's ${field} holds ${describe(token.charCodeAt(bad))} at character ${bad + 1}; a token is visible ASCII only, as it goes into HTTP headers and shell commands. Nothing was cached; check the token URL points at the token endpoint.`,
    );
  }
  return token;
}
