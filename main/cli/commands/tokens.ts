// `tokendeck tokens`: the deck's live-token list for a terminal: client, scheme, account, sub, and
// when it expires in the deck's words, in the deck's order (soonest first, expired last). Reads the
// store only: no keychain, no token value.
import { expiryLine } from '../../core/duration.js';
import { byTimeLeft, liveCounts } from '../../core/token-timing.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'tokens',
  summary: 'list the cached tokens and their time left (never a value)',
  description: 'soonest to expire first, expired last: client, scheme, account, sub, expiry',
  examples: ['tokendeck tokens', 'tokendeck tokens --json'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, context) {
    const { io } = context;
    const now = Date.now();
    const views = byTimeLeft(context.tokens().list(), now);
    if (args.values.json) {
      return printJson(
        io,
        views.map((v) => ({ ...v, secondsLeft: Math.max(0, Math.floor((Date.parse(v.expiresAt) - now) / 1000)) })),
      );
    }
    if (views.length === 0) return void io.stderr.write('No cached tokens. Make one with `tokendeck token <org>/<client>`.\n');
    // The count to stderr, as the deck heads its list: a script reading stdout gets the rows only.
    const { live, expired } = liveCounts(views, now);
    io.stderr.write(`${live} live${expired ? ` · ${expired} expired` : ''}\n`);
    printLines(
      io,
      views.map((v) => {
        const notes = [v.account ? `as ${v.account}` : '', v.sub ? `sub ${v.sub}` : '', v.staleKey ? `old key (${v.staleKey})` : '', v.assumedExpiry ? 'expiry assumed' : '', v.grantedScope !== undefined ? `granted scope "${v.grantedScope}"` : ''].filter(Boolean);
        return `${v.org}/${v.client}  [${v.environment}]  ${v.scheme}${notes.length ? `  ${notes.join(', ')}` : ''}  ${expiryLine(v.expiresAt, now)}`;
      }),
    );
  },
};
