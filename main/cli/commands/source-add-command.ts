// `tokendeck source add command`: a program this machine runs to print a secret (`command:<name>`),
// run without a shell. Set up here only: a setup file never brings one.
import { TokendeckError } from '../../core/errors.js';
import { stringOption, type Command } from '../command.js';
import { allowedReplacement, replaceOption } from '../source-replace.js';

export const command: Command = {
  usage: 'source add command <name> -- <program> [args...]',
  summary: 'set up a command whose output is a secret (command:<name>)',
  description: 'it runs without a shell; what it prints is the secret',
  examples: ['tokendeck source add command op-acme -- op read op://team/acme/secret'],
  positionals: 1,
  passthrough: true,
  options: { timeout: { type: 'string', value: 'SECONDS', description: 'how long it may run, in whole seconds (1 to 300)' }, ...replaceOption },
  async run(args, { io, vault }) {
    const name = args.positionals[0]!;
    const timeout = stringOption(args, 'timeout');
    const seconds = timeout === undefined ? undefined : Number(timeout);
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 1 && seconds <= 300)) throw new TokendeckError('VALIDATION', `Invalid --timeout: give whole seconds from 1 to 300, not "${timeout}".`, { field: 'timeout' });
    const { replacementOf, setUpCommand } = await import('../../core/sources/source-setup.js');
    const sources = vault().sources;
    const replace = allowedReplacement(args, io, replacementOf(sources.settings(), { command: { name, argv: args.rest } }));
    setUpCommand(sources, name, { argv: args.rest, timeoutMs: seconds === undefined ? undefined : seconds * 1000 }, replace);
    io.stderr.write(`The command ${name} is set up: a client or key may read command:${name} on this machine.\n`);
  },
};
