// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron, no zod here.
// Signed-JWT credential profiles: what a token of a "Signed JWT" organization looks like (algorithm,
// header, claims, lifetime) and the presets that hold it to each vendor's rules. One rule set serves
// the profile form, the store's schema, the mint and the inspector's verdicts.
//
// Sources of the preset rules:
// - Apple Music API, "Generating Developer Tokens": ES256, header {alg, kid} (10-character Key ID),
//   claims {iss: 10-character Team ID, iat, exp}, exp at most 15777000 s (6 months) after iat,
//   optional `origin` list for MusicKit on the web.
// - App Store Connect API, "Generating Tokens for API Requests": ES256, header {alg, kid, typ: JWT},
//   claims {iss: issuer id (UUID), iat, exp, aud: "appstoreconnect-v1", scope?}; individual keys
//   use {sub: "user"} and no iss; a token more than 20 minutes in the future is refused.
// - GitHub Apps, "Generating a JSON Web Token (JWT) for a GitHub App": RS256, {iat: 60 s in the
//   past, exp: at most 10 minutes ahead, iss: the app's client id (or app id)}; then
//   POST /app/installations/{id}/access_tokens for an installation token.
// - RFC 7523 §2.1 (JWT bearer grant) and §2.2 (client authentication, `private_key_jwt` of OpenID
//   Connect Core §9): iss, sub, aud (the token endpoint), exp required; jti to refuse replays.
import { TokendeckError } from './errors.js';

export const JWT_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** The algorithms Tokendeck makes keys for; RSA keys are made by the vendor (GitHub) or the user, and imported. */
export const GENERATED_ALGORITHMS = ['ES256', 'ES384', 'EdDSA'] as const satisfies readonly JwtAlgorithm[];
export const canGenerate = (alg: JwtAlgorithm): alg is (typeof GENERATED_ALGORITHMS)[number] => (GENERATED_ALGORITHMS as readonly JwtAlgorithm[]).includes(alg);

export const JWT_PRESETS = ['apple-music', 'app-store-connect', 'github-app', 'jwt-bearer', 'private-key-jwt', 'custom'] as const;
export type JwtPreset = (typeof JWT_PRESETS)[number];

/** What is done with the signed JWT: sent as is, or exchanged for another token. */
export const JWT_EXCHANGES = ['none', 'github-installation', 'jwt-bearer', 'private-key-jwt'] as const;
export type JwtExchange = (typeof JWT_EXCHANGES)[number];

/** Claims a profile sets through its own fields; fixed extra claims may not redefine them. */
export const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'jti', 'scope'] as const;

export interface JwtProfile {
  preset: JwtPreset;
  alg: JwtAlgorithm;
  /** The header's `typ`, e.g. "JWT"; absent: no typ. */
  typ?: string | undefined;
  /** Whether the header names the signing key's Key ID (`kid`). */
  kid: boolean;
  /** Claim templates: `{client_id}` and `{token_url}` are replaced by the client's and organization's. */
  iss?: string | undefined;
  sub?: string | undefined;
  aud?: string | undefined;
  nbf: boolean;
  /** A fresh random `jti` in every token (RFC 7523 §3: lets the server refuse a replay). */
  jti: boolean;
  /**
   * The `scope` claim: App Store Connect takes a list of "GET /v1/apps"-style grants; elsewhere it
   * is one space-separated string (RFC 8693 §4.2, as Google's service-account assertions take it).
   */
  scope?: string[] | undefined;
  /** Fixed extra claims, e.g. Apple Music's `origin` list. */
  claims?: Record<string, unknown> | undefined;
  ttlSeconds: number;
  maxTtlSeconds: number;
  /** How far `iat` is set before now (GitHub asks 60 s, against clock drift). */
  iatBackdateSeconds: number;
  /** The word before the token in the Authorization header. */
  word: string;
  exchange: JwtExchange;
}

