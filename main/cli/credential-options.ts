// The options `token`, `request` and `exec` share, and the token request they make: which
// client (`<org>/<client>`, or `<org> --env ENV`: client-path.ts), scheme, integration user (sub)
// and lifetime.
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { checkPlainText } from '../core/model/primitives.js';
import type { TokenRequest } from '../core/model/inputs.js';
import { SCHEMES, type Scheme } from '../core/providers/schemes.js';
import { clientPath, envOption, type ClientPathContext } from './client-path.js';
import { stringOption, type Options, type Parsed } from './command.js';
import type { CliIo } from './io.js';

export const credentialOptions = {
  ...envOption,
  scheme: { type: 'string', value: 'SCHEME', description: `which credential (${SCHEMES.join(', ')}); the client's default when not given` },
  sub: { type: 'string', value: 'USER', description: 'the integration user (its label or UUID) the token is for' },
  ttl: { type: 'string', value: 'DURATION', description: 'the lifetime (e.g. 30m): DevTokens and signed JWTs' },
} satisfies Options;

/**
 * `--scheme` (or `--default-scheme`: `option`) as a scheme, in any case (`DevToken`, as the deck
 * and the Authorization header write it); a name close to one is answered with it.
 */
export function schemeOption(args: Parsed, option = 'scheme'): Scheme | undefined {
  const value = stringOption(args, option);
  if (value === undefined) return undefined;
  const scheme = SCHEMES.find((known) => known === value.trim().toLowerCase());
  if (!scheme) throw new TokendeckError('USAGE', `--${option} must be one of ${SCHEMES.join(', ')}, not "${value.slice(0, 40)}".${didYouMean(value, SCHEMES)}`);
  return scheme;
}

/** The request for the client the first argument names (with --env or TOKENDECK_ENV) and the credential options given. */
export function tokenRequest(args: Parsed, context: ClientPathContext): TokenRequest {
  const path = clientPath(args, context);
  const ttl = stringOption(args, 'ttl');
  const sub = stringOption(args, 'sub');
  // Refused here, before the lookup whose "not an integration user" message would quote it.
  if (sub !== undefined) checkPlainText(sub, '--sub');
  return {
    org: path.org,
    client: path.client,
    scheme: schemeOption(args),
    sub,
    ttlSeconds: ttl === undefined ? undefined : parseDuration(ttl),
  };
}

/**
 * When the scheme was the client's default, not named: stderr says which, so a person learns
 * there is a choice (`--scheme`) and a script's stdout is untouched.
 */
export function sayDefaultScheme(io: CliIo, args: Parsed, scheme: Scheme): void {
  if (stringOption(args, 'scheme') === undefined) io.stderr.write(`Using the ${scheme} scheme (the client's default); --scheme to choose another.\n`);
}
