// An organization's network settings as a destination change (issue 25): a proxy set, changed or
// removed decides who relays its requests (and sees the host names), a CA bundle decides who can
// read them — whoever holds a trusted CA can pose as the organization's servers. Both are asked
// about like a new URL, naming the proxy's host and the hosts the CA would vouch for.
import { caCertificatesOf } from './http/ca-bundle.js';
import { effectiveEndpoints, type EnvironmentShape } from './model/environments.js';
import type { OrgNetwork } from './model/network.js';
import { listed } from './destination-words.js';

export interface NetworkShape {
  name: string;
  apiBaseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  allowedOrigins: string[];
  environments?: readonly EnvironmentShape[] | undefined;
  network?: OrgNetwork | undefined;
}

/** The hosts the organization's credentials go to, in every environment: what a CA would vouch for. */
function hostsOf(org: NetworkShape): string[] {
  const names: Array<string | undefined> = org.environments?.length ? org.environments.map((e) => e.name) : [undefined];
  const urls = names.flatMap((name) => {
    const effective = effectiveEndpoints(org, name);
    return [effective.tokenUrl, effective.apiBaseUrl, ...effective.allowedOrigins];
  });
  return [...new Set(urls.flatMap((url) => (url ? [new URL(url).host] : [])))];
}

const proxyHost = (proxy: string) => new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`).host;
const subjects = (pem: string | undefined) => listed((caCertificatesOf(pem) ?? []).map((c) => JSON.stringify(c.subject)));

/** The proxy and CA changes between `before` and `after`, for `credentials` (what the organization holds). */
export function networkChange(before: NetworkShape, after: NetworkShape, credentials: string[]): { fields: string[]; destinations: string[]; sentences: string[] } | undefined {
  const fields: string[] = [];
  const destinations: string[] = [];
  const sentences: string[] = [];
  const hosts = hostsOf(after);
  const was = before.network ?? {};
  const now = after.network ?? {};
  if ((was.proxy ?? '') !== (now.proxy ?? '')) {
    fields.push('network.proxy');
    if (now.proxy) {
      destinations.push(`http://${proxyHost(now.proxy)}`);
      sentences.push(`${listed(credentials)} would now go to ${listed(hosts)} through the proxy ${proxyHost(now.proxy)} (was ${was.proxy ? proxyHost(was.proxy) : "the system's HTTPS_PROXY setting, or none"}): it relays the connections and sees the host names; TLS stays end to end`);
    } else {
      sentences.push(`${listed(credentials)} would no longer go through the proxy ${proxyHost(was.proxy!)}, but directly or through HTTPS_PROXY`);
    }
  }
  if ((was.caPem ?? '') !== (now.caPem ?? '')) {
    fields.push('network.caPem');
    if (now.caPem) {
      destinations.push(...hosts.map((host) => `https://${host}`));
      sentences.push(`${listed(credentials)} sent to ${listed(hosts)} would be readable by whoever holds the CA ${subjects(now.caPem)}: Tokendeck would trust it to vouch for these servers`);
    } else {
      sentences.push(`${listed(credentials)} would no longer be sent to servers vouched for by the CA ${subjects(was.caPem)}`);
    }
  }
  return fields.length ? { fields, destinations, sentences } : undefined;
}
