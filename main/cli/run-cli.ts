// The dispatcher: finds the command in the index, loads its file (and only it), parses its
// arguments and runs it over the core, turning a thrown TokendeckError into a message and an
// exit code. The help (help.ts) reads the command files; the version needs none.
import { toErrorPayload } from '../core/errors.js';
import type { Core } from '../core/open-vault.js';
import type { VaultCore } from '../core/vault-core.js';
import { CLEAR_COMMAND } from './clipboard-clear-command.js';
import { parseCommandArgs, type Command, type CommandContext } from './command.js';
import { isCommandName, loadAllCommands, loadCommand, nextWords } from './command-index.js';
import { processIo, withInertStderr, type CliIo } from './io.js';
import { BAD_INPUT_CODES, EXIT } from './exit-codes.js';
import { commandSuggestion } from './command-suggestion.js';
import { version } from '../../package.json' with { type: 'json' };

/**
 * The whole help, written into the build from the command files themselves (cli.vite.config.ts
 * runs this module's `--help` from the sources), so `tokendeck --help` loads no command file.
 * Undefined when the sources run as they are (the tests): the help is then read from the files.
 */
declare const __TOKENDECK_HELP__: string | undefined;

async function helpText(): Promise<string> {
  if (typeof __TOKENDECK_HELP__ === 'string') return __TOKENDECK_HELP__;
  const { topHelp } = await import('./help.js');
  return topHelp(await loadAllCommands());
}

/** `tokendeck help <words>` and `tokendeck <words> --help`: a command's help, or a group's (`org`, `org env`); undefined for neither. */
async function helpFor(words: string[]): Promise<string | undefined> {
  const [found, { commandHelp, groupHelp }] = await Promise.all([findCommand(words), import('./help.js')]);
  if (found && found.rest.every((word) => word.startsWith('-'))) {
    const name = words.slice(0, words.length - found.rest.length).join(' ');
    return found.command.hidden ? undefined : commandHelp(name, found.command);
  }
  const group = words.filter((word) => !word.startsWith('-')).join(' ');
  return group && nextWords(group).length ? groupHelp(group, await loadAllCommands()) : undefined;
}

/** TOKENDECK_TIMEOUT_MS sets the token endpoint timeout (default 15 s). */
function timeoutFromEnv(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const value = Number(env.TOKENDECK_TIMEOUT_MS);
  return Number.isInteger(value) && value > 0 ? { timeoutMs: value } : {};
}

/** The longest command name that prefixes argv ("org env add" before "org add" before "org"). */
async function findCommand(argv: string[]): Promise<{ command: Command; rest: string[] } | undefined> {
  for (const words of [3, 2, 1]) {
    const name = argv.slice(0, words).join(' ');
    // Own names only: `tokendeck constructor` is not a command.
    if (isCommandName(name)) return { command: await loadCommand(name), rest: argv.slice(words) };
  }
  return undefined;
}

/** A core kept open across commands (the agent's): its commands neither open nor close their own. */
export interface SharedCore {
  vaultCore: () => VaultCore;
  core: () => Promise<Core>;
}

export async function runCli(argv: string[], rawIo: CliIo = processIo(), shared?: SharedCore): Promise<number> {
  const io = withInertStderr(rawIo);
  if (argv[0] === CLEAR_COMMAND && argv.length === 2) {
    const { clearClipboardLater } = await import('./clipboard.js');
    await clearClipboardLater(io.stdin, Number(argv[1]), io.env);
    return EXIT.ok;
  }
  if (argv.length === 0 || ((argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') && argv.length === 1)) {
    (argv.length === 0 ? io.stderr : io.stdout).write(await helpText());
    return argv.length === 0 ? EXIT.badInput : EXIT.ok;
  }
  // `tokendeck help token`, and `tokendeck --help token` alike.
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    const text = await helpFor(argv.slice(1));
    if (text === undefined) {
      io.stderr.write(`tokendeck: USAGE: no command "${argv.slice(1).join(' ')}". Run \`tokendeck --help\`.\n`);
      return EXIT.badInput;
    }
    io.stdout.write(text);
    return EXIT.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version') {
    io.stdout.write(`tokendeck ${version}\n`);
    return EXIT.ok;
  }
  const found = await findCommand(argv);
  // `tokendeck org --help` lists org's commands (`tokendeck org` alone is a usage error naming them).
  const groupWords = argv.filter((word) => word !== '--help' && word !== '-h');
  if (!found && groupWords.length < argv.length && groupWords.length <= 2 && nextWords(groupWords.join(' ')).length) {
    io.stdout.write((await helpFor(groupWords))!);
    return EXIT.ok;
  }
  if (!found) {
    // `tokendeck org env` names what may follow it.
    const partial = [2, 1].map((words) => argv.slice(0, words).join(' ')).find((words) => nextWords(words).length > 0);
    const hint = partial === undefined ? '' : ` \`tokendeck ${partial}\` takes ${nextWords(partial).join(', ')}.`;
    io.stderr.write(`tokendeck: USAGE: unknown command "${argv.slice(0, 2).join(' ')}".${hint}${commandSuggestion(argv)} Run \`tokendeck --help\`.\n`);
    return EXIT.badInput;
  }
  // `--help` among a command's own arguments (not after a passthrough `--`) describes it.
  const own = found.command.passthrough && found.rest.includes('--') ? found.rest.slice(0, found.rest.indexOf('--')) : found.rest;
  if (!found.command.raw && (own.includes('--help') || own.includes('-h'))) {
    io.stdout.write((await helpFor(argv.slice(0, argv.length - found.rest.length)))!);
    return EXIT.ok;
  }
  const [{ openVaultCore, vaultSettingsFromEnv }, { releaseLocksOnSignals }] = await Promise.all([import('../core/vault-core.js'), import('../core/file-lock.js')]);
  // Ctrl-C during a long write must not leave the vault locked for the next command.
  releaseLocksOnSignals();
  const settings = vaultSettingsFromEnv(io.env);
  const options = timeoutFromEnv(io.env);
  let vaultCore: VaultCore | undefined;
  let core: Promise<Core> | undefined;
  const getVaultCore = shared?.vaultCore ?? (() => (vaultCore ??= openVaultCore(settings, options)));
  const getCore = shared?.core ?? (() => (core ??= import('../core/open-vault.js').then(({ completeCore }) => completeCore(getVaultCore(), settings, options))));
  const context: CommandContext = {
    io,
    vault: () => getVaultCore().vault,
    tokens: () => getVaultCore().tokens,
    core: getCore,
    commands: loadAllCommands,
    dispatch: (words, otherIo) => runCli(words, otherIo, { vaultCore: getVaultCore, core: getCore }),
  };
  try {
    const args = parseCommandArgs(found.command, found.rest);
    const code = await found.command.run(args, context);
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (error) {
    const { code, message } = toErrorPayload(error);
    io.stderr.write(`tokendeck: ${code}: ${message}\n`);
    return BAD_INPUT_CODES.has(code) ? EXIT.badInput : EXIT.failure;
  }
}
