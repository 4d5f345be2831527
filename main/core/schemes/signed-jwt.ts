// Signed-JWT organizations (jwt-profile.ts): the `jwt` scheme is the token the profile describes,
// signed with the organization's active key and sent with the profile's word; `bearer` is what the
// profile exchanges it for: a GitHub App installation token, or an OAuth 2.0 access token through
// the JWT bearer grant (RFC 7523 §2.1) or a client credentials grant authenticated by the JWT
// (RFC 7523 §2.2, `private_key_jwt`).
import { createHash } from 'node:crypto';
import { TokendeckError } from '../errors.js';
import { postToTokenEndpoint } from '../http/token-endpoint.js';
import { jwtParts, PRESETS, presetKidProblem, type JwtExchange, type JwtProfile } from '../jwt-profile.js';
import { freshJti, signJwt } from '../jwt-sign.js';
import type { Client, Organization } from '../model/entities.js';
import { missingApiUrl } from '../providers/registry.js';
import { authorizationValue } from '../providers/schemes.js';
import { checkExpiry } from './expiry.js';
import { accessTokenCredential, DEFAULT_ASSUMED_LIFETIME_SECONDS } from './oauth2.js';
import { checkServerToken } from './server-token.js';
import type { Credential, SchemeInput, SchemeProducer } from './types.js';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The organization's profile; only a signed-JWT organization reaches these producers. */
export function profileOf(org: Organization): JwtProfile {
  if (!org.jwt) throw new TokendeckError('VALIDATION', `Organization "${org.name}" has no signed-JWT profile. Set one (tokendeck org update ${org.name} --preset …).`, { field: 'jwt' });
  return org.jwt;
}

/** Tokens of another profile or subject are other tokens: a change of profile makes new ones. */
function profileDigest(profile: JwtProfile, client: Client): string {
  return createHash('sha256').update(JSON.stringify([profile, client.jwt ?? {}, client.clientId])).digest('base64url').slice(0, 16);
}

interface Minted {
  token: string;
  iat: number;
  exp: number;
  kid: string | undefined;
}

/** Signs one token of the profile for the client, after checking the preset's rules once more. */
async function mint({ org, client, ttlSeconds, now, activeKey }: SchemeInput): Promise<Minted> {
  const profile = profileOf(org);
  const preset = PRESETS[profile.preset];
  const max = Math.min(profile.maxTtlSeconds, preset.maxTtlSeconds);
  if (ttlSeconds > max) {
    throw new TokendeckError('VALIDATION', `Invalid lifetime: ${ttlSeconds} s is over the ${max} s ${preset.label} allows. Ask for ${max} s or less.`, { field: 'ttlSeconds' });
  }
  const { kid, privateKey } = await activeKey();
  const kidProblem = profile.kid ? presetKidProblem(profile, kid) : undefined;
  if (kidProblem) throw new TokendeckError('BAD_KEY', `The active key's Key ID ${JSON.stringify(kid)} does not fit: ${kidProblem}. Set the Key ID the vendor shows.`);
  // Seconds (RFC 7519 NumericDate); back-dated by the profile against the server's clock.
  const iat = Math.floor(now() / 1000) - profile.iatBackdateSeconds;
  const exp = iat + ttlSeconds;
  const context = { clientId: client.clientId, tokenUrl: org.tokenUrl, subject: client.jwt?.subject };
  const { header, claims } = jwtParts(profile, context, { iat, exp }, kid, profile.jti ? freshJti() : undefined);
  return { token: signJwt(profile.alg, header, claims, privateKey), iat, exp, kid };
}

export const signedJwt: SchemeProducer = {
  // A token with a jti is meant to be used once (RFC 7523 §3): a fresh one every time.
  cached: ({ org }) => !profileOf(org).jti,
  cacheKey: ({ org, client, ttlSeconds }, kid) => `jwt|kid=${kid ?? ''}|ttl=${ttlSeconds}|profile=${profileDigest(profileOf(org), client)}`,
  async produce(input) {
    const { token, iat, exp, kid } = await mint(input);
    return {
      scheme: 'jwt',
      token,
      authorization: authorizationValue('jwt', token, profileOf(input.org).word),
      issuedAt: iat * 1000,
      expiresAt: exp * 1000,
      ...(kid ? { kid } : {}),
    };
  },
};

