// An Apple Music API stand-in that checks developer tokens as Apple's "Generating Developer
// Tokens" (developer.apple.com/documentation/applemusicapi/generating-developer-tokens) asks:
// ES256, a 10-character Key ID (`kid`) of a registered MusicKit key, `iss` the 10-character Team
// ID, `iat`/`exp` in seconds with `exp` at most 15,777,000 s (six months) after `iat`, and for
// web use an optional `origin` list that the request's Origin must be in.
import { randomUUID } from 'node:crypto';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';
import { bearerToken, CLOCK_SKEW, nowSeconds, numericDateProblem, verifyCompactJws, type JwtClaims } from './jwt-verify.js';

/** Apple's ceiling on a developer token's lifetime, in seconds. */
export const APPLE_MUSIC_MAX_LIFETIME = 15_777_000;

export interface AppleMusicStandIn extends Loopback {
  seen: SeenRequest[];
  registerKey(kid: string, publicKeyPem: string): void;
}

function claimsProblem(payload: JwtClaims, teamId: string, origin: string | undefined): string | undefined {
  if (typeof payload.iss !== 'string' || payload.iss.length !== 10) return 'iss must be your 10-character Team ID';
  if (payload.iss !== teamId) return 'iss is not the Team ID of this key';
  const dateProblem = numericDateProblem(payload, 'iat', true) ?? numericDateProblem(payload, 'exp', true);
  if (dateProblem) return dateProblem;
  const [iat, exp, now] = [payload.iat as number, payload.exp as number, nowSeconds()];
  if (iat > now + CLOCK_SKEW) return 'iat is in the future';
  if (exp <= now) return 'the token has expired';
  if (exp - iat > APPLE_MUSIC_MAX_LIFETIME) return 'exp is more than 15777000 seconds after iat';
  if (payload.origin !== undefined) {
    if (!Array.isArray(payload.origin) || !payload.origin.every((entry) => typeof entry === 'string')) return 'origin must be a list of strings';
    if (origin !== undefined && !payload.origin.includes(origin)) return 'the request Origin is not in the token origin list';
  }
  return undefined;
}

export async function startAppleMusicStandIn(options: { teamId: string }): Promise<AppleMusicStandIn> {
  const keys = new Map<string, string>();
  const seen: SeenRequest[] = [];

  function authProblem(authorization: string | undefined, origin: string | undefined): string | undefined {
    const token = bearerToken(authorization);
    if (!token) return 'Authorization must be Bearer <developer token>';
    const verdict = verifyCompactJws(token, ['ES256'], (header) =>
      typeof header.kid === 'string' && header.kid.length === 10 ? keys.get(header.kid) : undefined,
    );
    if (!verdict.ok) return verdict.reason;
    return claimsProblem(verdict.payload, options.teamId, origin);
  }

  const loopback = await startLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    seen.push({ method: request.method ?? 'GET', path: url.pathname + url.search, headers: request.headers, body });
    const song = /^\/v1\/catalog\/([a-z]{2})\/songs\/([^/]+)$/.exec(url.pathname);
    if (request.method !== 'GET' || (!song && url.pathname !== '/v1/test')) {
      return sendJson(response, 404, { errors: [{ id: randomUUID(), title: 'Resource Not Found', status: '404', code: '40400' }] });
    }
    const problem = authProblem(request.headers.authorization, request.headers.origin);
    // Apple's error object (Apple Music API, "Error"): id, title, detail, status, code. The detail
    // is one of the fixed reasons above, never a piece of the token.
    if (problem) return sendJson(response, 401, { errors: [{ id: randomUUID(), title: 'Unauthorized', detail: problem, status: '401', code: '40100' }] });
    if (!song) return sendJson(response, 200, { data: [] });
    const [, storefront, id] = song;
    sendJson(response, 200, { data: [{ id, type: 'songs', href: `/v1/catalog/${storefront}/songs/${id}`, attributes: { name: `Stand-in song ${id}` } }] });
  });

  return { ...loopback, seen, registerKey: (kid, pem) => void keys.set(kid, pem) };
}
