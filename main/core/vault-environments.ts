// An organization's environments: adding, changing (a URL or origin where secrets are held only as
// confirmed: destination-change.ts), renaming (its clients follow) and removing one (only without
// clients), and finding an organization's client by environment (`tokendeck token acme --env staging`).
import { z } from 'zod';
import { NotFoundError, TokendeckError } from './errors.js';
import { didYouMean } from './suggest.js';
import { environmentFields, environmentNamed, withEnvironmentInOrder, type EnvironmentShape } from './model/environments.js';
import { environmentAliasesOf, sameName } from './model/primitives.js';
import type { Client, Organization, VaultData } from './model/entities.js';
import { EnvironmentInput, type OrganizationChanges } from './model/inputs.js';
import { lazySchema } from './lazy-schema.js';
import { Environment } from './model/primitives.js';
import { parseInput } from './validate.js';
import type { VaultContext } from './vault-context.js';
import { findOrganization } from './vault-find.js';

/**
 * A change to one environment: `null` clears an override (back to the organization's value),
 * `name` renames it (its clients follow).
 */
export const EnvironmentChanges = lazySchema(() =>
  z.strictObject({
    name: Environment.optional(),
    production: z.boolean().optional(),
    apiBaseUrl: z.string().nullable().optional(),
    tokenUrl: z.string().nullable().optional(),
    allowedOrigins: z.array(z.string()).max(50).nullable().optional(),
    audience: z.string().nullable().optional(),
  }),
);
export type EnvironmentChanges = z.input<typeof EnvironmentChanges>;

const OVERRIDES = ['apiBaseUrl', 'tokenUrl', 'allowedOrigins', 'audience'] as const;

/** An environment as an input again (what OrganizationChanges.environments takes). */
const asInput = (env: EnvironmentShape): EnvironmentInput => environmentFields(env);

function requireEnvironment(org: Organization, name: string): EnvironmentShape {
  const env = environmentNamed(org, name);
  if (!env) {
    const known = org.environments.map((e) => e.name).join(', ') || 'none yet';
    const close = didYouMean(name, org.environments.map((e) => e.name), undefined, environmentAliasesOf);
    throw new NotFoundError({ org: org.name }, `"${org.name}" has no environment named "${name}" (it has: ${known}).${close} Add it with \`tokendeck org env add ${org.name} ${name}\`.`);
  }
  return env;
}

/** The organization's environment list with `input` added at the end: for `updateOrganization`. */
export function environmentsWithAdded(org: Organization, input: EnvironmentInput): OrganizationChanges {
  const env = parseInput(EnvironmentInput, input, 'environment');
  if (environmentNamed(org, env.name)) throw new TokendeckError('VALIDATION', `Invalid name: "${org.name}" already has an environment named "${env.name}".`, { field: 'name' });
  return { environments: withEnvironmentInOrder(org.environments.map(asInput), asInput(env)) };
}

/** The organization's environment list with `name` changed (not renamed: see `renameEnvironment`). */
export function environmentsWithChange(org: Organization, name: string, changes: EnvironmentChanges): OrganizationChanges {
  const fields = parseInput(EnvironmentChanges, changes, 'environment changes');
  const env = requireEnvironment(org, name);
  const next: Record<string, unknown> = { ...asInput(env) };
  if (fields.production !== undefined) next.production = fields.production;
  for (const field of OVERRIDES) {
    if (fields[field] === null) delete next[field];
    else if (fields[field] !== undefined) next[field] = fields[field];
  }
  return { environments: org.environments.map((e) => (e === env ? (next as EnvironmentInput) : asInput(e))) };
}

/** The organization's environment list without `name`, which must have no clients. */
export function environmentsWithout(data: VaultData, org: Organization, name: string): OrganizationChanges {
  const env = requireEnvironment(org, name);
  const inIt = data.clients.filter((c) => c.organizationId === org.id && sameName(c.environment, env.name));
  if (inIt.length) throw environmentInUse(org, env.name, inIt);
  return { environments: org.environments.filter((e) => e !== env).map(asInput) };
}

export function environmentInUse(org: Organization, name: string, clients: readonly Client[]): TokendeckError {
  return new TokendeckError(
    'VALIDATION',
    `Invalid environments: "${name}" of "${org.name}" still has ${clients.length === 1 ? 'the client' : 'the clients'} ${clients.map((c) => c.name).join(', ')}. Move ${clients.length === 1 ? 'it' : 'them'} to another environment or remove ${clients.length === 1 ? 'it' : 'them'} first; nothing was changed.`,
    { field: 'environments' },
  );
}

/** Renames an environment and moves its clients with it: where their credentials go does not change. */
export async function renameEnvironment(ctx: VaultContext, orgName: string, from: string, to: string): Promise<Organization> {
  const name = parseInput(Environment, to, 'environment name');
  return ctx.store.update((data) => {
    const org = findOrganization(data, orgName);
    const env = requireEnvironment(org, from);
    const taken = environmentNamed(org, name);
    if (taken && taken !== env) throw new TokendeckError('VALIDATION', `Invalid name: "${org.name}" already has an environment named "${name}".`, { field: 'name' });
    for (const client of data.clients) if (client.organizationId === org.id && sameName(client.environment, env.name)) client.environment = name;
    env.name = name;
    return org;
  });
}

/**
 * The organization's one client in `environment` (`token acme --env staging`): NOT_FOUND naming
 * the environments that have clients when none is in it, VALIDATION naming them when several are.
 */
export function findClientInEnvironment(data: VaultData, orgName: string, environment: string): { org: Organization; client: Client } {
  const org = findOrganization(data, orgName);
  const own = data.clients.filter((c) => c.organizationId === org.id);
  const inIt = own.filter((c) => sameName(c.environment, environment));
  if (inIt.length === 1) return { org, client: inIt[0]! };
  if (!inIt.length) {
    const envs = [...new Set(own.map((c) => c.environment))].join(', ') || 'none: it has no clients';
    const close = didYouMean(environment, [...new Set([...own.map((c) => c.environment), ...org.environments.map((e) => e.name)])], undefined, environmentAliasesOf);
    throw new NotFoundError({ org: org.name }, `"${org.name}" has no client in the environment "${environment}" (environments with clients: ${envs}).${close} See \`tokendeck env list\`.`);
  }
  throw new TokendeckError(
    'VALIDATION',
    `"${org.name}" has ${inIt.length} clients in ${environment}: ${inIt.map((c) => `${org.name}/${c.name}`).join(', ')}. Name one (\`${org.name}/<client>\`) instead of --env.`,
    { field: 'env' },
  );
}

