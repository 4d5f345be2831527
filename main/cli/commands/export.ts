// `tokendeck export`: the setup to share (organizations, clients, public keys, saved requests),
// without a secret, to a file or stdout.
import { TokendeckError } from '../../core/errors.js';
import { usageLine, type Command } from '../command.js';
import { forTerminal } from '../io.js';

export const command: Command = {
  usage: 'export [<file>]',
  summary: 'write the setup to share (never a secret)',
  description: 'organizations, clients, public keys and saved requests, to the file or stdout',
  examples: ['tokendeck export team-setup.json', 'tokendeck export > team-setup.json'],
  positionals: -1,
  options: {},
  async run(args, { io, core }) {
    if (args.positionals.length > 1) throw new TokendeckError('USAGE', `Usage: tokendeck ${usageLine(command)}`);
    // Loaded here: sharing a setup is off every other command's path.
    const { exportSetup } = await import('../../core/setup/share-setup.js');
    const text = exportSetup((await core()).vault, (await core()).requestConsole);
    const file = args.positionals[0];
    // Still the same JSON with its strings' odd characters escaped, so it imports unchanged.
    if (!file || file === '-') return void io.stdout.write(forTerminal(text, true));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, text, { mode: 0o644 });
    io.stderr.write(`Exported the setup to ${file}.\n`);
  },
};
