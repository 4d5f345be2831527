// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// An organization's network settings (issue 25): a proxy of its own, the hosts it reaches directly,
// and a CA bundle trusted beside the usual roots. The bundle's certificates are parsed in main
// (http/ca-bundle.ts); here only their shape and size, so the form and the CLI agree with the store.
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.js';
import { plainTextProblem } from './primitives.js';

/** A CA bundle is a few certificates; a bigger file is a mistake (a whole OS store, a log). */
export const CA_BUNDLE_MAX_BYTES = 512 * 1024;
export const CA_BUNDLE_MAX_CERTIFICATES = 64;
export const NO_PROXY_MAX_ENTRIES = 100;

/**
 * Why a per-organization proxy URL cannot be used, or undefined: `http://[user:password@]host:port`.
 * A password given here goes to the keychain, never to vault.json (vault-organizations.ts).
 */
export function proxyUrlProblem(value: string): string | undefined {
  const plain = plainTextProblem(value);
  if (plain) return plain;
  if (/\s/.test(value)) return 'must not contain spaces';
  if (value.length > 2048) return 'is over 2048 characters';
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return 'is not a URL: write it as http://host:port';
  }
  if (url.protocol !== 'http:') return `must be an http:// proxy (${url.protocol} is not supported): Tokendeck opens a TLS tunnel through it (CONNECT), so the proxy never sees the requests`;
  if (url.password.length > 1024 || url.username.length > 256) return 'has a user name or password too long for a proxy';
  if (url.pathname !== '/' || url.search || url.hash) return 'must be http://host:port, without a path, query or fragment';
  if (!url.port) return 'must name its port (http://host:3128)';
  return undefined;
}

/**
 * One NO_PROXY entry: a host name (its subdomains too), `.domain`, `*.domain`, an IP address, a
 * CIDR range (10.0.0.0/8, fd00::/8), any of them with `:port`, or `*`.
 */
const NO_PROXY_ENTRY = /^(\*|(\*?\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?(:\d{1,5})?|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(:\d{1,5})?|\[?[0-9a-f:.]+\]?(\/\d{1,3})?(:\d{1,5})?)$/i;

export function noProxyEntryProblem(value: string): string | undefined {
  if (value.length > 255) return 'is over 255 characters';
  return NO_PROXY_ENTRY.test(value) ? undefined : `"${value.slice(0, 60)}" is not a host, .domain, IP address, CIDR range (10.0.0.0/8) or *`;
}

/** Stored as http://host:port: a bare host:port (curl takes it so) is written out. */
const ProxyUrl = () =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = proxyUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => {
      const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
      return `${url.protocol}//${url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}`;
    });

const NoProxyEntry = () =>
  z
    .string()
    .trim()
    .min(1)
    .superRefine((value, ctx) => {
      const problem = noProxyEntryProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const CaPem = () => z.string().max(CA_BUNDLE_MAX_BYTES, `must be at most ${CA_BUNDLE_MAX_BYTES / 1024} KB of PEM certificates`);

/** As the store holds it (lenient: a later rule must not lock an old vault out). */
export const StoredOrgNetwork = lazySchema(() =>
  z.object({
    /** `http://host:port`: replaces the environment's proxy (and its NO_PROXY) for this organization. */
    proxy: z.string().max(2048).optional(),
    /** Hosts reached without a proxy: beside the organization's proxy, or added to NO_PROXY. */
    noProxy: z.array(z.string().max(255)).max(NO_PROXY_MAX_ENTRIES).optional(),
    /** PEM CA certificates trusted for this organization's hosts, beside the usual roots. */
    caPem: z.string().max(CA_BUNDLE_MAX_BYTES).optional(),
    /** The proxy's password is in the keychain (keychainAccount.proxyPassword); `proxy` never holds it. */
    proxyPassword: z.literal(true).optional(),
  }),
);
export type OrgNetwork = z.infer<typeof StoredOrgNetwork>;

/** As a new organization gives them. */
export const OrgNetworkInput = lazySchema(() =>
  z.strictObject({
    proxy: ProxyUrl().optional(),
    noProxy: z.array(NoProxyEntry()).max(NO_PROXY_MAX_ENTRIES).optional(),
    caPem: CaPem().optional(),
  }),
);

/** As an edit gives them: a field left out is unchanged, null (or an empty list) removes it. */
export const OrgNetworkChanges = lazySchema(() =>
  z.strictObject({
    proxy: ProxyUrl().nullable().optional(),
    noProxy: z.array(NoProxyEntry()).max(NO_PROXY_MAX_ENTRIES).nullable().optional(),
    caPem: CaPem().nullable().optional(),
  }),
);
export type OrgNetworkChanges = z.input<typeof OrgNetworkChanges>;

/** A proxy URL without its password (what vault.json keeps), and the password (percent-encoded as in the URL). */
export function splitProxyPassword(proxy: string): { proxy: string; password?: string } {
  const url = new URL(proxy);
  const password = url.password;
  url.password = '';
  const bare = `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}`;
  return password ? { proxy: bare, password } : { proxy: bare };
}

/** The stored proxy URL with its password from the keychain put back, for the transport only. */
export function withProxyPassword(proxy: string, password: string): string {
  const url = new URL(proxy);
  url.password = password;
  return `${url.protocol}//${url.username}:${url.password}@${url.host}`;
}

/** The settings after an edit; undefined when none is left. */
export function nextNetwork(before: OrgNetwork | undefined, changes: z.output<typeof OrgNetworkChanges> | undefined): OrgNetwork | undefined {
  if (!changes) return before;
  const merged: OrgNetwork = { ...before };
  for (const field of ['proxy', 'noProxy', 'caPem'] as const) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value === null || value === '' || (Array.isArray(value) && !value.length)) delete merged[field];
    else (merged as Record<string, unknown>)[field] = value;
  }
  return Object.keys(merged).length ? merged : undefined;
}
