// `tokendeck key list`: an organization's signing keys, one a line or as JSON; never a private key.
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';
import { privateKeyWords } from '../secret-place.js';

export const command: Command = {
  usage: 'key list <org>',
  summary: "list an organization's signing keys",
  examples: ['tokendeck key list acme', 'tokendeck key list acme --json'],
  positionals: 1,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const keys = vault().keys(args.positionals[0]!);
    if (args.values.json) return printJson(io, keys);
    printLines(io, keys.map((k) => `${k.kid ?? '(waiting for Key ID)'}\t${k.status}\t${k.thumbprint}\t${k.createdAt}\t${privateKeyWords(k)}`));
  },
};
