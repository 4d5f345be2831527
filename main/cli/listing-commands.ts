// `tokendeck tokens | client list`: the deck's live-token list and an organization's clients,
// for a terminal. Both read the store only: no keychain, no token value.
import { timeLeft } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import type { TokenView } from '../core/token-events.js';
import type { Command } from './command.js';
import { usageOf } from './command-index.js';
import { printJson, printLines } from './io.js';

const json = { type: 'boolean' } as const;

/** "1 h 59 m left", or "expired". */
function leftOf(view: TokenView, now: number): string {
  const left = timeLeft(view.expiresAt, now);
  return left === 'expired' ? left : `${left} left`;
}

const tokens: Command = {
  usage: usageOf('tokens'),
  positionals: 0,
  options: { json },
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
        const notes = [v.sub ? `sub ${v.sub}` : '', v.staleKey ? `old key (${v.staleKey})` : '', v.assumedExpiry ? 'expiry assumed' : '', v.grantedScope !== undefined ? `granted scope "${v.grantedScope}"` : ''].filter(Boolean);
        return `${v.org}/${v.client}  [${v.environment}]  ${v.scheme}${notes.length ? `  ${notes.join(', ')}` : ''}  expires ${v.expiresAt}  ${leftOf(v, now)}`;
      }),
    );
  },
};

const clientList: Command = {
  usage: usageOf('client list'),
  positionals: -1,
  options: { json },
  async run(args, { io, vault }) {
    const [orgName, ...extra] = args.positionals;
    if (extra.length) throw new TokendeckError('USAGE', `Usage: tokendeck ${clientList.usage}`);
    const tree = vault().tree().organizations;
    // The vault's lookup (case-insensitive, NOT_FOUND with its wording) picks the organization.
    const picked = orgName === undefined ? undefined : vault().organization(orgName).id;
    const orgs = picked === undefined ? tree : tree.filter((o) => o.id === picked);
    const rows = orgs.flatMap((org) => org.clients.map((client) => ({ org: org.name, ...client })));
    if (args.values.json) return printJson(io, rows);
    if (rows.length === 0) return void io.stderr.write(orgName ? `${orgName} has no clients. Add one with \`tokendeck client add ${orgName}/<client>\`.\n` : 'No clients yet. Add one with `tokendeck client add <org>/<client>`.\n');
    printLines(
      io,
      rows.map((c) => `${c.org}/${c.name}  [${c.environment}]  id ${c.clientId}  ${c.hasSecret ? 'secret stored' : 'no secret'}  default ${c.defaultScheme}${c.autoRefresh ? '  auto-refresh' : ''}`),
    );
  },
};

export const listingCommands: Record<string, Command> = { tokens, 'client list': clientList };
