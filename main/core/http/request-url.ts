// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Where a request goes: a full http(s) URL, or a path under the organization's API URL. Pure, so
// the console's form checks a URL the same way main does before sending.
import { TokendeckError } from '../errors.js';
import type { Organization } from '../model/entities.js';

/** A full URL (`https://…`, `mailto:`…), as opposed to a path under the API URL. */
export function isAbsoluteUrl(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

export function resolveRequestUrl(org: Organization, url: string): URL {
  const absolute = isAbsoluteUrl(url);
  // Musimap's seed leaves the API URL blank: a path then has nothing to be under.
  if (!org.apiBaseUrl && !absolute) {
    throw new TokendeckError('VALIDATION', `Invalid URL "${url.slice(0, 200)}": this organization has no API URL: set one in its settings, or type a full URL.`);
  }
  let resolved: URL;
  try {
    resolved = org.apiBaseUrl && !absolute ? new URL(url.replace(/^\/?/, ''), org.apiBaseUrl.replace(/\/?$/, '/')) : new URL(url);
  } catch {
    throw new TokendeckError('VALIDATION', `Invalid URL "${url.slice(0, 200)}": give https://host/path, or a path under ${org.apiBaseUrl ?? "the organization's API URL"}.`);
  }
  // A "path" the URL parser reads as another host (`\\evil.example/x`, a tab before `//`) is not
  // one: it would carry the credential to a host the user never typed as such.
  if (org.apiBaseUrl && !absolute && resolved.origin !== new URL(org.apiBaseUrl).origin) {
    throw new TokendeckError('VALIDATION', `Invalid URL: "${url.slice(0, 200).replace(/[\x00-\x1f\x7f]/g, '?')}" is read as another host (${resolved.host}), not as a path under ${org.apiBaseUrl}. Give a path like /v1/me, or the full https:// URL if you mean that host.`, { field: 'url' });
  }
  if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') {
    throw new TokendeckError('VALIDATION', `Invalid URL: only http and https are supported, not ${resolved.protocol}.`);
  }
  return resolved;
}
