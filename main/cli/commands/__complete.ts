// `tokendeck __complete <words…>`, which the completion scripts call (not listed in the help):
// the candidates for the last word: commands, their flags, option values, and organization,
// client and environment names, and the schemes a client's organization offers, read from the store
// alone (never the keychain, so a locked keyring does not prompt or stall a Tab press). Hidden
// commands are never offered.
import { environmentNames } from '../../core/model/environments.js';
import { sameName, STANDARD_ENVIRONMENTS } from '../../core/model/primitives.js';
import { PROVIDERS, schemesOf } from '../../core/providers/registry.js';
import { SCHEMES } from '../../core/providers/schemes.js';
import { JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS } from '../../core/jwt-profile.js';
import type { Command, CommandContext } from '../command.js';
import type { VaultTree } from '../../core/vault.js';
import { picksClientByEnvironment } from '../client-path.js';
import { OVERRIDE_OPTIONS } from '../environment-options.js';
import { AUTH_METHOD_WORDS, GRANT_WORDS } from '../client-options.js';

/** What the store names: organizations with their provider, settings, clients and environments. */
type Names = () => VaultTree['organizations'];

/** Values some options take, offered after the option. */
const OPTION_VALUES: Record<string, () => readonly string[]> = {
  provider: () => PROVIDERS,
  'auth-method': () => AUTH_METHOD_WORDS,
  grant: () => GRANT_WORDS,
  'auto-refresh': () => ['on', 'off'],
  preset: () => JWT_PRESETS,
  alg: () => JWT_ALGORITHMS,
  exchange: () => JWT_EXCHANGES,
  'kid-header': () => ['on', 'off'],
  nbf: () => ['on', 'off'],
  jti: () => ['on', 'off'],
  clear: () => Object.keys(OVERRIDE_OPTIONS),
};

/** What the sources set up here let a reference start with (`pass:team/`, `vault:secret/musimap/`, `command:op-musimap`). */
type References = () => { starts: string[]; commands: string[] };

/** The command the words start with: the longest name ("org env add" before "org"). */
function commandIn(commands: Record<string, Command>, words: string[]): string | undefined {
  return [3, 2, 1].map((n) => words.slice(0, n).join(' ')).find((name) => name && Object.hasOwn(commands, name) && !commands[name]!.hidden);
}

/** The schemes `--scheme` may name: those the named client's organization offers, else every scheme. */
function schemesFor(orgs: ReturnType<Names>, orgName: string | undefined): readonly string[] {
  const org = orgName === undefined ? undefined : orgs.find((o) => sameName(o.name, orgName));
  if (!org) return SCHEMES;
  try {
    return schemesOf(org);
  } catch {
    // A provider this build does not know (a newer vault): every scheme rather than none.
    return SCHEMES;
  }
}

/** The environments `--env` may name: the organization's (the one the first argument names), else the vault's, else the standard ones. */
function environmentsFor(orgs: ReturnType<Names>, orgName: string | undefined): readonly string[] {
  const org = orgName === undefined ? undefined : orgs.find((o) => sameName(o.name, orgName));
  const names = org ? org.environments.map((e) => e.name) : environmentNames(orgs);
  return names.length ? names : STANDARD_ENVIRONMENTS;
}

