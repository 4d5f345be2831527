// The shape every CLI command shares: its arguments, what it does in a line, its options (node's
// parseArgs, each with what it means), examples, and a run function over the parsed arguments.
// Each is one file in commands/. The help (help.ts) is drawn from these alone: the usage line's
// flags are the options, so the two cannot disagree.
import { parseArgs } from 'node:util';
import { TokendeckError } from '../core/errors.js';
import type { Core } from '../core/open-vault.js';
import type { TokenService } from '../core/token-service.js';
import type { Vault } from '../core/vault.js';
import type { CliIo } from './io.js';
import { optionErrorWords } from './option-errors.js';

/** One option: node's parseArgs settings, and what the help says of it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** What it does, in a phrase (the help prints it beside the flag). */
  description: string;
  /** The value's name in the help (`--env ENV`); `value` when not given. */
  value?: string;
  /** Shown in the usage line (the command checks it itself: requiredOption). */
  required?: true;
}

export type Options = Record<string, OptionSpec>;

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** With `passthrough`: the words after `--`. */
  rest: string[];
}

export interface CommandContext {
  io: CliIo;
  vault: () => Vault;
  tokens: () => TokenService;
  /** Adds the console and the hand-outs, loaded only for the commands that use them. */
  core: () => Promise<Core>;
  /** Every command by name, in the help's order (the completion helper offers their names and flags). */
  commands: () => Promise<Record<string, Command>>;
  /** Runs another command line over this command's core, with its own streams (the agent's answers). */
  dispatch: (argv: string[], io: CliIo) => Promise<number>;
}

export interface Command {
  /** The command and its arguments, without flags (the help adds them from `options`): "org add <org>". */
  usage: string;
  /** What it does, in one short line (the command list prints it). */
  summary: string;
  /** More on what it does, when a line is not enough: the command's help prints it after the summary. */
  description?: string;
  /** Command lines a reader can copy, each with an optional `# comment` line before it. */
  examples: readonly string[];
  /** Not listed in the help (the completion helper, which the completion scripts call). */
  hidden?: true;
  options: Options;
  /** How many positional arguments; -1 when the command checks them itself (optional ones). */
  positionals: number;
  /** Takes `-- <command> [args...]` after its own arguments. */
  passthrough?: boolean;
  /** Takes its words as they are, without option parsing (the completion helper). */
  raw?: boolean;
  /** Resolves to an exit code where the command decides it (exec), else success. */
  run(args: Parsed, context: CommandContext): Promise<void | number>;
}

/** The usage line: the arguments, the required flags, then `[flags]` when there are others (usage errors quote it). */
export function usageLine(command: Command): string {
  const options = Object.entries(command.options);
  const required = options.filter(([, spec]) => spec.required).map(([name, spec]) => `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'value'}` : ''}`);
  const others = options.some(([, spec]) => !spec.required) ? ['[flags]'] : [];
  const [head, tail] = command.passthrough ? [command.usage.split(' -- ')[0]!, ` -- ${command.usage.split(' -- ')[1]}`] : [command.usage, ''];
  return [head, ...required, ...others].join(' ') + tail;
}

/** node's parseArgs settings of the options (without the help's words). */
function parseArgsOptions(options: Options) {
  return Object.fromEntries(Object.entries(options).map(([name, { type, short, multiple }]) => [name, { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) }]));
}

export function parseCommandArgs(command: Command, argv: string[]): Parsed {
  if (command.raw) return { positionals: argv, values: {}, rest: [] };
  let parsed: Parsed;
  const split = command.passthrough ? argv.indexOf('--') : -1;
  if (command.passthrough && (split === -1 || split === argv.length - 1)) {
    throw new TokendeckError('USAGE', `Give the command to run after --.\nUsage: tokendeck ${usageLine(command)}`);
  }
  const own = split === -1 ? argv : argv.slice(0, split);
  try {
    const { positionals, values } = parseArgs({ args: own, options: parseArgsOptions(command.options), allowPositionals: true, strict: true });
    parsed = { positionals, values: values as Parsed['values'], rest: split === -1 ? [] : argv.slice(split + 1) };
  } catch (error) {
    throw new TokendeckError('USAGE', `${optionErrorWords(error as Error & { code?: string }, command, own)}\nUsage: tokendeck ${usageLine(command)}`);
  }
  if (command.positionals >= 0 && parsed.positionals.length !== command.positionals) {
    throw new TokendeckError('USAGE', `Expected ${command.positionals} argument(s).\nUsage: tokendeck ${usageLine(command)}`);
  }
  return parsed;
}

export function stringOption(args: Parsed, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: Parsed, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : [];
}

/** An on/off option (`--auto-refresh on`); undefined when not given. */
export function onOffOption(args: Parsed, name: string): boolean | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  if (/^(on|yes|true)$/i.test(value)) return true;
  if (/^(off|no|false)$/i.test(value)) return false;
  throw new TokendeckError('USAGE', `--${name} takes on or off, not "${value}".`);
}

/** Lays an option over a stored setting: an empty value (`--scope ''`) removes it, an absent one keeps it. */
export function setOrRemove(settings: Record<string, unknown>, key: string, value: unknown): void {
  if (value === '') delete settings[key];
  else if (value !== undefined) settings[key] = value;
}

export function requiredOption(args: Parsed, name: string, command: Command): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new TokendeckError('USAGE', `--${name} is required.\nUsage: tokendeck ${usageLine(command)}`);
  return value;
}

/** `<org>/<client>` */
export function splitClientPath(value: string): { org: string; client: string } {
  const parts = value.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new TokendeckError('USAGE', `"${value}" is not <org>/<client> (e.g. acme/web-dev).`);
  }
  return { org: parts[0], client: parts[1] };
}

/** `--json`, which most listing commands take. */
export const jsonOption = { json: { type: 'boolean', description: 'print JSON for scripts instead of text' } } satisfies Options;

/** `--yes`: what a command asks on a terminal, answered beforehand (needed where nothing can ask). */
export const yesOption = { yes: { type: 'boolean', description: 'go ahead without asking (needed when not on a terminal)' } } satisfies Options;

/** `--allow-destination-change`: the commands that may re-point where a secret or credential goes. */
export const destinationChangeOption = {
  'allow-destination-change': { type: 'boolean', description: 'allow a change of where a stored secret is read from or sent to (refused otherwise)' },
} satisfies Options;
