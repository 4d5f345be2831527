// An environment as `env list` and the `org env` commands show it: where its clients' credentials
// go (each value the environment's own, "overridden", or the organization's, "inherited"), whether
// it is production and which clients are in it. Never a secret.
import { effectiveEndpoints, ENVIRONMENT_OVERRIDES, environmentNamed, overriddenBy, type EnvironmentOverride, type EnvironmentShape } from '../core/model/environments.js';
import { sameName } from '../core/model/primitives.js';
import type { OrganizationTree } from '../core/vault.js';

/** One environment of one organization: `env list --json`'s row. */
export interface EnvironmentRow {
  org: string;
  provider: string;
  environment: string;
  production: boolean;
  /** The names of its clients. */
  clients: string[];
  apiBaseUrl: string | null;
  tokenUrl: string | null;
  allowedOrigins: string[];
  /** A signed-JWT profile's `aud` here; null when the organization has no profile or it sets none. */
  audience: string | null;
  /** The values the environment sets itself; the others are the organization's. */
  overridden: EnvironmentOverride[];
}

export function environmentRow(org: OrganizationTree, env: EnvironmentShape): EnvironmentRow {
  const effective = effectiveEndpoints(org, env.name);
  return {
    org: org.name,
    provider: org.provider,
    environment: env.name,
    production: env.production,
    clients: org.clients.filter((c) => sameName(c.environment, env.name)).map((c) => c.name),
    apiBaseUrl: effective.apiBaseUrl ?? null,
    tokenUrl: effective.tokenUrl ?? null,
    allowedOrigins: effective.allowedOrigins,
    audience: effective.audience ?? null,
    overridden: overriddenBy(env),
  };
}

/** Every environment of every organization, in the organizations' and their own order. */
export function environmentRows(orgs: readonly OrganizationTree[]): EnvironmentRow[] {
  return orgs.flatMap((org) => org.environments.map((env) => environmentRow(org, env)));
}

const OVERRIDE_LABELS: Readonly<Record<EnvironmentOverride, string>> = { apiBaseUrl: 'API URL', tokenUrl: 'token URL', allowedOrigins: 'origins', audience: 'audience' };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * `acme  staging  (production, 2 clients: web, cli)` and a line per value: its effective value and
 * whether the environment overrides it or inherits the organization's. The token URL and a signed
 * JWT's audience are shown where there is one.
 */
export function environmentLines(row: EnvironmentRow): string[] {
  const shown: Record<EnvironmentOverride, string | null> = {
    apiBaseUrl: row.apiBaseUrl ?? '-',
    tokenUrl: row.tokenUrl,
    allowedOrigins: row.allowedOrigins.length ? row.allowedOrigins.join(' ') : 'none',
    audience: row.audience,
  };
  const values = ENVIRONMENT_OVERRIDES.filter((field) => shown[field] !== null).map(
    (field) => `  ${OVERRIDE_LABELS[field].padEnd(9)}  ${shown[field]}  (${row.overridden.includes(field) ? 'overridden' : 'inherited'})`,
  );
  const notes = [...(row.production ? ['production'] : []), row.clients.length ? `${plural(row.clients.length, 'client')}: ${row.clients.join(', ')}` : 'no clients'];
  return [`${row.org}  ${row.environment}  (${notes.join(', ')})`, ...values];
}

/** The lines of the organization's environment `name`, as a change's message ends with them. */
export function environmentSummary(org: OrganizationTree, name: string): string {
  const env = environmentNamed(org, name);
  return env ? `${environmentLines(environmentRow(org, env)).join('\n')}\n` : '';
}

/** `staging (production, own API URL, token URL)`: `tokendeck list`'s words for an environment. */
export function environmentNotes(env: EnvironmentShape): string {
  const own = overriddenBy(env).map((field) => OVERRIDE_LABELS[field]);
  const notes = [...(env.production ? ['production'] : []), ...(own.length ? [`own ${own.join(', ')}`] : [])];
  return notes.length ? `${env.name} (${notes.join(', ')})` : env.name;
}