/** The candidates for the last word, given the words before it (without `tokendeck`). */
function completeWords(commands: Record<string, Command>, words: string[], names: Names, environmentVariable: string | undefined, references: References): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const starts = (candidates: readonly string[]) => [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();
  const name = commandIn(commands, before);
  if (!name) {
    // `tokendeck help <words>` completes the command's words.
    const typed = (before[0] === 'help' ? before.slice(1) : before).join(' ');
    const depth = typed ? typed.split(' ').length : 0;
    const listed = Object.keys(commands).filter((c) => !commands[c]!.hidden && (typed ? c.startsWith(`${typed} `) : true));
    return starts([...listed.map((c) => c.split(' ')[depth]!), ...(before.length === 0 ? ['help'] : [])]);
  }
  const command = commands[name]!;
  const own = before.slice(name.split(' ').length);
  const takesValue = (word: string | undefined) => word?.startsWith('--') === true && command.options[word.slice(2)]?.type === 'string';
  const positionals = own.filter((w, i) => !w.startsWith('-') && !takesValue(own[i - 1]));
  const orgNamed = positionals[0]?.split('/')[0];
  const previous = before.at(-1) ?? '';
  if (takesValue(previous)) {
    const option = previous.slice(2);
    if (option === 'env') return starts(environmentsFor(names(), orgNamed));
    if (option === 'scheme' || option === 'default-scheme') return starts(schemesFor(names(), orgNamed));
    if (option === 'client' && name === 'discover') return starts(names().flatMap((o) => o.clients.map((c) => `${o.name}/${c.name}`)));
    if (option === 'from' || option === 'secret-from') return starts(references().starts);
    return starts(OPTION_VALUES[option]?.() ?? (option === 'org' ? names().map((o) => o.name) : []));
  }
  if (current.startsWith('-')) return starts(Object.keys(command.options).map((o) => `--${o}`).concat('--help'));
  if (positionals.length === 1 && / <org> <env>/.test(command.usage)) return starts(environmentsFor(names(), orgNamed));
  if (name === 'source remove') return positionals.length === 0 ? starts(['pass', 'vault', 'command']) : positionals.length === 1 && positionals[0] === 'command' ? starts(references().commands) : [];
  if (name === 'source check' && positionals.length === 0) return starts(references().starts);
  if (positionals.length > 0) return [];
  // A new client: its organization, then the name the user makes up.
  if (name === 'client add') return starts(names().map((o) => `${o.name}/`));
  if (command.usage.includes('<org>/<client>')) {
    const clients = names().flatMap((o) => o.clients.map((c) => `${o.name}/${c.name}`));
    // With --env (or TOKENDECK_ENV) the organization alone names its client there.
    const flagAt = picksClientByEnvironment(command) ? own.indexOf('--env') : -1;
    const environment = (flagAt === -1 ? undefined : own[flagAt + 1]) ?? environmentVariable;
    const orgs = environment === undefined ? [] : names().filter((o) => o.clients.some((c) => sameName(c.environment, environment))).map((o) => o.name);
    return starts([...orgs, ...clients]);
  }
  if (/^[\w ]+ (<org>|\[<org>\])/.test(command.usage)) return starts(names().map((o) => o.name));
  return [];
}

export const command: Command = {
  usage: '__complete <words…>',
  summary: 'the candidates of a Tab press (the completion scripts call it)',
  examples: [],
  hidden: true,
  positionals: -1,
  raw: true,
  options: {},
  async run(args, context: CommandContext) {
    const names = () => {
      // A missing or damaged store completes no names rather than printing an error mid-line.
      try {
        return context.vault().tree().organizations;
      } catch {
        return [];
      }
    };
    const environmentVariable = context.io.env.TOKENDECK_ENV?.trim() || undefined;
    const references = () => {
      // sources.json only: never the keychain, never a read of a source.
      let settings;
      try {
        settings = context.vault().sources.settingsOrNone();
      } catch {
        return { starts: [], commands: [] };
      }
      const commands = Object.keys(settings.commands);
      const prefixes = [...(settings.pass?.prefixes ?? []).map((p) => `pass:${p}/`), ...(settings.vault?.prefixes ?? []).map((p) => `vault:${p}/`)];
      return { starts: [...prefixes, ...commands.map((c) => `command:${c}`)], commands };
    };
    const candidates = completeWords(await context.commands(), args.positionals.length ? args.positionals : [''], names, environmentVariable, references);
    if (candidates.length) context.io.stdout.write(`${candidates.join('\n')}\n`);
  },
};
