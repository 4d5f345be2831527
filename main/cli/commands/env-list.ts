// `tokendeck env list`: every organization's environments in order, where their clients'
// credentials go (each value overridden by the environment or inherited from the organization),
// whether each is production and its clients. Reads the store only: no keychain.
import { TokendeckError } from '../../core/errors.js';
import { jsonOption, usageLine, type Command } from '../command.js';
import { environmentLines, environmentRows } from '../environment-view.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'env list [<org>]',
  summary: "list the environments, their URLs and origins",
  description: "each environment's API URL, token URL and origins, production or not, and its clients",
  examples: ['tokendeck env list', 'tokendeck env list acme --json'],
  positionals: -1,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const [orgName, ...extra] = args.positionals;
    if (extra.length) throw new TokendeckError('USAGE', `Usage: tokendeck ${usageLine(command)}`);
    const orgs = orgName === undefined ? vault().tree().organizations : [vault().organizationTree(orgName)];
    const rows = environmentRows(orgs);
    if (args.values.json) return printJson(io, rows);
    if (rows.length === 0) return void io.stderr.write(`No environments yet. Add one with \`tokendeck org env add ${orgName ?? '<org>'} <name>\` (adding a client in one makes it too).\n`);
    printLines(io, rows.flatMap(environmentLines));
  },
};
