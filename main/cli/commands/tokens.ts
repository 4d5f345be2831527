// `tokendeck tokens`: the deck's live-token list for a terminal: client, scheme, account, sub, expiry and
// time left. Reads the store only: no keychain, no token value.
import { timeLeft } from '../../core/duration.js';
import type { TokenView } from '../../core/token-events.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

/** "1 h 59 m left", or "expired". */
function leftOf(view: TokenView, now: number): string {
  const left = timeLeft(view.expiresAt, now);
  return left === 'expired' ? left : `${left} left`;
}

export const command: Command = {
  usage: 'tokens',
  summary: 'list the cached tokens and their time left (never a value)',
  examples: ['tokendeck tokens', 'tokendeck tokens --json'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, context) {
    const { io } = context;
    const now = Date.now();
    const views = [...context.tokens().list()].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    if (args.values.json) {
      return printJson(
        io,
        views.map((v) => ({ ...v, secondsLeft: Math.max(0, Math.floor((Date.parse(v.expiresAt) - now) / 1000)) })),
      );
    }
    if (views.length === 0) return void io.stderr.write('No cached tokens. Make one with `tokendeck token <org>/<client>`.\n');
    printLines(
      io,
      views.map((v) => {
        const notes = [v.account ? `as ${v.account}` : '', v.sub ? `sub ${v.sub}` : '', v.staleKey ? `old key (${v.staleKey})` : '', v.assumedExpiry ? 'expiry assumed' : '', v.grantedScope !== undefined ? `granted scope "${v.grantedScope}"` : ''].filter(Boolean);
        return `${v.org}/${v.client}  [${v.environment}]  ${v.scheme}${notes.length ? `  ${notes.join(', ')}` : ''}  expires ${v.expiresAt}  ${leftOf(v, now)}`;
      }),
    );
  },
};