/** GitHub: POST /app/installations/{id}/access_tokens with the app JWT; `token` and an ISO `expires_at`. */
async function githubInstallationToken(input: SchemeInput, appJwt: string): Promise<Credential> {
  const { org, client, timeoutMs, now } = input;
  const transport = await input.transport();
  const installationId = client.jwt?.installationId;
  if (!installationId) {
    throw new TokendeckError('VALIDATION', `Client "${client.name}" has no installation ID: set it (the number in the installation's settings URL) to exchange the app JWT for an installation token.`, { field: 'jwt.installationId' });
  }
  // No fallback host: the app JWT goes only where the organization says (a vault from before the
  // API URL was required may lack it; the user names it once, and it is never guessed).
  const apiUrlProblem = missingApiUrl(org);
  if (apiUrlProblem || !org.apiBaseUrl) {
    throw new TokendeckError('VALIDATION', `"${org.name}" has no API URL: ${apiUrlProblem ?? 'give it'}. Set it with \`tokendeck org update ${org.name} --api-url https://api.github.com\` (or in the organization's form); nothing was sent.`, { field: 'apiBaseUrl' });
  }
  const apiBase = org.apiBaseUrl.replace(/\/+$/, '');
  const secrets = { values: [appJwt] };
  const requestedAt = now();
  const answer = await postToTokenEndpoint({
    url: `${apiBase}/app/installations/${installationId}/access_tokens`,
    client: { org: org.name, client: client.name },
    headers: { authorization: authorizationValue('bearer', appJwt), accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
    body: '',
    timeoutMs,
    secrets,
    transport,
    refusedHint: `Check the installation ID (${installationId}), the client ID, and that the key is the one GitHub shows for the app (tokendeck key public ${org.name}).`,
  });
  const { token, expires_at } = (answer ?? {}) as Record<string, unknown>;
  if (typeof token !== 'string' || token.length === 0) throw new TokendeckError('EXCHANGE_PROTOCOL', 'The GitHub answer lacks the installation token. Check the API URL points at the GitHub API (https://api.github.com).');
  checkServerToken(token, 'token');
  const expiresAt = typeof expires_at === 'string' && /^\d{4}-\d\d-\d\dT/.test(expires_at) ? Date.parse(expires_at) : Number.NaN;
  if (Number.isNaN(expiresAt)) throw new TokendeckError('EXCHANGE_PROTOCOL', 'The GitHub answer has no expires_at date (ISO 8601). Check the API URL points at the GitHub API.');
  return {
    scheme: 'bearer',
    token,
    authorization: authorizationValue('bearer', token),
    issuedAt: requestedAt,
    expiresAt: checkExpiry(expiresAt, requestedAt, 'expires_at', 'an ISO 8601 date'),
  };
}

/** RFC 7523 at the organization's token endpoint: the JWT as the grant, or as the client's authentication. */
async function assertionGrant(input: SchemeInput, assertion: string, exchange: Exclude<JwtExchange, 'none' | 'github-installation'>): Promise<Credential> {
  const { org, client, timeoutMs, now } = input;
  const transport = await input.transport();
  const scope = client.jwt?.scope;
  const form =
    exchange === 'jwt-bearer'
      ? new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion })
      : new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion });
  if (scope) form.set('scope', scope);
  const secrets = { values: [assertion] };
  const requestedAt = now();
  const answer = await postToTokenEndpoint({
    url: org.tokenUrl!,
    client: { org: org.name, client: client.name },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    timeoutMs,
    secrets,
    transport,
    refusedHint: `Check that the server knows the client ID and the signing key (tokendeck key public ${org.name} --jwk), and the token URL (the assertion's aud).`,
  });
  return accessTokenCredential(answer, { requestedAt, assumedSeconds: DEFAULT_ASSUMED_LIFETIME_SECONDS, askedScope: scope, secrets });
}

export const exchangedForJwt: SchemeProducer = {
  cached: true,
  cacheKey: ({ org, client }) => `bearer|${profileOf(org).exchange}|inst=${client.jwt?.installationId ?? ''}|scope=${client.jwt?.scope ?? ''}|profile=${profileDigest(profileOf(org), client)}`,
  async produce(input) {
    const { exchange, ttlSeconds } = profileOf(input.org);
    // producerFor refused this scheme for a profile that exchanges nothing (checkSchemeOffered).
    if (exchange === 'none') throw new TokendeckError('INTERNAL', 'A profile that exchanges nothing reached the exchange.');
    // The exchange's own JWT lives for the profile's lifetime at most, whatever was asked of the token.
    const { token } = await mint({ ...input, ttlSeconds });
    if (exchange === 'github-installation') return githubInstallationToken(input, token);
    return assertionGrant(input, token, exchange);
  },
};
