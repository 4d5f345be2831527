// The signed-JWT options of `org add` / `org update` (the profile) and of `client add` /
// `client update` (installation ID, subject). What a value may be is the profile's rules
// (jwt-profile.ts): here the options only become a profile.
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import type { JwtClientSettings, JwtProfile } from '../core/model/entities.js';
import { JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS, presetProfile, type JwtPreset } from '../core/jwt-profile.js';
import { listOption, onOffOption, setOrRemove, stringOption, type Options, type Parsed } from './command.js';

/** The signed-JWT profile's options; their values are named in jwt-profile.ts's terms. */
export const profileOptions = {
  preset: { type: 'string', value: 'PRESET', description: `signed JWTs: start from a vendor's profile (${JWT_PRESETS.join(', ')})` },
  alg: { type: 'string', value: 'ALG', description: `signed JWTs: the signing algorithm (${JWT_ALGORITHMS.join(', ')})` },
  typ: { type: 'string', value: 'TYP', description: 'signed JWTs: the header\'s typ' },
  'kid-header': { type: 'string', value: 'on|off', description: 'signed JWTs: put the Key ID in the header' },
  iss: { type: 'string', value: 'TEMPLATE', description: 'signed JWTs: the iss claim (e.g. {team} or {client_id})' },
  sub: { type: 'string', value: 'TEMPLATE', description: 'signed JWTs: the sub claim; \'\' removes it' },
  aud: { type: 'string', value: 'TEMPLATE', description: 'signed JWTs: the aud claim (e.g. {token_url})' },
  nbf: { type: 'string', value: 'on|off', description: 'signed JWTs: add a not-before claim' },
  jti: { type: 'string', value: 'on|off', description: 'signed JWTs: add a unique jti claim' },
  'scope-claim': { type: 'string', multiple: true, value: 'SCOPE', description: 'signed JWTs: a value of the scope claim' },
  claims: { type: 'string', value: 'JSON', description: 'signed JWTs: more claims, a JSON object' },
  ttl: { type: 'string', value: 'DURATION', description: 'signed JWTs: the default lifetime (e.g. 1h)' },
  'max-ttl': { type: 'string', value: 'DURATION', description: 'signed JWTs: the longest lifetime the vendor accepts' },
  'iat-backdate': { type: 'string', value: 'DURATION', description: 'signed JWTs: date iat back this much, for clock skew' },
  word: { type: 'string', value: 'WORD', description: 'signed JWTs: the Authorization header\'s word (Bearer by default)' },
  exchange: { type: 'string', value: 'EXCHANGE', description: `signed JWTs: what the JWT is traded for (${JWT_EXCHANGES.join(', ')})` },
} satisfies Options;

function parseClaims(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TokendeckError('USAGE', '--claims is not JSON: give an object like \'{"origin":["https://example.com"]}\'.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TokendeckError('USAGE', '--claims must be a JSON object of claim names and values.');
  return value as Record<string, unknown>;
}

/**
 * The profile the options ask for: the preset's defaults (or the current profile, when the preset
 * stays) with each option laid over them. An empty value removes an optional field (--sub '').
 * Undefined when no profile option is given.
 */
export function profileFromArgs(args: Parsed, current: JwtProfile | undefined): JwtProfile | undefined {
  const given = Object.keys(profileOptions).some((name) => args.values[name] !== undefined && !(Array.isArray(args.values[name]) && (args.values[name] as unknown[]).length === 0));
  if (!given) return undefined;
  const preset = stringOption(args, 'preset');
  if (preset !== undefined && !(JWT_PRESETS as readonly string[]).includes(preset)) {
    throw new TokendeckError('USAGE', `--preset must be one of ${JWT_PRESETS.join(', ')}, not "${preset}".`);
  }
  const base = preset !== undefined && preset !== current?.preset ? presetProfile(preset as JwtPreset) : current;
  if (!base) throw new TokendeckError('USAGE', `Choose a preset first: --preset ${JWT_PRESETS.join('|')}.`);
  const next: Record<string, unknown> = { ...base };
  const set = (key: keyof JwtProfile, value: unknown) => setOrRemove(next, key, value);
  const duration = (name: string) => {
    const value = stringOption(args, name);
    return value === undefined ? undefined : parseDuration(value, `--${name}`);
  };
  set('alg', stringOption(args, 'alg'));
  set('typ', stringOption(args, 'typ'));
  set('kid', onOffOption(args, 'kid-header'));
  set('iss', stringOption(args, 'iss'));
  set('sub', stringOption(args, 'sub'));
  set('aud', stringOption(args, 'aud'));
  set('nbf', onOffOption(args, 'nbf'));
  set('jti', onOffOption(args, 'jti'));
  const scope = listOption(args, 'scope-claim');
  if (scope.length) set('scope', scope.length === 1 && scope[0] === '' ? '' : scope);
  const claims = stringOption(args, 'claims');
  set('claims', claims === undefined || claims === '' ? claims : parseClaims(claims));
  set('ttlSeconds', duration('ttl'));
  set('maxTtlSeconds', duration('max-ttl'));
  set('iatBackdateSeconds', duration('iat-backdate'));
  set('word', stringOption(args, 'word'));
  set('exchange', stringOption(args, 'exchange'));
  return next as unknown as JwtProfile;
}

export const jwtClientOptions = {
  'installation-id': { type: 'string', value: 'N', description: 'GitHub Apps: the installation whose token to get' },
  subject: { type: 'string', value: 'SUBJECT', description: 'signed JWTs: this client\'s sub claim' },
} satisfies Options;

/**
 * A signed-JWT client's settings from its options, over the current ones; `--scope` (shared with
 * OAuth 2.0 clients) is the RFC 7523 request's scope here. Undefined when none is given.
 */
export function jwtClientSettings(args: Parsed, current: JwtClientSettings | undefined, signedJwt: boolean): JwtClientSettings | undefined {
  const installationId = stringOption(args, 'installation-id');
  const subject = stringOption(args, 'subject');
  const scope = signedJwt ? stringOption(args, 'scope') : undefined;
  if (installationId === undefined && subject === undefined && scope === undefined) return undefined;
  const next: Record<string, unknown> = { ...current };
  setOrRemove(next, 'installationId', installationId);
  setOrRemove(next, 'subject', subject);
  setOrRemove(next, 'scope', scope);
  return next as JwtClientSettings;
}