interface PresetDefinition {
  label: string;
  /** One line under the preset's name in the form. */
  summary: string;
  /** The API the tokens are for, the console's base URL. */
  apiBaseUrl?: string;
  /** What the client id is called for this preset (the form's label). */
  clientIdLabel: string;
  /** Why a client id cannot be this preset's, or undefined. */
  clientIdProblem?: (clientId: string) => string | undefined;
  /** The hard limit on exp − iat. */
  maxTtlSeconds: number;
  defaults: JwtProfile;
  /** The preset's own rules beyond the general ones; each names the field it is about. */
  rules: (profile: JwtProfile) => ProfileProblem[];
}

export interface ProfileProblem {
  field: string;
  message: string;
}

const TEN_CHARACTERS = /^[A-Z0-9]{10}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function must(condition: boolean, field: string, message: string): ProfileProblem[] {
  return condition ? [] : [{ field, message }];
}

const base = { nbf: false, jti: false, iatBackdateSeconds: 0, word: 'Bearer', exchange: 'none' } as const;

export const PRESETS: Record<JwtPreset, PresetDefinition> = {
  'apple-music': {
    label: 'Apple Music API',
    summary: 'Developer token: ES256 with a 10-character Key ID, iss = your Team ID, at most 6 months.',
    apiBaseUrl: 'https://api.music.apple.com',
    clientIdLabel: 'Team ID',
    clientIdProblem: (id) => (TEN_CHARACTERS.test(id) ? undefined : 'an Apple Team ID is 10 capital letters and digits (Membership details in your Apple Developer account)'),
    maxTtlSeconds: 15_777_000,
    defaults: { ...base, preset: 'apple-music', alg: 'ES256', kid: true, iss: '{client_id}', ttlSeconds: 86_400, maxTtlSeconds: 15_777_000, iatBackdateSeconds: 5 },
    rules: (p) => [
      ...must(p.alg === 'ES256', 'alg', 'Apple Music developer tokens are signed with ES256'),
      ...must(p.kid, 'kid', 'Apple Music needs the Key ID in the header'),
      ...must(p.iss === '{client_id}', 'iss', 'iss must be the Team ID: leave it as {client_id}'),
      ...must(p.exchange === 'none', 'exchange', 'an Apple Music developer token is sent as it is'),
      ...originProblems(p.claims?.origin),
    ],
  },
  'app-store-connect': {
    label: 'App Store Connect API',
    summary: 'ES256 with Key ID, typ JWT, aud appstoreconnect-v1, iss = issuer ID (team keys) or sub "user" (individual keys), at most 20 minutes.',
    apiBaseUrl: 'https://api.appstoreconnect.apple.com',
    clientIdLabel: 'Issuer ID',
    maxTtlSeconds: 1_200,
    defaults: { ...base, preset: 'app-store-connect', alg: 'ES256', typ: 'JWT', kid: true, iss: '{client_id}', aud: 'appstoreconnect-v1', ttlSeconds: 1_200, maxTtlSeconds: 1_200, iatBackdateSeconds: 60 },
    rules: (p) => [
      ...must(p.alg === 'ES256', 'alg', 'App Store Connect tokens are signed with ES256'),
      ...must(p.kid, 'kid', 'App Store Connect needs the Key ID in the header'),
      ...must(p.typ === 'JWT', 'typ', 'App Store Connect needs typ "JWT" in the header'),
      ...must(p.aud === 'appstoreconnect-v1', 'aud', 'aud must be "appstoreconnect-v1"'),
      ...must(
        (p.iss === '{client_id}' && p.sub === undefined) || (p.iss === undefined && p.sub === 'user'),
        'iss',
        'a team key sets iss to the issuer ID ({client_id}) and no sub; an individual key sets sub "user" and no iss',
      ),
      ...must(p.exchange === 'none', 'exchange', 'an App Store Connect token is sent as it is'),
    ],
  },
  'github-app': {
    label: 'GitHub App',
    summary: 'RS256 app JWT (iss = client ID, iat 60 s back, at most 10 minutes), exchanged for an installation token.',
    apiBaseUrl: 'https://api.github.com',
    clientIdLabel: 'Client ID (or App ID)',
    maxTtlSeconds: 600,
    defaults: { ...base, preset: 'github-app', alg: 'RS256', kid: false, iss: '{client_id}', ttlSeconds: 600, maxTtlSeconds: 600, iatBackdateSeconds: 60, exchange: 'github-installation' },
    rules: (p) => [
      ...must(p.alg === 'RS256', 'alg', 'GitHub App JWTs are signed with RS256'),
      ...must(p.iss === '{client_id}', 'iss', 'iss must be the app\'s client ID: leave it as {client_id}'),
      ...must(p.iatBackdateSeconds >= 1 && p.iatBackdateSeconds <= 60, 'iatBackdateSeconds', 'GitHub asks iat to be set up to 60 s in the past, against clock drift'),
      ...must(p.exchange === 'github-installation' || p.exchange === 'none', 'exchange', 'a GitHub App JWT is used as it is or exchanged for an installation token'),
    ],
  },
  'jwt-bearer': {
    label: 'OAuth 2.0 JWT bearer grant (RFC 7523 §2.1)',
    summary: 'A signed assertion (iss, sub, aud = token endpoint, jti) exchanged for an access token, e.g. service accounts.',
    clientIdLabel: 'Issuer (client or service account ID)',
    maxTtlSeconds: 3_600,
    defaults: { ...base, preset: 'jwt-bearer', alg: 'RS256', kid: true, iss: '{client_id}', sub: '{client_id}', aud: '{token_url}', jti: true, ttlSeconds: 300, maxTtlSeconds: 3_600, exchange: 'jwt-bearer' },
    rules: (p) => [
      ...must(p.iss !== undefined, 'iss', 'RFC 7523 §3 requires iss'),
      ...must(p.sub !== undefined, 'sub', 'RFC 7523 §3 requires sub'),
      ...must(p.aud !== undefined, 'aud', 'RFC 7523 §3 requires aud (the token endpoint: {token_url})'),
      ...must(p.exchange === 'jwt-bearer', 'exchange', 'this preset exchanges the assertion with the JWT bearer grant'),
    ],
  },
  'private-key-jwt': {
    label: 'OAuth 2.0 private_key_jwt (RFC 7523 §2.2)',
    summary: 'Client credentials grant, authenticated by a signed assertion: iss = sub = client ID, aud = token endpoint, fresh jti, short exp.',
    clientIdLabel: 'Client ID',
    maxTtlSeconds: 300,
    defaults: { ...base, preset: 'private-key-jwt', alg: 'RS256', kid: true, iss: '{client_id}', sub: '{client_id}', aud: '{token_url}', jti: true, ttlSeconds: 60, maxTtlSeconds: 300, exchange: 'private-key-jwt' },
    rules: (p) => [
      ...must(p.iss === '{client_id}' && p.sub === '{client_id}', 'iss', 'iss and sub must both be the client ID ({client_id})'),
      ...must(p.aud !== undefined, 'aud', 'aud must name the token endpoint ({token_url})'),
      ...must(p.jti, 'jti', 'a client assertion needs a fresh jti, so a replay is refused'),
      ...must(p.exchange === 'private-key-jwt', 'exchange', 'this preset authenticates a client credentials grant'),
    ],
  },
  custom: {
    label: 'Custom signed JWT',
    summary: 'Any algorithm, header and claims you define.',
    clientIdLabel: 'Client ID ({client_id} in claims)',
    maxTtlSeconds: 366 * 86_400,
    defaults: { ...base, preset: 'custom', alg: 'ES256', typ: 'JWT', kid: true, iss: '{client_id}', ttlSeconds: 3_600, maxTtlSeconds: 86_400 },
    rules: () => [],
  },
};

