// `tokendeck source check <ref>`: reads a reference the way a client would, and says whether this
// machine can read it, or why not. The value is never printed.
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'source check <ref>',
  summary: 'say whether a reference is readable (never its value)',
  examples: ['tokendeck source check pass:team/acme/web', 'tokendeck source check vault:secret/acme#key --private-key'],
  positionals: 1,
  options: { 'private-key': { type: 'boolean', description: 'check that it holds a private key (PEM)' }, ...jsonOption },
  async run(args, { io, vault }) {
    const reference = args.positionals[0]!;
    // A reference that is not one is bad input (exit 2), not an unreadable source.
    (await import('../../core/sources/reference.js')).parseSecretReference(reference);
    const check = await vault().sources.check(reference, args.values['private-key'] ? 'private-key' : 'secret');
    if (args.values.json) printJson(io, check);
    else printLines(io, [check.readable ? `${check.reference}: readable` : `${check.reference}: not readable: ${check.error.code}: ${check.error.message}`]);
    // Exit 1 when it cannot be read, so scripts can check.
    return check.readable ? 0 : 1;
  },
};
