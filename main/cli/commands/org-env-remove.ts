// `tokendeck org env remove`: an environment without clients. Nothing is lost that `org env add`
// cannot make again (its URLs and origins are in the message), so no --yes is asked.
import { updateOrganizationAsAllowed } from '../allowed-destination-change.js';
import type { Command } from '../command.js';
import { environmentName } from '../client-path.js';
import { environmentSummary } from '../environment-view.js';

export const command: Command = {
  usage: 'org env remove <org> <env>',
  summary: 'remove an environment without clients',
  description: 'move or remove its clients first',
  examples: ['tokendeck org env remove acme qa'],
  positionals: 2,
  options: {},
  async run(args, { io, vault }) {
    const tree = vault().organizationTree(args.positionals[0]!);
    const envName = environmentName(tree, args.positionals[1]!);
    const before = environmentSummary(tree, envName);
    const org = await updateOrganizationAsAllowed(args, io, vault(), tree.name, vault().environmentChange(tree.name, { remove: envName }));
    io.stderr.write(`Removed environment ${envName} from ${org.name}. It was:\n${before}`);
  },
};
