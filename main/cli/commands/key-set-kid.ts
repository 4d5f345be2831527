// `tokendeck key set-kid`: the Key ID the vendor's dashboard gave a key that waits for one.
import { requiredOption, stringOption, type Command } from '../command.js';

export const command: Command = {
  usage: 'key set-kid <org>',
  summary: 'give a pending key the Key ID the dashboard shows',
  examples: ['tokendeck key set-kid acme --kid ABC123DEFG', 'tokendeck key set-kid acme --thumbprint 3f9a --kid ABC123DEFG'],
  positionals: 1,
  options: { thumbprint: { type: 'string', value: 'START', description: 'which pending key, when several wait: the start of its thumbprint' }, kid: { type: 'string', value: 'KID', required: true, description: 'the Key ID' } },
  async run(args, { io, vault }) {
    const kid = requiredOption(args, 'kid', command);
    const key = await vault().setKeyId(args.positionals[0]!, stringOption(args, 'thumbprint'), kid);
    io.stderr.write(`Key ${key.thumbprint.slice(0, 8)} of ${args.positionals[0]} now has the Key ID ${key.kid}: new DevTokens are signed with it.\n`);
  },
};
