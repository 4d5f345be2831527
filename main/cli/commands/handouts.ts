// `tokendeck handouts`: the tokens copied, exported or injected with their value, and when they expire.
import { timeLeft } from '../../core/duration.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'handouts',
  summary: 'list the tokens copied, exported or injected',
  examples: ['tokendeck handouts', 'tokendeck handouts --json'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, { io, core }) {
    const list = (await core()).handouts.list();
    if (args.values.json) return printJson(io, list);
    const now = Date.now();
    printLines(
      io,
      list.map((h) => {
        const left = timeLeft(h.expiresAt, now);
        const when = left === 'expired' ? left : `expires in ${left}`;
        const sub = h.sub ? ` sub ${h.subLabel ?? h.sub}` : '';
        const times = h.copies > 1 ? ` (${h.copies} times, last ${(h.lastHandedOutAt ?? h.handedOutAt).slice(0, 16).replace('T', ' ')} UTC)` : '';
        return `${h.org}/${h.client}  ${h.scheme}${h.kid ? ` (${h.kid})` : ''}${sub}  ${h.how} ${h.handedOutAt.slice(0, 10)}${times}  ${when}  (${h.expiresAt})`;
      }),
    );
  },
};