function originProblems(origin: unknown): ProfileProblem[] {
  if (origin === undefined) return [];
  const ok = Array.isArray(origin) && origin.length > 0 && origin.every((o) => typeof o === 'string' && /^https?:\/\/[^/\s]+$/.test(o));
  return must(ok, 'claims', 'origin must be a list of web origins like ["https://example.com"]');
}

const MAX_EXTRA_CLAIMS_CHARS = 4_096;
const HEADER_WORD = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
const TEMPLATE_TEXT = /^[\x20-\x7e]{1,500}$/;

/** Everything wrong with a profile, general rules first, then its preset's. */
export function profileProblems(profile: JwtProfile): ProfileProblem[] {
  const preset = PRESETS[profile.preset];
  const problems: ProfileProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!(JWT_ALGORITHMS as readonly string[]).includes(profile.alg)) {
    const why = /^none$/i.test(profile.alg)
      ? 'an unsigned token ("none") proves nothing'
      : /^HS/i.test(profile.alg)
        ? 'HMAC algorithms need a shared secret, and a key whose public half is published would let anyone sign'
        : 'it is not one Tokendeck signs with';
    add('alg', `alg ${JSON.stringify(profile.alg)} is refused: ${why}. Use ${JWT_ALGORITHMS.join(', ')}`);
  }
  if (profile.typ !== undefined && !/^[\x21-\x7e]{1,40}$/.test(profile.typ)) add('typ', 'typ must be 1-40 printable characters without spaces');
  for (const field of ['iss', 'sub', 'aud'] as const) {
    const value = profile[field];
    if (value !== undefined && !TEMPLATE_TEXT.test(value)) add(field, `${field} must be 1-500 printable ASCII characters`);
  }
  if (profile.scope !== undefined && (profile.scope.length === 0 || profile.scope.length > 50 || profile.scope.some((s) => !TEMPLATE_TEXT.test(s)))) {
    add('scope', 'scope must be 1-50 entries of printable ASCII');
  }
  if (!Number.isInteger(profile.maxTtlSeconds) || profile.maxTtlSeconds < 10 || profile.maxTtlSeconds > preset.maxTtlSeconds) {
    add('maxTtlSeconds', `the maximum lifetime must be 10 … ${preset.maxTtlSeconds} s for ${preset.label}`);
  }
  if (!Number.isInteger(profile.ttlSeconds) || profile.ttlSeconds < 10 || profile.ttlSeconds > Math.min(profile.maxTtlSeconds, preset.maxTtlSeconds)) {
    add('ttlSeconds', `the lifetime must be 10 … ${Math.min(profile.maxTtlSeconds, preset.maxTtlSeconds)} s (${preset.label} allows at most ${preset.maxTtlSeconds} s)`);
  }
  if (!Number.isInteger(profile.iatBackdateSeconds) || profile.iatBackdateSeconds < 0 || profile.iatBackdateSeconds > 300) {
    add('iatBackdateSeconds', 'iat may be back-dated by 0 … 300 s');
  } else if (profile.iatBackdateSeconds >= profile.ttlSeconds) {
    add('iatBackdateSeconds', 'back-dating iat by the whole lifetime would make a token that is already expired');
  }
  if (!HEADER_WORD.test(profile.word)) add('word', 'the Authorization word is one word, like Bearer');
  if (profile.claims !== undefined) {
    const reserved = Object.keys(profile.claims).filter((name) => (REGISTERED_CLAIMS as readonly string[]).includes(name));
    if (reserved.length) add('claims', `extra claims may not set ${reserved.join(', ')}: use the profile's own fields`);
    if (JSON.stringify(profile.claims).length > MAX_EXTRA_CLAIMS_CHARS) add('claims', `extra claims must fit in ${MAX_EXTRA_CLAIMS_CHARS} characters of JSON`);
  }
  if (profile.exchange === 'private-key-jwt' && !profile.jti) add('jti', 'a client assertion needs a fresh jti');
  return [...problems, ...preset.rules(profile)];
}

