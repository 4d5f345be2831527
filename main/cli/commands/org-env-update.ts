// `tokendeck org env update`: what an environment overrides of its organization, whether it is
// production, and its name (its clients follow). Pointing its URLs or origins elsewhere while its
// clients hold secrets is a destination change: refused without --allow-destination-change.
import { TokendeckError } from '../../core/errors.js';
import { environmentNamed } from '../../core/model/environments.js';
import { Environment } from '../../core/model/primitives.js';
import { parseInput } from '../../core/validate.js';
import { updateOrganizationAsAllowed } from '../allowed-destination-change.js';
import { destinationChangeOption, listOption, stringOption, usageLine, type Command, type Parsed } from '../command.js';
import { environmentName } from '../client-path.js';
import { environmentOptions, OVERRIDE_OPTIONS, overridesFromArgs, productionFromArgs } from '../environment-options.js';
import { environmentSummary } from '../environment-view.js';

/** `--clear api-url` and the like: back to the organization's value. */
function cleared(args: Parsed): Record<string, null> {
  const changes: Record<string, null> = {};
  for (const option of listOption(args, 'clear')) {
    const field = Object.hasOwn(OVERRIDE_OPTIONS, option) ? OVERRIDE_OPTIONS[option] : undefined;
    if (!field) throw new TokendeckError('USAGE', `--clear takes ${Object.keys(OVERRIDE_OPTIONS).join(', ')}, not "${option}".`);
    if (args.values[option] !== undefined) throw new TokendeckError('USAGE', `Give --${option} or --clear ${option}, not both.`);
    changes[field] = null;
  }
  return changes;
}

export const command: Command = {
  usage: 'org env update <org> <env>',
  summary: "change an environment's overrides, name or production mark",
  description: 'a renamed environment keeps its clients',
  examples: ['tokendeck org env update acme staging --token-url https://staging.login.acme.test/token', 'tokendeck org env update acme staging --clear api-url', 'tokendeck org env update acme qa --name staging'],
  positionals: 2,
  options: {
    ...environmentOptions,
    clear: { type: 'string', multiple: true, value: 'FIELD', description: "back to the organization's value (api-url, token-url, allow-origin, audience)" },
    name: { type: 'string', value: 'NEW', description: 'rename the environment' },
    ...destinationChangeOption,
  },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const envName = environmentName(org, args.positionals[1]!);
    const production = productionFromArgs(args);
    const changes = { ...overridesFromArgs(args), ...cleared(args), ...(production !== undefined ? { production } : {}) };
    const rename = stringOption(args, 'name');
    if (Object.keys(changes).length === 0 && rename === undefined) throw new TokendeckError('USAGE', `Nothing to change: give at least one option.\nUsage: tokendeck ${usageLine(command)}`);
    const env = environmentNamed(org, envName);
    const newName = rename === undefined ? undefined : parseInput(Environment, rename, 'name');
    // Checked before anything is written: a refused rename must not leave the other changes made.
    const taken = newName === undefined ? undefined : environmentNamed(org, newName);
    if (env && taken && taken !== env) throw new TokendeckError('VALIDATION', `Invalid name: "${org.name}" already has an environment named "${taken.name}"; nothing was changed.`, { field: 'name' });
    if (Object.keys(changes).length) await updateOrganizationAsAllowed(args, io, vault(), org.name, vault().environmentChange(org.name, { change: envName, with: changes }));
    const final = newName === undefined ? envName : (await vault().renameEnvironment(org.name, envName, newName), newName);
    const what = [...Object.entries(changes).map(([field, value]) => (value === null ? `${field} (now the organization's)` : field)), ...(newName !== undefined ? [`name (was ${envName})`] : [])];
    io.stderr.write(`Updated environment ${final} of ${org.name}: ${what.join(', ')}.\n${environmentSummary(vault().organizationTree(org.name), final)}`);
  },
};
