// `tokendeck client rename`: a client's new name in its organization. Its secret, certificate,
// session and cached tokens are kept by id and follow; its console requests and hand-outs move
// (renames.ts). No destination changes.
import { clientPath, envOption } from '../client-path.js';
import type { Command } from '../command.js';

export const command: Command = {
  usage: 'client rename <org>/<client> <new-name>',
  summary: "change a client's name",
  description: 'its secret, tokens, console requests and hand-outs follow; where credentials go does not change, so nothing is asked',
  examples: ['tokendeck client rename acme/web site', 'tokendeck client rename acme --env staging stage-web'],
  positionals: 2,
  options: { ...envOption },
  async run(args, { io, vault, core }) {
    const path = clientPath(args, { io, vault });
    const [opened, { renameClient }] = await Promise.all([core(), import('../../core/renames.js')]);
    const from = opened.vault.resolveClient(path.org, path.client);
    const client = await renameClient(opened, path.org, path.client, args.positionals[1]!);
    io.stderr.write(`Renamed client ${from.org.name}/${from.client.name} to ${from.org.name}/${client.name}. Its secret, cached tokens, console requests and hand-outs follow; where its credentials go did not change.\n`);
  },
};
