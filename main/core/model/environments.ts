// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// An organization's environments, and the one function that says where a client's credentials go
// in its environment: the environment's API URL, token URL, allowed origins and signed-JWT
// audience where it sets them, else the organization's. Scoping, the console's relative URLs,
// exchanges and destination changes all read them through `effectiveEndpoints` / `inEnvironment`.
import type { JwtProfile } from '../jwt-profile.js';
import { sameName, STANDARD_ENVIRONMENTS } from './names.js';

/** What an environment may override (OrgEnvironment in entities.ts, without zod). */
export interface EnvironmentShape {
  name: string;
  production: boolean;
  apiBaseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  allowedOrigins?: string[] | undefined;
  audience?: string | undefined;
}

/** The fields of an organization an environment can override. */
export interface EndpointFields {
  apiBaseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  allowedOrigins: string[];
  jwt?: Pick<JwtProfile, 'aud'> | undefined;
}

export interface Endpoints {
  apiBaseUrl: string | undefined;
  tokenUrl: string | undefined;
  allowedOrigins: string[];
  /** The signed-JWT profile's `aud` (undefined: the profile has none, or no profile). */
  audience: string | undefined;
}

/** The overrides an environment can set, in the order forms and messages list them. */
export const ENVIRONMENT_OVERRIDES = ['apiBaseUrl', 'tokenUrl', 'allowedOrigins', 'audience'] as const;
export type EnvironmentOverride = (typeof ENVIRONMENT_OVERRIDES)[number];

export function environmentNamed<E extends { name: string }>(org: { environments?: readonly E[] | undefined }, name: string): E | undefined {
  return org.environments?.find((e) => sameName(e.name, name));
}

/**
 * Where credentials go in `environment` of `org`: each value the environment sets, else the
 * organization's. An environment the organization does not list (a record being made) has the
 * organization's values.
 */
export function effectiveEndpoints(org: EndpointFields & { environments?: readonly EnvironmentShape[] | undefined }, environment: string | undefined): Endpoints {
  const env = environment === undefined ? undefined : environmentNamed(org, environment);
  return {
    apiBaseUrl: env?.apiBaseUrl ?? org.apiBaseUrl,
    tokenUrl: env?.tokenUrl ?? org.tokenUrl,
    allowedOrigins: env?.allowedOrigins ?? org.allowedOrigins,
    audience: env?.audience ?? org.jwt?.aud,
  };
}

/**
 * The organization as a client of `environment` sees it: its URLs, origins and profile audience
 * replaced by the environment's effective values. For reading only (exchanges, scoping, messages):
 * never written back.
 */
export function inEnvironment<O extends EndpointFields & { environments: readonly EnvironmentShape[] }>(org: O, environment: string | undefined): O {
  const effective = effectiveEndpoints(org, environment);
  const jwt = org.jwt && effective.audience !== org.jwt.aud ? { ...org.jwt, aud: effective.audience } : org.jwt;
  return { ...org, apiBaseUrl: effective.apiBaseUrl, tokenUrl: effective.tokenUrl, allowedOrigins: effective.allowedOrigins, jwt };
}

/**
 * The environment with only what it sets (an unset value is the organization's): what an edit of
 * the list sends back (vault-environments.ts) and what a setup file carries (share-setup.ts).
 */
export function environmentFields(env: EnvironmentShape): EnvironmentShape {
  return {
    name: env.name,
    production: env.production,
    ...(env.apiBaseUrl !== undefined ? { apiBaseUrl: env.apiBaseUrl } : {}),
    ...(env.tokenUrl !== undefined ? { tokenUrl: env.tokenUrl } : {}),
    ...(env.allowedOrigins !== undefined ? { allowedOrigins: env.allowedOrigins } : {}),
    ...(env.audience !== undefined ? { audience: env.audience } : {}),
  };
}

/** Which values the environment sets itself (the rest are the organization's). */
export function overriddenBy(env: EnvironmentShape): EnvironmentOverride[] {
  return ENVIRONMENT_OVERRIDES.filter((field) => env[field] !== undefined);
}

/** A new environment with no overrides: production if it is named so. */
export function plainEnvironment(name: string): EnvironmentShape & { production: boolean } {
  return { name, production: sameName(name, 'production') };
}

const rankOf = (name: string) => {
  const at = (STANDARD_ENVIRONMENTS as readonly string[]).indexOf(name.toLowerCase());
  return at === -1 ? STANDARD_ENVIRONMENTS.length : at;
};

/**
 * `list` with `env` added where a person expects it: a standard one (development, staging,
 * production) before the first of a later standard rank, so `staging` added after `production`
 * still comes before it; any other at the end. The list's own order is otherwise kept.
 */
export function withEnvironmentInOrder<E extends { name: string }>(list: readonly E[], env: E): E[] {
  const rank = rankOf(env.name);
  const at = rank === STANDARD_ENVIRONMENTS.length ? -1 : list.findIndex((e) => rankOf(e.name) > rank);
  return at === -1 ? [...list, env] : [...list.slice(0, at), env, ...list.slice(at)];
}

/**
 * The environments `clients` name, in the deck's order: development, staging, production first,
 * then the others as they first appear. Each is production if named so or if every client in it
 * is marked production. How a schema-1 vault's labels become environments (migrate.ts).
 */
export function environmentsOfClients(clients: ReadonlyArray<{ environment: string; production?: boolean | undefined }>): Array<{ name: string; production: boolean }> {
  const names: string[] = [];
  for (const client of clients) if (!names.some((n) => sameName(n, client.environment))) names.push(client.environment);
  const ordered = names.map((name, at) => ({ name, at })).sort((a, b) => rankOf(a.name) - rankOf(b.name) || a.at - b.at);
  return ordered.map(({ name }) => {
    const members = clients.filter((c) => sameName(c.environment, name));
    return { name, production: sameName(name, 'production') || members.every((c) => c.production === true) };
  });
}

/** The environment names of the vault's organizations, each once, in the order they first appear: the switcher's list. */
export function environmentNames(organizations: ReadonlyArray<{ environments: ReadonlyArray<{ name: string }> }>): string[] {
  const names: string[] = [];
  for (const org of organizations) for (const env of org.environments) if (!names.some((n) => sameName(n, env.name))) names.push(env.name);
  return names.sort((a, b) => rankOf(a) - rankOf(b));
}

/**
 * Adds to each organization the environments its clients name and it does not list (with no
 * overrides: the organization's values), so every client has one: a client added in a new
 * environment, a restore, a hand-edited file. Changes `data` in place; answers it.
 */
export function withClientEnvironments<D extends { organizations: Array<{ id: string; environments: EnvironmentShape[] }>; clients: ReadonlyArray<{ organizationId: string; environment: string }> }>(data: D): D {
  const byId = new Map(data.organizations.map((o) => [o.id, o]));
  for (const client of data.clients) {
    const org = byId.get(client.organizationId);
    if (org && !environmentNamed(org, client.environment)) org.environments = withEnvironmentInOrder(org.environments, plainEnvironment(client.environment));
  }
  return data;
}
