// `tokendeck`: the vault and its credentials for scripts and terminals, over the same core as
// the app. Stdout carries only results; messages go to stderr. Exit codes: 0 success, 2 bad usage
// or input, 1 any other failure.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toErrorPayload, type ErrorCode } from './core/errors.js';
import { releaseLocksOnSignals } from './core/file-lock.js';
import { openCore, vaultSettingsFromEnv, type Core } from './core/open-vault.js';
import { CLEAR_COMMAND, clearClipboardLater } from './cli/clipboard.js';
import { commandHelp, parseCommandArgs, type Command } from './cli/command.js';
import { completionCommands } from './cli/completion.js';
import { processIo, withInertStderr, type CliIo } from './cli/io.js';
import { listingCommands } from './cli/listing-commands.js';
import { settingsCommands } from './cli/settings-commands.js';
import { shareCommands } from './cli/share-commands.js';
import { tokenCommands } from './cli/token-commands.js';
import { vaultCommands } from './cli/vault-commands.js';
import { version } from '../package.json' with { type: 'json' };

export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set(['USAGE', 'VALIDATION', 'NOT_FOUND', 'BAD_KEY', 'SCOPE', 'DESTINATION_CHANGE']);

const commands: Record<string, Command> = {
  ...vaultCommands,
  ...settingsCommands,
  ...listingCommands,
  ...tokenCommands,
  ...shareCommands,
  ...completionCommands(() => commands),
};
/** Not listed in the help: the completion scripts call it. */
const HIDDEN = new Set(['__complete']);

function helpText(): string {
  const lines = Object.entries(commands)
    .filter(([name]) => !HIDDEN.has(name))
    .map(([, c]) => `  tokendeck ${c.usage}`);
  return [
    'tokendeck: client secrets, signing keys and tokens for token-authenticated APIs.',
    '',
    'Commands:',
    ...lines,
    '',
    'Secrets are read from stdin, never from arguments. TOKENDECK_HOME moves the vault folder;',
    'TOKENDECK_KEYCHAIN_SERVICE the keychain service name. Exit codes: 0 ok, 2 bad usage or input, 1 other failures.',
    '`tokendeck <command> --help` describes one command; `tokendeck completion bash|zsh|fish` sets up Tab completion.',
    '',
  ].join('\n');
}

/** TOKENDECK_TIMEOUT_MS sets the token endpoint timeout (default 15 s). */
function timeoutFromEnv(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const value = Number(env.TOKENDECK_TIMEOUT_MS);
  return Number.isInteger(value) && value > 0 ? { timeoutMs: value } : {};
}

/** The longest command name that prefixes argv ("org add" before "org"). */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    // Own names only: `tokendeck constructor` is not a command.
    if (Object.hasOwn(commands, name)) return { command: commands[name]!, rest: argv.slice(words) };
  }
  return undefined;
}

export async function runCli(argv: string[], rawIo: CliIo = processIo()): Promise<number> {
  const io = withInertStderr(rawIo);
  if (argv[0] === CLEAR_COMMAND && argv.length === 3) {
    await clearClipboardLater(argv[1]!, Number(argv[2]), io.env);
    return EXIT.ok;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? io.stderr : io.stdout).write(helpText());
    return argv.length === 0 ? EXIT.badInput : EXIT.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version') {
    io.stdout.write(`tokendeck ${version}\n`);
    return EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(`tokendeck: USAGE: unknown command "${argv.slice(0, 2).join(' ')}". Run \`tokendeck --help\`.\n`);
    return EXIT.badInput;
  }
  // `--help` among a command's own arguments (not after a passthrough `--`) describes it.
  const own = found.command.passthrough && found.rest.includes('--') ? found.rest.slice(0, found.rest.indexOf('--')) : found.rest;
  if (!found.command.raw && (own.includes('--help') || own.includes('-h'))) {
    io.stdout.write(commandHelp(found.command));
    return EXIT.ok;
  }
  let core: Core | undefined;
  const getCore = () => (core ??= openCore(vaultSettingsFromEnv(io.env), timeoutFromEnv(io.env)));
  try {
    const args = parseCommandArgs(found.command, found.rest);
    const code = await found.command.run(args, { io, core: getCore, vault: () => getCore().vault });
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (error) {
    const { code, message } = toErrorPayload(error);
    io.stderr.write(`tokendeck: ${code}: ${message}\n`);
    return BAD_INPUT_CODES.has(code) ? EXIT.badInput : EXIT.failure;
  }
}

function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (!invoked) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // Ctrl-C during a long write must not leave the vault locked for the next command.
  releaseLocksOnSignals();
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