/** A profile as its preset starts it. */
export function presetProfile(preset: JwtPreset): JwtProfile {
  return structuredClone(PRESETS[preset].defaults);
}

/** Whether the exchange posts to the organization's token URL (GitHub's is under its API URL). */
export const exchangeNeedsTokenUrl = (exchange: JwtExchange | undefined) => exchange === 'jwt-bearer' || exchange === 'private-key-jwt';

/** Why a client id does not fit the preset (Apple's Team ID, App Store Connect's issuer UUID), or undefined. */
export function presetClientIdProblem(profile: Pick<JwtProfile, 'preset' | 'iss'>, clientId: string): string | undefined {
  if (profile.preset === 'app-store-connect') {
    return profile.iss === undefined || UUID.test(clientId) ? undefined : 'an App Store Connect issuer ID is a UUID (Users and Access › Integrations)';
  }
  return PRESETS[profile.preset].clientIdProblem?.(clientId);
}

/** Whether an organization's tokens name their key by Key ID: DevTokens do, a profile may not (GitHub Apps). */
export const usesKid = (org: { jwt?: Pick<JwtProfile, 'kid'> | undefined }): boolean => org.jwt?.kid ?? true;

/** Apple's two APIs: their keys come as a .p8 file once, with a 10-character Key ID. */
export const isApplePreset = (preset: JwtPreset) => preset === 'apple-music' || preset === 'app-store-connect';

