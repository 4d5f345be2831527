// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Credential scoping (ARCHITECTURE.md, security invariant 2): a client's credential goes only to the origins its
// organization allows: the API and token URL origins plus the listed extra origins.
import { TokendeckError } from '../errors.js';
import type { Organization } from '../model/entities.js';

export function allowedOrigins(org: Organization): Set<string> {
  const origins = new Set(org.allowedOrigins);
  for (const url of [org.apiBaseUrl, org.tokenUrl]) if (url) origins.add(new URL(url).origin);
  return origins;
}

export function checkScope(org: Organization, url: URL, allowAnyOrigin: boolean): void {
  if (allowAnyOrigin || allowedOrigins(org).has(url.origin)) return;
  const allowed = [...allowedOrigins(org)].join(', ') || 'none';
  throw new TokendeckError(
    'SCOPE',
    `${org.name}'s credentials are not sent to ${url.origin} (allowed: ${allowed}). Add the origin to the organization's allowed origins, or allow any origin for this one request.`,
  );
}
