// An App Store Connect API stand-in that checks tokens as Apple's "Generating Tokens for API
// Requests" (developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests)
// asks: header ES256, a registered `kid`, `typ: JWT`; payload `aud: appstoreconnect-v1`, `iat`
// and `exp` in seconds with `exp` at most 20 minutes ahead; team keys carry `iss` = the issuer
// id (a UUID), individual keys `sub: "user"` and no `iss`; an optional `scope` lists the
// requests ("GET /v1/apps?…") the token may make.
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';
import { bearerToken, CLOCK_SKEW, EXP_AHEAD_SKEW, nowSeconds, numericDateProblem, verifyCompactJws, type JwtClaims } from './jwt-verify.js';

/** Apple's ceiling on a token's lifetime for most requests: 20 minutes. */
export const APP_STORE_CONNECT_MAX_LIFETIME = 1200;

export type AppStoreConnectKeyKind = 'team' | 'individual';

export interface AppStoreConnectStandIn extends Loopback {
  seen: SeenRequest[];
  registerKey(kid: string, publicKeyPem: string, kind: AppStoreConnectKeyKind): void;
}

function claimsProblem(payload: JwtClaims, kind: AppStoreConnectKeyKind, issuerId: string, request: string): string | undefined {
  if (payload.aud !== 'appstoreconnect-v1') return 'aud must be appstoreconnect-v1';
  if (kind === 'team' && payload.iss !== issuerId) return 'iss must be the issuer id of your team';
  if (kind === 'individual' && (payload.sub !== 'user' || payload.iss !== undefined)) return 'individual keys take sub "user" and no iss';
  const dateProblem = numericDateProblem(payload, 'iat', true) ?? numericDateProblem(payload, 'exp', true);
  if (dateProblem) return dateProblem;
  const [iat, exp, now] = [payload.iat as number, payload.exp as number, nowSeconds()];
  if (iat > now + CLOCK_SKEW) return 'iat is in the future';
  if (exp <= now) return 'the token has expired';
  if (exp - iat > APP_STORE_CONNECT_MAX_LIFETIME) return 'exp is more than 20 minutes after iat';
  if (exp > now + APP_STORE_CONNECT_MAX_LIFETIME + EXP_AHEAD_SKEW) return 'exp is more than 20 minutes ahead';
  if (payload.scope !== undefined) {
    if (!Array.isArray(payload.scope) || !payload.scope.every((entry) => typeof entry === 'string')) return 'scope must be a list of strings';
    if (!payload.scope.includes(request)) return 'the token scope does not allow this request';
  }
  return undefined;
}

export async function startAppStoreConnectStandIn(options: { issuerId: string }): Promise<AppStoreConnectStandIn> {
  const keys = new Map<string, { pem: string; kind: AppStoreConnectKeyKind }>();
  const seen: SeenRequest[] = [];

  function authProblem(authorization: string | undefined, request: string): string | undefined {
    const token = bearerToken(authorization);
    if (!token) return 'Authorization must be Bearer <token>';
    let kind: AppStoreConnectKeyKind = 'team';
    const verdict = verifyCompactJws(token, ['ES256'], (header) => {
      const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
      if (key) kind = key.kind;
      return key?.pem;
    });
    if (!verdict.ok) return verdict.reason;
    if (verdict.header.typ !== 'JWT') return 'typ must be JWT';
    return claimsProblem(verdict.payload, kind, options.issuerId, request);
  }

  const loopback = await startLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    const method = request.method ?? 'GET';
    seen.push({ method, path: url.pathname + url.search, headers: request.headers, body });
    if (method !== 'GET' || url.pathname !== '/v1/apps') {
      return sendJson(response, 404, { errors: [{ status: '404', code: 'NOT_FOUND', title: 'The specified resource does not exist' }] });
    }
    const problem = authProblem(request.headers.authorization, `${method} ${url.pathname}${url.search}`);
    if (problem) {
      return sendJson(response, 401, { errors: [{ status: '401', code: 'NOT_AUTHORIZED', title: 'Authentication credentials are missing or invalid.', detail: problem }] });
    }
    sendJson(response, 200, { data: [{ type: 'apps', id: '1234567890', attributes: { name: 'Stand-in app', bundleId: 'com.example.standin' } }], links: { self: `${loopback.origin}/v1/apps` } });
  });

  return { ...loopback, seen, registerKey: (kid, pem, kind) => void keys.set(kid, { pem, kind }) };
}
