// The JWT inspector: decodes any JWT, shows its times as dates and relative, verifies its
// signature against an organization's stored public keys by `kid`, and warns about the classic
// mistakes of MusicAPI DevTokens (milliseconds for seconds, exp before iat, the wrong lifetime or
// algorithm, an iss or sub the organization does not know), and of a signed-JWT organization's
// profile (its preset's bounds: lifetime, aud, kid, typ…). Never needs a secret.
import { createPublicKey } from 'node:crypto';
import { formatDuration } from './duration.js';
import { NotFoundError, TokendeckError } from './errors.js';
import { isoTimeIfDate, LATEST_DATE_MS } from './iso-time.js';
import { DEVTOKEN_DEFAULT_TTL_SECONDS } from './providers/musicapi.js';
import { providerSpec } from './providers/registry.js';
import { inEnvironment } from './model/environments.js';
import { sameName } from './model/primitives.js';
import { keyLabel, type Client, type Organization, type SigningKey } from './model/entities.js';
import { JWT_ALGORITHMS, judgeAgainstProfile, usesKid, type JwtAlgorithm, type ProfileVerdict } from './jwt-profile.js';
import { verifySignature } from './jwt-sign.js';
import type { OrganizationTree } from './vault.js';

export interface OrganizationContext {
  org: Organization;
  clients: Client[];
  keys: SigningKey[];
}

export interface TimeClaim {
  claim: 'iat' | 'nbf' | 'exp';
  value: number;
  /** ISO date, read as seconds (what the JWT spec says); null when it cannot be a date. */
  date: string | null;
  /** "expires in 13 d 23 h", "issued 2 h ago". */
  relative: string;
}

export type SignatureCheck =
  | { status: 'valid'; kid: string; keyStatus: SigningKey['status'] }
  | { status: 'invalid'; kid: string }
  | { status: 'unknown-kid'; kid: string | null }
  | { status: 'not-checked'; reason: string };

export interface Warning {
  code: 'MILLISECONDS' | 'EXP_BEFORE_IAT' | 'EXPIRED' | 'NOT_YET_VALID' | 'RETIRED_KEY' | ProfileVerdict['code'];
  message: string;
}

export interface JwtInspection {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  times: TimeClaim[];
  /** exp − iat in seconds, when both are numbers. */
  lifetimeSeconds: number | null;
  /** The organization it was checked against, if any. */
  org: string | null;
  signature: SignatureCheck;
  warnings: Warning[];
}

const MAX_JWT_CHARS = 64 * 1024;
const B64URL = /^[A-Za-z0-9_-]*$/;
/**
 * Far deeper than any real header or claim set. JSON.parse takes thousands of levels, but printing
 * the result (JSON.stringify) and sending it to the window (structured clone) recurse and overflow
 * the stack a few thousand levels down.
 */
export const MAX_JSON_DEPTH = 64;

/** Walks without recursion, so that the check itself cannot overflow. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function decodePart(part: string, name: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokendeckError('VALIDATION', `Not a JWT: its ${name} (part ${name === 'header' ? 1 : 2}) is not base64url-encoded JSON.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new TokendeckError('VALIDATION', `Not a JWT: its ${name} is JSON but not an object.`);
  }
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new TokendeckError('VALIDATION', `Not a JWT Tokendeck can show: its ${name} is JSON nested more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  return value as Record<string, unknown>;
}

/**
 * The token in what was pasted: a bare value, `Bearer …`, `DevToken …`, `Token …`, or a whole
 * `Authorization: Bearer …` header line (quotes around it, as copied from a config file, too).
 */
