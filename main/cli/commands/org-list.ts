// `tokendeck org list`: the organizations, one a line or as JSON.
import type { Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'org list [--json]',
  positionals: 0,
  options: { json: { type: 'boolean' } },
  async run(args, { io, vault }) {
    const orgs = vault().organizations();
    if (args.values.json) return printJson(io, orgs);
    printLines(io, orgs.map((o) => `${o.name}\t${o.provider}\t${o.apiBaseUrl ?? '-'}`));
  },
};
