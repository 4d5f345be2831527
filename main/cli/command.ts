// The shape every CLI command shares: its usage line, what it does in a few words, its options
// (node's parseArgs) and a run function over the parsed arguments. Each is one file in commands/.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TokendeckError } from '../core/errors.js';
import type { Core } from '../core/open-vault.js';
import type { TokenService } from '../core/token-service.js';
import type { Vault } from '../core/vault.js';
import type { CliIo } from './io.js';
import { optionErrorWords } from './option-errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

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
}

export interface Command {
  /** e.g. "org add <org> --provider musicapi|musimap|oauth2 [--api-url URL]" */
  usage: string;
  /** What the usage line does not say, in a few words: the help prints it after the line. */
  description?: string;
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

/** The usage line with its description, as the help lists it and usage errors quote it. */
export function usageLine(command: Command): string {
  return command.description ? `${command.usage}   (${command.description})` : command.usage;
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
    const { positionals, values } = parseArgs({ args: own, options: command.options, allowPositionals: true, strict: true });
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

/** `tokendeck <command> --help`: the usage line and each option. */
export function commandHelp(command: Command): string {
  const note = command.description;
  const options = Object.entries(command.options).map(([option, spec]) => `  --${option}${spec.type === 'string' ? ' <value>' : ''}${spec.multiple ? '  (repeatable)' : ''}`);
  return [`Usage: tokendeck ${command.usage}`, ...(note ? ['', note[0]!.toUpperCase() + note.slice(1) + '.'] : []), ...(options.length ? ['', 'Options:', ...options] : []), ''].join('\n');
}