/** The Key ID rule of the preset (Apple's are 10 characters), or undefined. */
export function presetKidProblem(profile: Pick<JwtProfile, 'preset'>, kid: string | undefined): string | undefined {
  if (isApplePreset(profile.preset) && (kid === undefined || !TEN_CHARACTERS.test(kid))) {
    return `${PRESETS[profile.preset].label} Key IDs are 10 capital letters and digits, as the Keys page shows them`;
  }
  return undefined;
}

export interface ClaimContext {
  clientId: string;
  tokenUrl?: string | undefined;
  /** The client's own subject, in place of the profile's (a user a service account acts for). */
  subject?: string | undefined;
}

/** A claim template with its placeholders filled; `missing` answers a `{token_url}` the organization lacks. */
function fill(template: string, clientId: string, tokenUrl: string | undefined, missing: () => string): string {
  return template.replace(/\{(client_id|token_url)\}/g, (_, name: string) => (name === 'client_id' ? clientId : (tokenUrl ?? missing())));
}

/** A claim of a token being made: a `{token_url}` without a token URL cannot be. */
function expand(template: string, context: ClaimContext): string {
  return fill(template, context.clientId, context.tokenUrl, () => {
    throw new TokendeckError('VALIDATION', 'The profile uses {token_url}, but the organization has no token URL. Set it (the endpoint the token is exchanged at).', { field: 'tokenUrl' });
  });
}

/**
 * The header and claims of a token, in a fixed order (MusicAPI's DevToken is one such profile and
 * keeps its bytes): header {typ?, alg, kid?}; claims {sub?, iss?, aud?, iat, nbf?, exp, jti?, scope?, …extra}.
 */
export function jwtParts(
  profile: JwtProfile,
  context: ClaimContext,
  times: { iat: number; exp: number },
  kid: string | undefined,
  jti: string | undefined,
): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const header = { ...(profile.typ ? { typ: profile.typ } : {}), alg: profile.alg, ...(profile.kid && kid ? { kid } : {}) };
  const sub = context.subject ?? (profile.sub === undefined ? undefined : expand(profile.sub, context));
  const claims = {
    ...(sub !== undefined ? { sub } : {}),
    ...(profile.iss !== undefined ? { iss: expand(profile.iss, context) } : {}),
    ...(profile.aud !== undefined ? { aud: expand(profile.aud, context) } : {}),
    iat: times.iat,
    ...(profile.nbf ? { nbf: times.iat } : {}),
    exp: times.exp,
    ...(profile.jti && jti ? { jti } : {}),
    ...(profile.scope ? { scope: scopeClaim(profile) } : {}),
    ...profile.claims,
  };
  return { header, claims };
}

/** The `scope` claim as the preset's servers read it (see JwtProfile.scope). */
function scopeClaim(profile: JwtProfile): string[] | string | undefined {
  if (!profile.scope) return undefined;
  return profile.preset === 'app-store-connect' ? profile.scope : profile.scope.join(' ');
}

export interface ProfileVerdict {
  code: 'ALG' | 'KID' | 'TYP' | 'ISS' | 'SUB' | 'AUD' | 'LIFETIME' | 'JTI' | 'NBF' | 'SCOPE' | 'CLAIM';
  message: string;
}

/**
 * How a token measures up to a profile (the inspector's verdict): each difference between what
 * the profile makes and what the token holds, and each preset bound it breaks.
 */
