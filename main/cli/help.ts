// The help, drawn from the command files alone: the grouped list (`tokendeck --help`), a group's
// commands (`tokendeck org --help`) and one command (`tokendeck token --help`, `tokendeck help
// token`): what it does, its usage line, every option with what it means, and examples. The
// usage line's flags are the command's options (command.ts usageLine), so they cannot disagree.
import { EXIT_CODE_TABLE } from './exit-codes.js';
import { usageLine, type Command } from './command.js';
import { GROUP_SUMMARIES, HELP_GROUPS } from './command-index.js';

const capital = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const sentence = (text: string) => capital(text) + (/[.:]$/.test(text) ? '' : '.');

/** Names in a column as wide as the longest, then their lines. */
function columns(rows: ReadonlyArray<[string, string]>, indent = '  '): string[] {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return rows.map(([name, text]) => `${indent}${name.padEnd(width)}${text}`.trimEnd());
}

const flagOf = (name: string, spec: Command['options'][string]) => `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'value'}` : ''}`;

/** `tokendeck <command> --help`. */
export function commandHelp(name: string, command: Command): string {
  const options = Object.entries(command.options).map(([option, spec]): [string, string] => [flagOf(option, spec), `${spec.description}${spec.multiple ? '; repeatable' : ''}`]);
  const examples = command.examples.map((line) => (line.startsWith('#') ? `  ${line}` : `  $ ${line}`));
  return [
    sentence(command.summary),
    ...(command.description ? ['', ...command.description.split('\n').map(sentence)] : []),
    '',
    'USAGE',
    `  tokendeck ${usageLine(command)}`,
    ...(options.length ? ['', 'FLAGS', ...columns(options)] : []),
    '',
    'INHERITED FLAGS',
    '  -h, --help  Show this help',
    ...(examples.length ? ['', 'EXAMPLES', ...examples] : []),
    '',
    `LEARN MORE`,
    `  \`tokendeck --help\` lists every command.${name.includes(' ') ? ` \`tokendeck ${name.split(' ').slice(0, -1).join(' ')} --help\` lists its neighbours.` : ''}`,
    '',
  ].join('\n');
}

/** `tokendeck org --help`: the commands whose names start with `words`, one line each. */
export function groupHelp(words: string, commands: Record<string, Command>): string {
  // In the top help's order (add, list, show, update, remove), then any the groups do not name.
  const order: readonly string[] = HELP_GROUPS.flatMap((group) => group.commands);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const rows = Object.entries(commands)
    .filter(([name, command]) => name.startsWith(`${words} `) && !command.hidden)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, command]): [string, string] => [name.slice(words.length + 1), capital(command.summary)]);
  return [
    GROUP_SUMMARIES[words] ?? `The ${words} commands.`,
    '',
    'USAGE',
    `  tokendeck ${words} <command> [arguments] [flags]`,
    '',
    'COMMANDS',
    ...columns(rows),
    '',
    'LEARN MORE',
    `  \`tokendeck ${words} <command> --help\` (or \`tokendeck help ${words} <command>\`) describes a command, its flags and examples.`,
    '',
  ].join('\n');
}

/** `tokendeck --help`: every listed command, one line each, in its group. */
export function topHelp(commands: Record<string, Command>): string {
  const grouped = new Set(HELP_GROUPS.flatMap((group) => group.commands));
  // A command no group names still shows (and the help test fails until it has a group).
  const others = Object.keys(commands).filter((name) => !grouped.has(name as never) && !commands[name]!.hidden);
  const groups = [...HELP_GROUPS, ...(others.length ? [{ title: 'OTHER COMMANDS', commands: others }] : [])];
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;
  return [
    'Tokendeck: client secrets, signing keys and tokens for token-authenticated APIs.',
    '',
    'USAGE',
    '  tokendeck <command> [arguments] [flags]',
    ...groups.flatMap((group) => ['', group.title, ...group.commands.filter((name) => commands[name] && !commands[name].hidden).map((name) => `  ${name.padEnd(width)}${capital(commands[name]!.summary)}`)]),
    '',
    'ENVIRONMENT',
    ...columns([
      ['TOKENDECK_ENV', 'the environment whose one client `<org>` alone means (as --env)'],
      ['TOKENDECK_HOME', 'the vault folder'],
      ['TOKENDECK_KEYCHAIN_SERVICE', 'the keychain service name'],
      ['TOKENDECK_TIMEOUT_MS', 'the token endpoint timeout (default 15 s)'],
    ]),
    '',
    'EXIT CODES',
    EXIT_CODE_TABLE,
    '',
    'LEARN MORE',
    '  Secrets are read from stdin, never from arguments.',
    '  <org> alone, where <org>/<client> is asked, means its one client (--env ENV: its one in ENV).',
    '  `tokendeck help <command>` (or `<command> --help`): its flags and examples.',
    '  `tokendeck org --help`: the org commands (client, key, source, trash alike).',
    '  `tokendeck completion bash|zsh|fish` sets up Tab completion.',
    '',
  ].join('\n');
}
