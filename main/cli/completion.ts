// Shell completion: `tokendeck completion bash|zsh|fish` prints a script that asks
// `tokendeck __complete <words…>` for candidates: commands, their flags, and organization and
// client names read from the store alone (never the keychain, so a locked keyring does not
// prompt or stall a Tab press).
import { TokendeckError } from '../core/errors.js';
import { STANDARD_ENVIRONMENTS } from '../core/model/primitives.js';
import { PROVIDERS } from '../core/providers/registry.js';
import { SCHEMES } from '../core/providers/schemes.js';
import { JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS } from '../core/jwt-profile.js';
import type { Command, CommandContext } from './command.js';
import { loadAllCommands, usageOf } from './command-index.js';

const SCRIPTS: Record<string, string> = {
  bash: `# tokendeck completion for bash: add to ~/.bashrc
#   source <(tokendeck completion bash)
_tokendeck() {
  local IFS=$'\\n'
  COMPREPLY=($(tokendeck __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _tokendeck tokendeck
`,
  zsh: `#compdef tokendeck
# tokendeck completion for zsh: add to ~/.zshrc (after compinit)
#   source <(tokendeck completion zsh)
_tokendeck() {
  local -a candidates
  candidates=("\${(@f)$(tokendeck __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _tokendeck tokendeck
`,
  fish: `# tokendeck completion for fish: save as ~/.config/fish/completions/tokendeck.fish
#   tokendeck completion fish > ~/.config/fish/completions/tokendeck.fish
complete -c tokendeck -f -a '(tokendeck __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
};

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

/**
 * The candidates for the last word, given the words before it (without `tokendeck`). Exported for
 * the tests; the CLI prints them one per line.
 */
export function completeWords(commands: Record<string, Command>, words: string[], names: () => { orgs: string[]; clients: string[] }): string[] {
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

const completion: Command = {
  usage: usageOf('completion'),
  positionals: 1,
  options: {},
  async run(args, { io }) {
    const script = SCRIPTS[args.positionals[0]!];
    if (!script) throw new TokendeckError('USAGE', `Completion is available for bash, zsh and fish, not "${args.positionals[0]}".`);
    io.stdout.write(script);
  },
};

const complete: Command = {
  usage: usageOf('__complete'),
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
    const candidates = completeWords(await loadAllCommands(), args.positionals.length ? args.positionals : [''], names);
    if (candidates.length) context.io.stdout.write(`${candidates.join('\n')}\n`);
  },
};

export const completionCommands: Record<string, Command> = { completion, __complete: complete };