export function judgeAgainstProfile(profile: JwtProfile, header: Record<string, unknown>, claims: Record<string, unknown>, clientIds: readonly string[], tokenUrl?: string): ProfileVerdict[] {
  const verdicts: ProfileVerdict[] = [];
  const say = (code: ProfileVerdict['code'], message: string) => verdicts.push({ code, message });
  const preset = PRESETS[profile.preset];
  if (header.alg !== profile.alg) say('ALG', `alg is ${JSON.stringify(header.alg)}: ${preset.label} tokens are ${profile.alg}.`);
  if (profile.kid && (typeof header.kid !== 'string' || header.kid.length === 0)) say('KID', `The header has no kid: ${preset.label} needs the Key ID.`);
  else if (profile.kid && typeof header.kid === 'string') {
    const problem = presetKidProblem(profile, header.kid);
    if (problem) say('KID', `kid ${JSON.stringify(header.kid)}: ${problem}.`);
  }
  if (profile.typ !== undefined && header.typ !== profile.typ) say('TYP', `typ is ${JSON.stringify(header.typ)}, not ${JSON.stringify(profile.typ)}.`);
  const expected = (template: string | undefined, clientId: string) => (template === undefined ? undefined : fill(template, clientId, tokenUrl, () => '{token_url}'));
  const fits = (template: string | undefined, value: unknown) => clientIds.length === 0 ? template === undefined || value !== undefined : clientIds.some((id) => expected(template, id) === value || (Array.isArray(value) && value.includes(expected(template, id))));
  if (profile.iss === undefined ? claims.iss !== undefined : !fits(profile.iss, claims.iss)) {
    say('ISS', profile.iss === undefined ? `iss is set (${JSON.stringify(claims.iss)}), but ${preset.label} with this profile sends none.` : `iss ${JSON.stringify(claims.iss)} is not ${profile.iss === '{client_id}' ? `a ${preset.clientIdLabel} of this organization (${clientIds.join(', ') || 'none'})` : JSON.stringify(profile.iss)}.`);
  }
  if (profile.sub !== undefined && claims.sub === undefined) say('SUB', `sub is missing: the profile sets ${JSON.stringify(profile.sub)}.`);
  if (profile.sub === 'user' && claims.sub !== undefined && claims.sub !== 'user') say('SUB', `sub is ${JSON.stringify(claims.sub)}: an individual App Store Connect key sends "user".`);
  if (profile.aud !== undefined && !fits(profile.aud, claims.aud)) say('AUD', `aud is ${JSON.stringify(claims.aud)}, not ${JSON.stringify(expected(profile.aud, clientIds[0] ?? '{client_id}'))}.`);
  const iat = claims.iat;
  const exp = claims.exp;
  if (typeof exp !== 'number') say('LIFETIME', 'exp is missing: every profile sets it.');
  else if (typeof iat === 'number') {
    const max = Math.min(profile.maxTtlSeconds, preset.maxTtlSeconds);
    if (exp - iat > max) say('LIFETIME', `Its lifetime is ${exp - iat} s, over the ${max} s ${preset.label} allows.`);
  } else say('LIFETIME', 'iat is missing: the lifetime cannot be checked.');
  if (profile.jti && (typeof claims.jti !== 'string' || claims.jti.length === 0)) say('JTI', 'jti is missing: the server cannot refuse a replay.');
  if (profile.nbf && typeof claims.nbf !== 'number') say('NBF', 'nbf is missing.');
  if (profile.scope !== undefined && JSON.stringify(claims.scope) !== JSON.stringify(scopeClaim(profile))) {
    say('SCOPE', `scope is ${JSON.stringify(claims.scope) ?? 'missing'}, not ${JSON.stringify(scopeClaim(profile))}.`);
  }
  for (const [name, value] of Object.entries(profile.claims ?? {})) {
    if (JSON.stringify(claims[name]) !== JSON.stringify(value)) say('CLAIM', `${name} is ${JSON.stringify(claims[name]) ?? 'missing'}, not ${JSON.stringify(value)}.`);
  }
  if (profile.preset === 'apple-music' && claims.origin !== undefined) {
    const [problem] = originProblems(claims.origin);
    if (problem) say('CLAIM', `${problem.message}.`);
  }
  return verdicts;
}
