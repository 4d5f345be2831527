// `tokendeck key remint`: the cached DevTokens signed with a retired or superseded key, minted again.
import type { Command } from '../command.js';

export const command: Command = {
  usage: 'key remint <org>',
  summary: 'mint again the DevTokens of a retired key',
  description: 'the cached DevTokens signed with a retired or superseded key',
  examples: ['tokendeck key remint acme'],
  positionals: 1,
  options: {},
  async run(args, { io, tokens }) {
    const reminted = await tokens().remintStale(args.positionals[0]!);
    io.stderr.write(`Minted ${reminted} DevToken(s) again with the current key.\n`);
  },
};
