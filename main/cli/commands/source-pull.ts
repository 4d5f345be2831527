// `tokendeck source pull`: `git pull --ff-only` of the pass store now (a read does it at most every
// 5 minutes): a teammate's rotation or re-encryption is seen at once.
import type { Command } from '../command.js';

export const command: Command = {
  usage: 'source pull',
  summary: 'pull the pass store now',
  description: 'values kept in memory are dropped',
  examples: ['tokendeck source pull'],
  positionals: 0,
  options: {},
  async run(_args, { io, vault }) {
    const result = await vault().sources.pull();
    io.stderr.write(result.updated ? 'Pulled the pass store: it has new commits.\n' : 'Pulled the pass store: it was up to date.\n');
  },
};
