// An OAuth 2.0 token endpoint that takes signed JWTs instead of secrets (RFC 7523): the JWT-bearer
// authorization grant (§2.1) and `private_key_jwt` client authentication for the client-credentials
// grant (§2.2), each assertion checked as §3 asks (iss, sub, aud = the token endpoint, exp, nbf,
// iat, jti) with the client's registered public key. Errors follow §3.1 (invalid_grant for a bad
// grant assertion) and §3.2 (invalid_client for a bad client assertion); descriptions are fixed
// reasons, never a piece of the assertion.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';
import { bearerToken, CLOCK_SKEW, EXP_AHEAD_SKEW, decodeCompactJws, nowSeconds, numericDateProblem, verifyCompactJws, type JwsAlgorithm, type JwtClaims } from './jwt-verify.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const JWT_BEARER_CLIENT_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** How far ahead a grant assertion's exp may be (RFC 7523 leaves the bound to the server). */
export const GRANT_ASSERTION_MAX_AHEAD = 3600;
/** How far ahead a client assertion's exp may be: it authenticates one request. */
export const CLIENT_ASSERTION_MAX_AHEAD = 300;

export interface AssertionOAuthStandIn extends Loopback {
  tokenUrl: string;
  seen: SeenRequest[];
  /** Access tokens handed out, by token. */
  issued: Map<string, { clientId: string; sub: string; grant: 'jwt-bearer' | 'client_credentials' }>;
  registerClient(clientId: string, publicKeyPem: string, alg: JwsAlgorithm): void;
}

type Refusal = { status: 400 | 401; error: string; description: string };

function refuse(status: 400 | 401, error: string, description: string): Refusal {
  return { status, error, description };
}

/** §3 items 3-7 and the jti check, shared by both flows; the caller says which error they earn. */
function assertionProblem(payload: JwtClaims, tokenUrl: string, maxAhead: number, usedJtis: Set<string>, jtiRequired: boolean): string | undefined {
  // §3 item 3: aud identifies the authorization server; the token endpoint URL may be used.
  const aud = payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(tokenUrl)) return 'aud must be (or contain) the token endpoint URL';
  // §3 items 4-6: exp required; nbf and iat optional; all NumericDates.
  const dateProblem = numericDateProblem(payload, 'exp', true) ?? numericDateProblem(payload, 'nbf', false) ?? numericDateProblem(payload, 'iat', false);
  if (dateProblem) return dateProblem;
  const now = nowSeconds();
  const exp = payload.exp as number;
  if (exp <= now) return 'the assertion has expired';
  if (exp > now + maxAhead + EXP_AHEAD_SKEW) return `exp is more than ${maxAhead} seconds ahead`;
  if (typeof payload.nbf === 'number' && payload.nbf > now + CLOCK_SKEW) return 'the assertion is not valid yet (nbf)';
  if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_SKEW) return 'iat is in the future';
  // §3 item 7: the server may refuse a replayed jti.
  if (payload.jti === undefined && jtiRequired) return 'jti is required';
  if (payload.jti !== undefined) {
    if (typeof payload.jti !== 'string' || payload.jti === '') return 'jti must be a non-empty string';
    if (usedJtis.has(`${String(payload.iss)}\u0000${payload.jti}`)) return 'this jti has been used before';
  }
  return undefined;
}

