// What node's parseArgs refuses, said for a person: the option named, the ones close to it, and
// for a secret typed as an argument (`--secret x`) why it is never one and how to pipe it in.
// Node's own text ("Unknown option '--x'. To specify a positional argument …") never reaches a user;
// nothing after the option's name is quoted back (it may be the secret itself).
import type { ParseArgsConfig } from 'node:util';
import { closestNames } from '../core/suggest.js';

/** What these messages need of a command (command.ts's Command; not imported: command.ts imports this file). */
interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
}

/** Option names that mean a secret: refused as arguments everywhere (shell history, `ps`). */
const SECRET_OPTION = /^(secret|password|passwd|client-secret|token|access-token|api-key|private-key|proxy-password|secret-id)$/i;

/** `client add`, from the usage line: the words before the first argument. */
export const commandName = (command: Command): string => command.usage.split(/ [<[-]/)[0]!;

function secretWords(option: string, command: Command): string {
  const name = commandName(command);
  const stdin = Object.keys(command.options).filter((o) => o.endsWith('-stdin'));
  const how = stdin.length
    ? `pipe it in with ${stdin.map((o) => `--${o}`).join(' or ')}: printf %s "$SECRET" | tokendeck ${name} … --${stdin[0]}`
    : name === 'client set-secret'
      ? `pipe it in: printf %s "$SECRET" | tokendeck client set-secret <org>/<client> (or type it at the hidden prompt)`
      : 'set it with `printf %s "$SECRET" | tokendeck client add <org>/<client> … --secret-stdin` or `tokendeck client set-secret <org>/<client>`, which read it from stdin';
  return `--${option}: secrets are never arguments (your shell's history and \`ps\` would show them); nothing was done. Instead, ${how}.`;
}

/** The option a token of argv names: `--scheme=x` → scheme, `-H` → H. */
const optionNameOf = (token: string): string => token.replace(/^--?/, '').split('=')[0]!;

/** The first option in argv the command does not take (its name only), if any. */
function unknownOption(command: Command, argv: string[]): string | undefined {
  const shorts = new Set(Object.values(command.options).map((spec) => spec.short).filter(Boolean));
  for (const token of argv) {
    if (token === '--') return undefined;
    if (token.startsWith('--') && !Object.hasOwn(command.options, optionNameOf(token))) return optionNameOf(token);
    if (/^-[^-]/.test(token) && ![...token.slice(1).split('=')[0]!].every((char) => shorts.has(char))) return token.slice(1, 2);
  }
  return undefined;
}

/** The options close to `typed`, by their whole name or their last word (`--sheme` → --default-scheme). */
function closeOptions(typed: string, options: string[]): string[] {
  const whole = closestNames(typed, options);
  if (whole.length) return whole;
  const byLastWord = new Map(options.filter((o) => o.includes('-')).map((o) => [o.slice(o.lastIndexOf('-') + 1), o] as const));
  return closestNames(typed, byLastWord.keys()).map((word) => byLastWord.get(word)!);
}

/** The sentence for a parseArgs error, without node's wording. */
export function optionErrorWords(error: { code?: string; message: string }, command: Command, argv: string[]): string {
  const name = commandName(command);
  const help = `\`tokendeck ${name} --help\` lists its options.`;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = unknownOption(command, argv) ?? '';
    if (SECRET_OPTION.test(option)) return secretWords(option, command);
    const close = closeOptions(option, Object.keys(command.options));
    const flag = option.length === 1 ? `-${option}` : `--${option}`;
    return `\`tokendeck ${name}\` has no option ${flag}.${close.length ? ` Did you mean ${close.map((o) => `--${o}`).join(' or ')}?` : ''} ${help}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--([\w-]+)/.exec(error.message)?.[1] ?? '';
    return / missing$/.test(error.message) ? `--${option} needs a value after it (\`--${option} <value>\`). ${help}` : `--${option} takes no value: give it alone (\`--${option}\`). ${help}`;
  }
  return `The arguments do not fit \`tokendeck ${name}\`. ${help}`;
}
