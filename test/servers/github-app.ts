// A GitHub App stand-in: the app JWT as GitHub's "Generating a JSON Web Token (JWT) for a GitHub
// App" (docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/
// generating-a-json-web-token-jwt-for-a-github-app) describes it — RS256, `iss` the client id
// (or the app id), `iat` in the past (60 s back-dated is advised), `exp` no more than 10 minutes
// ahead — and the exchange of "Generating an installation access token for a GitHub App": POST
// /app/installations/{id}/access_tokens with that JWT as Bearer answers a one-hour `ghs_` token.
// Like api.github.com it refuses any request without a User-Agent.
import { randomBytes } from 'node:crypto';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';
import { bearerToken, CLOCK_SKEW, EXP_AHEAD_SKEW, nowSeconds, numericDateProblem, verifyCompactJws, type JwtClaims } from './jwt-verify.js';

/** GitHub's ceiling: exp no more than 10 minutes into the future. */
export const GITHUB_APP_JWT_MAX_AHEAD = 600;
/** The ten minutes plus the 60 s back-dating GitHub advises for iat. */
export const GITHUB_APP_JWT_MAX_LIFETIME = 660;

const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';

export interface IssuedInstallationToken {
  installationId: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface GitHubStandIn extends Loopback {
  seen: SeenRequest[];
  /** Installation tokens handed out, by token. */
  issued: Map<string, IssuedInstallationToken>;
  registerKey(publicKeyPem: string): void;
  /** Ends an issued token's hour now, as if it had run out. */
  expire(token: string): void;
}

export interface GitHubStandInOptions {
  clientId: string;
  /** The numeric app id, which GitHub still accepts as `iss`. */
  appId?: number;
  installations: string[];
}

function claimsProblem(payload: JwtClaims, options: GitHubStandInOptions): string | undefined {
  const iss = payload.iss;
  const knownIssuer = iss === options.clientId || (options.appId !== undefined && (iss === options.appId || iss === String(options.appId)));
  if (!knownIssuer) return "'Issuer' claim ('iss') must be the client ID or app ID of this app";
  const dateProblem = numericDateProblem(payload, 'iat', true) ?? numericDateProblem(payload, 'exp', true);
  if (dateProblem) return dateProblem;
  const [iat, exp, now] = [payload.iat as number, payload.exp as number, nowSeconds()];
  if (iat > now + CLOCK_SKEW) return "'Issued at' claim ('iat') is in the future";
  if (exp <= now) return "'Expiration time' claim ('exp') is in the past";
  if (exp > now + GITHUB_APP_JWT_MAX_AHEAD + EXP_AHEAD_SKEW) return "'Expiration time' claim ('exp') is too far in the future";
  if (exp - iat > GITHUB_APP_JWT_MAX_LIFETIME) return "'Expiration time' claim ('exp') is more than 10 minutes after 'iat'";
  return undefined;
}

/** ISO 8601 without milliseconds, as GitHub writes `expires_at` (2016-07-11T22:14:10Z). */
function githubTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function startGitHubStandIn(options: GitHubStandInOptions): Promise<GitHubStandIn> {
  const seen: SeenRequest[] = [];
  const issued = new Map<string, IssuedInstallationToken>();
  const installations = new Set(options.installations);
  let appKey: string | undefined;

  function appJwtProblem(authorization: string | undefined): string | undefined {
    const token = bearerToken(authorization);
    if (!token) return 'A JSON web token could not be decoded';
    // GitHub has one key per app and no `kid`: the issuer names the app.
    const verdict = verifyCompactJws(token, ['RS256'], () => appKey);
    if (!verdict.ok) return `A JSON web token could not be verified: ${verdict.reason}`;
    return claimsProblem(verdict.payload, options);
  }

  function installationTokenHolds(authorization: string | undefined): boolean {
    const match = /^(?:Bearer|token) (ghs_[A-Za-z0-9]+)$/.exec(authorization ?? '');
    const entry = match ? issued.get(match[1]!) : undefined;
    return entry !== undefined && entry.expiresAt > Date.now();
  }

  const loopback = await startLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    const method = request.method ?? 'GET';
    seen.push({ method, path: url.pathname + url.search, headers: request.headers, body });
    if (!request.headers['user-agent']) {
      // GitHub's REST API: "Requests with no User-Agent header will be rejected."
      return sendJson(response, 403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.' });
    }
    if (method === 'GET' && url.pathname === '/app') {
      const problem = appJwtProblem(request.headers.authorization);
      if (problem) return sendJson(response, 401, { message: problem, documentation_url: DOCS });
      return sendJson(response, 200, { id: options.appId ?? 1, client_id: options.clientId, slug: 'tokendeck-stand-in', name: 'Tokendeck stand-in', permissions: { contents: 'read' } });
    }
    const exchange = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(url.pathname);
    if (method === 'POST' && exchange) {
      const problem = appJwtProblem(request.headers.authorization);
      if (problem) return sendJson(response, 401, { message: problem, documentation_url: DOCS });
      const installationId = decodeURIComponent(exchange[1]!);
      if (!installations.has(installationId)) return sendJson(response, 404, { message: 'Not Found', documentation_url: DOCS });
      const token = `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x')}`;
      const expiresAt = Date.now() + 3600_000;
      issued.set(token, { installationId, expiresAt });
      return sendJson(response, 201, { token, expires_at: githubTime(expiresAt), permissions: { contents: 'read' }, repository_selection: 'all' });
    }
    if (method === 'GET' && url.pathname === '/installation/repositories') {
      if (!installationTokenHolds(request.headers.authorization)) return sendJson(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return sendJson(response, 200, { total_count: 1, repositories: [{ id: 1, name: 'stand-in', full_name: 'stand-in/stand-in', private: true }] });
    }
    sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });

  return {
    ...loopback,
    seen,
    issued,
    registerKey: (pem) => void (appKey = pem),
    expire: (token) => {
      const entry = issued.get(token);
      if (entry) entry.expiresAt = Date.now() - 1000;
    },
  };
}