export async function startAssertionOAuthStandIn(): Promise<AssertionOAuthStandIn> {
  const clients = new Map<string, { pem: string; alg: JwsAlgorithm }>();
  const seen: SeenRequest[] = [];
  const issued: AssertionOAuthStandIn['issued'] = new Map();
  const usedJtis = new Set<string>();
  let tokenUrl = '';

  /** Verifies the signature with the key of the client the assertion names as iss. */
  function verifiedAssertion(assertion: string): { clientId: string; payload: JwtClaims } | string {
    const decoded = decodeCompactJws(assertion);
    if (typeof decoded === 'string') return decoded;
    const clientId = decoded.payload.iss;
    const client = typeof clientId === 'string' ? clients.get(clientId) : undefined;
    // §3 item 1: iss identifies the issuer; here it must be a registered client.
    if (!client) return 'iss is not a registered client';
    const verdict = verifyCompactJws(assertion, [client.alg], () => client.pem);
    return verdict.ok ? { clientId: clientId as string, payload: verdict.payload } : verdict.reason;
  }

  function remember(payload: JwtClaims): void {
    if (typeof payload.jti === 'string') usedJtis.add(`${String(payload.iss)}\u0000${payload.jti}`);
  }

  function jwtBearerGrant(form: URLSearchParams, secretPresented: boolean): Refusal | { clientId: string; sub: string } {
    // This stand-in knows no client secrets: a client that authenticates with one is unknown.
    if (secretPresented) return refuse(401, 'invalid_client', 'this server takes no client secrets');
    const assertion = form.get('assertion');
    if (!assertion) return refuse(400, 'invalid_request', 'assertion is required');
    const verified = verifiedAssertion(assertion);
    if (typeof verified === 'string') return refuse(400, 'invalid_grant', verified);
    const { payload } = verified;
    // §3 item 2A: sub names the principal the token is for.
    if (typeof payload.sub !== 'string' || payload.sub === '') return refuse(400, 'invalid_grant', 'sub is required');
    const problem = assertionProblem(payload, tokenUrl, GRANT_ASSERTION_MAX_AHEAD, usedJtis, false);
    if (problem) return refuse(400, 'invalid_grant', problem);
    remember(payload);
    return { clientId: verified.clientId, sub: payload.sub };
  }

  function clientCredentialsGrant(form: URLSearchParams, secretPresented: boolean): Refusal | { clientId: string; sub: string } {
    const assertion = form.get('client_assertion');
    if (!assertion) return refuse(401, 'invalid_client', 'client authentication with a client_assertion is required');
    // RFC 6749 §2.3: a client MUST NOT use more than one authentication method in a request.
    if (secretPresented) return refuse(400, 'invalid_request', 'more than one client authentication method');
    if (form.get('client_assertion_type') !== JWT_BEARER_CLIENT_ASSERTION) return refuse(400, 'invalid_request', `client_assertion_type must be ${JWT_BEARER_CLIENT_ASSERTION}`);
    const verified = verifiedAssertion(assertion);
    if (typeof verified === 'string') return refuse(401, 'invalid_client', verified);
    const { clientId, payload } = verified;
    // §3 item 2B: for client authentication sub MUST be the client_id.
    if (payload.sub !== clientId) return refuse(401, 'invalid_client', 'sub must be the client id (iss = sub)');
    const named = form.get('client_id');
    if (named !== null && named !== clientId) return refuse(401, 'invalid_client', 'client_id does not match the assertion');
    const problem = assertionProblem(payload, tokenUrl, CLIENT_ASSERTION_MAX_AHEAD, usedJtis, true);
    if (problem) return refuse(401, 'invalid_client', problem);
    remember(payload);
    return { clientId, sub: clientId };
  }

  function answerToken(response: http.ServerResponse, who: { clientId: string; sub: string }, grant: 'jwt-bearer' | 'client_credentials', scope: string | null): void {
    const accessToken = `at.${randomUUID()}`;
    issued.set(accessToken, { ...who, grant });
    // RFC 6749 §5.1: token answers carry Cache-Control: no-store.
    response
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' })
      .end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600, ...(scope ? { scope } : {}) }));
  }

  const loopback = await startLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    const method = request.method ?? 'GET';
    seen.push({ method, path: url.pathname + url.search, headers: request.headers, body });
    if (method === 'GET' && url.pathname === '/api/whoami') {
      const entry = issued.get(bearerToken(request.headers.authorization) ?? '');
      if (!entry) return sendJson(response, 401, { error: 'invalid_token' });
      return sendJson(response, 200, entry);
    }
    if (method !== 'POST' || url.pathname !== '/token') return sendJson(response, 404, { error: 'not_found' });
    if ((request.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/x-www-form-urlencoded') {
      return sendJson(response, 400, { error: 'invalid_request', error_description: 'the body must be application/x-www-form-urlencoded' });
    }
    const form = new URLSearchParams(body);
    const secretPresented = form.has('client_secret') || /^Basic /i.test(request.headers.authorization ?? '');
    const grantType = form.get('grant_type');
    const grant = grantType === JWT_BEARER_GRANT ? 'jwt-bearer' : grantType === 'client_credentials' ? 'client_credentials' : undefined;
    if (!grant) return sendJson(response, 400, { error: 'unsupported_grant_type', error_description: 'this server takes jwt-bearer and client_credentials' });
    const outcome = grant === 'jwt-bearer' ? jwtBearerGrant(form, secretPresented) : clientCredentialsGrant(form, secretPresented);
    if ('error' in outcome) return sendJson(response, outcome.status, { error: outcome.error, error_description: outcome.description });
    answerToken(response, outcome, grant, form.get('scope'));
  });
  tokenUrl = `${loopback.origin}/token`;

  return {
    ...loopback,
    tokenUrl,
    seen,
    issued,
    registerClient: (clientId, pem, alg) => void clients.set(clientId, { pem, alg }),
  };
}
