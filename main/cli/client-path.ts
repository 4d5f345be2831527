// Which client a command means: `<org>/<client>`, or `<org>` alone with `--env <name>` (or the
// TOKENDECK_ENV variable) for the organization's one client in that environment, or `<org>` alone
// for an organization with one client. `--env` wins over TOKENDECK_ENV; a named client wins over
// both, except that `--env` naming another environment than the client's is refused: a careful
// user typed both on purpose.
import { TokendeckError } from '../core/errors.js';
import { environmentNamed } from '../core/model/environments.js';
import { Environment, sameName } from '../core/model/primitives.js';
import { parseInput } from '../core/validate.js';
import type { Vault } from '../core/vault.js';
import { splitClientPath, stringOption, type Options, type Parsed } from './command.js';
import type { CliIo } from './io.js';

/** The option of the commands whose `--env` picks the client (not `client add|update`, whose `--env` is the client's own). */
export const envOption = { env: { type: 'string', value: 'ENV', description: 'with <org> alone: the organization\'s one client in ENV (TOKENDECK_ENV too)' } } satisfies Options;

/** Whether the command's `--env` is this one (it takes the option itself, not a copy). */
export const picksClientByEnvironment = (command: { options: Options }): boolean => command.options.env === envOption.env;

/** What the commands' help says of it, after their usage line. */
export const ENV_NOTE = '<org> --env ENV: the organization\'s one client in ENV (TOKENDECK_ENV=ENV too)';

export interface ClientPath {
  org: string;
  client: string;
}

export interface ClientPathContext {
  io: CliIo;
  vault: () => Vault;
}

/**
 * The name of the organization's environment `given` means: its own spelling first (an environment
 * a schema-1 vault named "prod"), else the standard name it abbreviates ("prod" → production).
 * Unknown: `given` as typed, for the vault's NOT_FOUND listing the environments there are.
 */
export function environmentName(org: { environments: ReadonlyArray<{ name: string }> }, given: string): string {
  return environmentNamed(org, given)?.name ?? environmentNamed(org, parseInput(Environment, given, 'environment'))?.name ?? given;
}

/** TOKENDECK_ENV, when set to something. */
function environmentVariable(io: CliIo): string | undefined {
  const value = io.env.TOKENDECK_ENV?.trim();
  return value ? value : undefined;
}

/**
 * The client the positional argument at `at` means (see the top of this file). `envFlag: false`
 * for the commands whose own `--env` says something else: only TOKENDECK_ENV picks there.
 */
export function clientPath(args: Parsed, { io, vault }: ClientPathContext, { at = 0, envFlag = true, alone = true }: { at?: number; envFlag?: boolean; alone?: boolean } = {}): ClientPath {
  const value = args.positionals[at]!;
  const flag = envFlag ? stringOption(args, 'env') : undefined;
  if (value.includes('/')) {
    const path = splitClientPath(value);
    if (flag !== undefined) refuseOtherEnvironment(vault(), path, flag);
    return path;
  }
  const environment = flag ?? environmentVariable(io);
  if (environment === undefined) return onlyClient(vault(), value, envFlag, alone);
  const { org, client } = vault().resolveClientInEnvironment(value, environmentName(vault().organization(value), environment));
  return { org: org.name, client: client.name };
}

/**
 * `token studio`: the organization's one client; with several, a refusal that lists them. Not for
 * `client remove` (`alone: false`): `client remove studio` may mean `org remove studio`, so it names the client.
 */
function onlyClient(vault: Vault, orgName: string, envFlag: boolean, alone: boolean): ClientPath {
  const org = vault.organizationTree(orgName);
  if (org.clients.length === 1 && alone) return { org: org.name, client: org.clients[0]!.name };
  if (!org.clients.length) throw new TokendeckError('USAGE', `"${org.name}" has no clients yet: add one with \`tokendeck client add ${org.name}/<client> --env <environment> --client-id <id>\`.`);
  const how = envFlag ? 'or give --env <environment> (or set TOKENDECK_ENV)' : "or set TOKENDECK_ENV (this command's --env moves the client)";
  const listed = org.clients.map((c) => `${org.name}/${c.name} (${c.environment})`).join(', ');
  throw new TokendeckError('USAGE', `"${org.name}" has ${org.clients.length === 1 ? 'one client' : `${org.clients.length} clients`}: ${listed}. Name one (e.g. ${org.name}/${org.clients[0]!.name}), ${how} for its client there.`);
}

function refuseOtherEnvironment(vault: Vault, path: ClientPath, flag: string): void {
  const { client } = vault.resolveClient(path.org, path.client);
  const wanted = environmentName(vault.organization(path.org), flag);
  if (sameName(client.environment, wanted)) return;
  throw new TokendeckError(
    'VALIDATION',
    `${path.org}/${client.name} is in ${client.environment}, not ${wanted} (--env ${flag}): nothing was done. Leave out --env, or give the organization alone (\`${path.org} --env ${flag}\`) for its client in ${wanted}.`,
    { field: 'env' },
  );
}
