// `tokendeck org list`: the organizations, one a line or as JSON.
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'org list',
  summary: 'list the organizations',
  examples: ['tokendeck org list', 'tokendeck org list --json'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const orgs = vault().organizations();
    if (args.values.json) return printJson(io, orgs);
    printLines(io, orgs.map((o) => `${o.name}\t${o.provider}\t${o.apiBaseUrl ?? '-'}`));
  },
};
