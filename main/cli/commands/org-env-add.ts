// `tokendeck org env add`: an environment of an organization, with what it overrides of the
// organization's URLs and origins. A client added in it later sends its credentials there; none
// is in it yet, so adding one re-points no stored secret (the vault checks that all the same).
import { updateOrganizationAsAllowed } from '../allowed-destination-change.js';
import type { Command } from '../command.js';
import { environmentOptions, overridesFromArgs, productionFromArgs } from '../environment-options.js';
import { environmentSummary } from '../environment-view.js';

export const command: Command = {
  usage: 'org env add <org> <name>',
  summary: 'add an environment to an organization',
  description: "unset values are the organization's; production if named so, unless --not-production",
  examples: ['tokendeck org env add acme staging --api-url https://staging.api.acme.test'],
  positionals: 2,
  options: environmentOptions,
  async run(args, { io, vault }) {
    const [orgName, name] = args.positionals as [string, string];
    const production = productionFromArgs(args);
    const changes = vault().environmentChange(orgName, { add: { name, ...(production !== undefined ? { production } : {}), ...overridesFromArgs(args) } });
    const org = await updateOrganizationAsAllowed(args, io, vault(), orgName, changes);
    const added = org.environments.at(-1)!;
    io.stderr.write(`Added environment ${added.name} to ${org.name}:\n${environmentSummary(vault().organizationTree(org.name), added.name)}`);
  },
};
