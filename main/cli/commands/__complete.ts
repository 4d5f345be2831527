// `tokendeck __complete <words…>`, which the completion scripts call (not listed in the help):
// the candidates for the last word: commands, their flags, option values, and organization and
// client names read from the store alone (never the keychain, so a locked keyring does not
// prompt or stall a Tab press).
import { STANDARD_ENVIRONMENTS } from '../../core/model/primitives.js';
import { PROVIDERS } from '../../core/providers/registry.js';
import { SCHEMES } from '../../core/providers/schemes.js';
import { JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS } from '../../core/jwt-profile.js';
import type { Command, CommandContext } from '../command.js';

/** Values some options take, offered after the option. */
const OPTION_VALUES: Record<string, () => readonly string[]> = {
  scheme: () => SCHEMES,
  'default-scheme': () => SCHEMES,
  provider: () => PROVIDERS,
  env: () => STANDARD_ENVIRONMENTS,
  'auth-method': () => ['basic', 'post'],
  'auto-refresh': () => ['on', 'off'],
  preset: () => JWT_PRESETS,
  alg: () => JWT_ALGORITHMS,
  exchange: () => JWT_EXCHANGES,
  'kid-header': () => ['on', 'off'],
  nbf: () => ['on', 'off'],
  jti: () => ['on', 'off'],
};

/** The candidates for the last word, given the words before it (without `tokendeck`). */
function completeWords(commands: Record<string, Command>, words: string[], names: () => { orgs: string[]; clients: string[] }): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const starts = (candidates: readonly string[]) => candidates.filter((c) => c.startsWith(current)).sort();
  const two = before.slice(0, 2).join(' ');
  const name = commands[two] ? two : commands[before[0] ?? ''] ? before[0]! : undefined;
  if (!name) {
    if (before.length === 0) return starts([...new Set(Object.keys(commands).map((c) => c.split(' ')[0]!))]);
    if (before.length === 1) return starts(Object.keys(commands).filter((c) => c.startsWith(`${before[0]} `)).map((c) => c.split(' ')[1]!));
    return [];
  }
  const command = commands[name]!;
  const previous = before.at(-1) ?? '';
  const option = previous.startsWith('--') ? command.options[previous.slice(2)] : undefined;
  if (option?.type === 'string') return starts(OPTION_VALUES[previous.slice(2)]?.() ?? (previous === '--org' ? names().orgs : []));
  if (current.startsWith('-')) return starts(Object.keys(command.options).map((o) => `--${o}`).concat('--help'));
  const positionalsSoFar = before.slice(name.split(' ').length).filter((w, i, all) => !w.startsWith('-') && !(all[i - 1]?.startsWith('--') && command.options[all[i - 1]!.slice(2)]?.type === 'string'));
  if (positionalsSoFar.length > 0) return [];
  if (command.usage.includes('<org>/<client>')) return starts(names().clients);
  if (/^[\w ]+ (<org>|\[<org>\])/.test(command.usage)) return starts(names().orgs);
  return [];
}

export const command: Command = {
  usage: '__complete <words…>',
  description: 'used by the completion scripts',
  hidden: true,
  positionals: -1,
  raw: true,
  options: {},
  async run(args, context: CommandContext) {
    const names = () => {
      // A missing or damaged store completes no names rather than printing an error mid-line.
      try {
        const orgs = context.vault().tree().organizations;
        return { orgs: orgs.map((o) => o.name), clients: orgs.flatMap((o) => o.clients.map((c) => `${o.name}/${c.name}`)) };
      } catch {
        return { orgs: [], clients: [] };
      }
    };
    const candidates = completeWords(await context.commands(), args.positionals.length ? args.positionals : [''], names);
    if (candidates.length) context.io.stdout.write(`${candidates.join('\n')}\n`);
  },
};
