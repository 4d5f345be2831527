// `tokendeck org rename`: an organization's new name. Its clients, secrets, keys, cached tokens and
// console history are kept by id and follow; its hand-outs move (renames.ts). No destination changes.
import type { Command } from '../command.js';

export const command: Command = {
  usage: 'org rename <org> <new-name>',
  summary: "change an organization's name",
  description: 'its clients, secrets, tokens, history and hand-outs follow; where credentials go does not change, so nothing is asked',
  examples: ['tokendeck org rename acme studio'],
  positionals: 2,
  options: {},
  async run(args, { io, core }) {
    const [opened, { renameOrganization }] = await Promise.all([core(), import('../../core/renames.js')]);
    const from = opened.vault.organization(args.positionals[0]!).name;
    const org = await renameOrganization(opened, from, args.positionals[1]!);
    io.stderr.write(`Renamed organization ${from} to ${org.name}. Its clients, secrets, keys, cached tokens, console history and hand-outs follow; where its credentials go did not change.\n`);
  },
};