export function tokenFromPaste(input: string): string {
  return input
    .trim()
    .replace(/^(["'])(.*)\1$/s, '$2')
    .trim()
    .replace(/^authorization\s*:\s*/i, '')
    .replace(/^(Bearer|DevToken|Token)(\s+|$)/i, '')
    .trim();
}

/** Splits and decodes; every malformed input is a VALIDATION error saying what is wrong. */
export function decodeJwt(input: string): { header: Record<string, unknown>; claims: Record<string, unknown>; signingInput: string; signature: Buffer } {
  const token = tokenFromPaste(input);
  if (token.length > MAX_JWT_CHARS) throw new TokendeckError('VALIDATION', 'Not a JWT: it is far too long.');
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new TokendeckError('VALIDATION', `Not a JWT: a JWT is three base64url parts separated by dots, this has ${parts.length}.`);
  }
  if (!parts.every((part) => B64URL.test(part)) || !parts[0] || !parts[1]) {
    throw new TokendeckError('VALIDATION', 'Not a JWT: its parts must be non-empty base64url (A-Z a-z 0-9 - _, no padding or spaces).');
  }
  return { header: decodePart(parts[0], 'header'), claims: decodePart(parts[1], 'payload'), signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
}

function relative(claim: TimeClaim['claim'], seconds: number, nowMs: number): string {
  const deltaS = Math.round(seconds - nowMs / 1000);
  const span = formatDuration(Math.abs(deltaS));
  if (claim === 'exp') return deltaS >= 0 ? `expires in ${span}` : `expired ${span} ago`;
  if (claim === 'nbf') return deltaS > 0 ? `valid in ${span}` : `valid since ${span} ago`;
  return deltaS > 0 ? `issued ${span} in the future` : `issued ${span} ago`;
}

function timeClaims(claims: Record<string, unknown>, nowMs: number): TimeClaim[] {
  return (['iat', 'nbf', 'exp'] as const).flatMap((claim) => {
    const value = claims[claim];
    if (typeof value !== 'number' || !Number.isFinite(value)) return [];
    const ms = value * 1000;
    const date = isoTimeIfDate(ms);
    return [{ claim, value, date, relative: relative(claim, value, nowMs) }];
  });
}

function checkSignature(header: Record<string, unknown>, signingInput: string, signature: Buffer, context: OrganizationContext | undefined): SignatureCheck {
  if (!context) return { status: 'not-checked', reason: 'No organization to check it against.' };
  const alg = header.alg;
  if (!(JWT_ALGORITHMS as readonly unknown[]).includes(alg)) {
    return { status: 'not-checked', reason: `Tokendeck verifies ${JWT_ALGORITHMS.join(', ')} signatures with stored keys; this one is ${JSON.stringify(alg)}.` };
  }
  const kid = typeof header.kid === 'string' ? header.kid : null;
  const verifies = (key: SigningKey) => verifySignature(alg as JwtAlgorithm, signingInput, signature, createPublicKey(key.publicKeyPem));
  // A profile without Key IDs (GitHub Apps): the token names no key, so each of the organization's is tried.
  if (kid === null && !usesKid(context.org)) {
    const key = context.keys.find(verifies);
    return key ? { status: 'valid', kid: keyLabel(key, false), keyStatus: key.status } : { status: 'invalid', kid: '(no kid)' };
  }
  const key = context.keys.find((k) => k.kid === kid);
  if (!kid || !key) return { status: 'unknown-kid', kid };
  return verifies(key) ? { status: 'valid', kid, keyStatus: key.status } : { status: 'invalid', kid };
}

function warningsFor(inspection: Omit<JwtInspection, 'warnings'>, context: OrganizationContext | undefined, nowMs: number): Warning[] {
  const { header, claims } = inspection;
  const warnings: Warning[] = [];
  const iat = typeof claims.iat === 'number' ? claims.iat : undefined;
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  for (const [claim, value] of [['iat', iat], ['exp', exp], ['nbf', claims.nbf]] as const) {
    if (typeof value === 'number' && value > 1e10) {
      warnings.push({ code: 'MILLISECONDS', message: `${claim} is ${value}: that is milliseconds. JWT times are seconds (divide by 1000), or the token is read as expiring in the year ${new Date(Math.min(value * 1000, LATEST_DATE_MS)).getUTCFullYear() || '50,000+'}.` });
    }
  }
  if (iat !== undefined && exp !== undefined && exp <= iat) warnings.push({ code: 'EXP_BEFORE_IAT', message: `exp (${exp}) is not after iat (${iat}): the token was dead when it was issued.` });
  if (exp !== undefined && exp <= 1e10 && exp * 1000 < nowMs) warnings.push({ code: 'EXPIRED', message: `The token expired ${relative('exp', exp, nowMs).replace('expired ', '')}.` });
  if (typeof claims.nbf === 'number' && claims.nbf <= 1e10 && claims.nbf * 1000 > nowMs) warnings.push({ code: 'NOT_YET_VALID', message: 'nbf is in the future: servers refuse it until then.' });

  // The DevToken checks apply when the token is judged against a MusicAPI organization.
  if (context && providerSpec(context.org.provider).signing?.inspectsAs === 'devtoken') {
    if (header.alg !== 'ES256') warnings.push({ code: 'ALG', message: `alg is ${JSON.stringify(header.alg)}: MusicAPI DevTokens must be ES256.` });
    const lifetime = inspection.lifetimeSeconds;
    if (lifetime !== null && lifetime > 0 && iat !== undefined && iat <= 1e10 && lifetime !== DEVTOKEN_DEFAULT_TTL_SECONDS) {
      warnings.push({ code: 'LIFETIME', message: `Its lifetime is ${formatDuration(lifetime)}, not the DevToken default of 14 d.` });
    }
    const clientIds = context.clients.map((c) => c.clientId);
    if (!clientIds.includes(String(claims.iss))) {
      warnings.push({ code: 'ISS', message: `iss ${JSON.stringify(claims.iss)} is not a client id of ${context.org.name} (${clientIds.join(', ') || 'none'}).` });
    }
    if (claims.sub !== undefined) {
      const users = context.clients.flatMap((c) => c.integrationUsers.map((u) => u.uuid.toLowerCase()));
      if (!users.includes(String(claims.sub).toLowerCase())) warnings.push({ code: 'SUB', message: `sub ${JSON.stringify(claims.sub)} is not an integration user of ${context.org.name}'s clients.` });
    }
  }
  // A signed-JWT organization: the token against its profile and its preset's rules.
  // Each environment may sign with its own audience and exchange at its own token URL: the token
  // is judged by the environment of the client it names (its iss or sub), else by the organization's.
  if (context?.org.jwt) {
    const named = context.clients.find((c) => c.clientId === claims.iss || c.clientId === claims.sub);
    const org = named ? inEnvironment(context.org, named.environment) : context.org;
    warnings.push(...judgeAgainstProfile(org.jwt!, header, claims, context.clients.map((c) => c.clientId), org.tokenUrl));
  }
  if (inspection.signature.status === 'valid' && inspection.signature.keyStatus === 'retired') {
    warnings.push({ code: 'RETIRED_KEY', message: `Signed with ${inspection.signature.kid}, a retired key: servers that dropped it will refuse the token. Mint a new one.` });
  }
  return warnings;
}

/** Chooses the organization to judge a token by: the one holding its kid, else its iss. */
export function pickContext(header: Record<string, unknown>, claims: Record<string, unknown>, contexts: OrganizationContext[]): OrganizationContext | undefined {
  return contexts.find((c) => c.keys.some((k) => k.kid === header.kid)) ?? contexts.find((c) => c.clients.some((client) => client.clientId === claims.iss));
}

export function inspectJwt(token: string, context: OrganizationContext | undefined, nowMs = Date.now()): JwtInspection {
  const { header, claims, signingInput, signature } = decodeJwt(token);
  const iat = claims.iat;
  const exp = claims.exp;
  const base = {
    header,
    claims,
    times: timeClaims(claims, nowMs),
    lifetimeSeconds: typeof iat === 'number' && typeof exp === 'number' ? exp - iat : null,
    org: context?.org.name ?? null,
    signature: checkSignature(header, signingInput, signature, context),
  };
  return { ...base, warnings: warningsFor(base, context, nowMs) };
}

/** Inspects against the vault's organizations: the named one, or the one the token points to. */
export function inspectAgainst(organizations: OrganizationTree[], token: string, orgName?: string, nowMs = Date.now()): JwtInspection {
  const contexts = organizations.map((org) => ({ org, clients: org.clients, keys: org.keys }));
  let context: OrganizationContext | undefined;
  if (orgName) {
    context = contexts.find((c) => sameName(c.org.name, orgName));
    if (!context) throw new NotFoundError({ org: orgName }, `No organization named "${orgName}". See \`tokendeck org list\`.`);
  } else {
    const { header, claims } = decodeJwt(token);
    context = pickContext(header, claims, contexts);
  }
  return inspectJwt(token, context, nowMs);
}
