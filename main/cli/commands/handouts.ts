// `tokendeck handouts`: the tokens copied, exported or injected with their value, and when they expire.
import { expiryLine } from '../../core/duration.js';
import { byTimeLeft } from '../../core/token-timing.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'handouts',
  summary: 'list the tokens copied, exported or injected',
  examples: ['tokendeck handouts', 'tokendeck handouts --json'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, { io, core }) {
    const now = Date.now();
    const list = byTimeLeft((await core()).handouts.list(), now);
    if (args.values.json) return printJson(io, list);
    printLines(
      io,
      list.map((h) => {
        const sub = h.sub ? ` sub ${h.subLabel ?? h.sub}` : '';
        const times = h.copies > 1 ? ` (${h.copies} times, last ${(h.lastHandedOutAt ?? h.handedOutAt).slice(0, 16).replace('T', ' ')} UTC)` : '';
        return `${h.org}/${h.client}  ${h.scheme}${h.kid ? ` (${h.kid})` : ''}${sub}  ${h.how} ${h.handedOutAt.slice(0, 10)}${times}  ${expiryLine(h.expiresAt, now)}`;
      }),
    );
  },
};
