// The signed-JWT options of `org add` / `org update` (the profile) and of `client add` /
// `client update` (installation ID, subject). What a value may be is the profile's rules
// (jwt-profile.ts): here the options only become a profile.
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import type { JwtClientSettings, JwtProfile } from '../core/model/entities.js';
import { JWT_PRESETS, presetProfile, type JwtPreset } from '../core/jwt-profile.js';
import { listOption, onOffOption, setOrRemove, stringOption, type Options, type Parsed } from './command.js';

export const PROFILE_USAGE =
  '[--preset apple-music|app-store-connect|github-app|jwt-bearer|private-key-jwt|custom] [--alg ES256|ES384|RS256|PS256|EdDSA] [--typ T] [--kid-header on|off] [--iss T] [--sub T] [--aud T] [--nbf on|off] [--jti on|off] [--scope-claim S]... [--claims JSON] [--ttl D] [--max-ttl D] [--iat-backdate D] [--word W] [--exchange none|github-installation|jwt-bearer|private-key-jwt]';

export const profileOptions = {
  preset: { type: 'string' },
  alg: { type: 'string' },
  typ: { type: 'string' },
  'kid-header': { type: 'string' },
  iss: { type: 'string' },
  sub: { type: 'string' },
  aud: { type: 'string' },
  nbf: { type: 'string' },
  jti: { type: 'string' },
  'scope-claim': { type: 'string', multiple: true },
  claims: { type: 'string' },
  ttl: { type: 'string' },
  'max-ttl': { type: 'string' },
  'iat-backdate': { type: 'string' },
  word: { type: 'string' },
  exchange: { type: 'string' },
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

export const JWT_CLIENT_USAGE = '[--installation-id N] [--subject S]';

export const jwtClientOptions = {
  'installation-id': { type: 'string' },
  subject: { type: 'string' },
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
