// `tokendeck key set-kid`: the Key ID the vendor's dashboard gave a key that waits for one.
import { requiredOption, stringOption, type Command } from '../command.js';

export const command: Command = {
  usage: 'key set-kid <org> [--thumbprint=<start of it>] --kid <kid>',
  description: 'the Key ID the dashboard shows for a pending key; --thumbprint names it if several wait',
  positionals: 1,
  options: { thumbprint: { type: 'string' }, kid: { type: 'string' } },
  async run(args, { io, vault }) {
    const kid = requiredOption(args, 'kid', command);
    const key = await vault().setKeyId(args.positionals[0]!, stringOption(args, 'thumbprint'), kid);
    io.stderr.write(`Key ${key.thumbprint.slice(0, 8)} of ${args.positionals[0]} now has the Key ID ${key.kid}: new DevTokens are signed with it.\n`);
  },
};
