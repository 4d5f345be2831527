// A command as a secret source (issue 24): the adapter for `op read op://…`, `gopass show -o …`,
// `aws secretsmanager get-secret-value …`, `bw get …`. Run with its argv (no shell, so nothing in it
// is expanded), stdin closed, a timeout and a cap on what it prints; its stdout, trimmed of the
// spaces and line breaks around it, is the secret. Set up on this machine only: a setup file never
// brings a command (it would run whatever the file says).
import { TokendeckError } from '../errors.js';
import { runTool, toolTimeout, toolWords } from './run-tool.js';

export interface SecretCommand {
  /** The program and its arguments, as given: argv[0] is looked up on PATH. */
  argv: readonly string[];
  /** Default 15 s: a tool may ask its agent or a network service. */
  timeoutMs?: number;
  /** Default 64 KiB: a secret or a private key PEM, never more. */
  maxBytes?: number;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;
export const DEFAULT_COMMAND_MAX_BYTES = 64 * 1024;

function commandName(argv: readonly string[]): string {
  return JSON.stringify(argv[0]!.slice(0, 100));
}

/**
 * The command's whole environment: unlike pass, gpg and git (run-tool.ts's `toolEnv`), a command
 * is the user's own adapter, and `op`, `aws` or `bw` read their sessions and profiles from it.
 */
function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Runs the command (in a process group of its own, killed whole on a timeout or an overlong answer:
 * runTool) and answers what it printed, trimmed; a typed error says what went wrong and what to do.
 */
export async function runSecretCommand({ argv, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS, maxBytes = DEFAULT_COMMAND_MAX_BYTES }: SecretCommand): Promise<string> {
  if (argv.length === 0 || !argv[0]) throw new TokendeckError('VALIDATION', 'Invalid command: it names no program. Give the program and its arguments.', { field: 'argv' });
  if (argv.some((a) => a.includes('\0'))) throw new TokendeckError('VALIDATION', 'Invalid command: an argument holds a NUL character.', { field: 'argv' });
  const name = commandName(argv);
  const result = await runTool({ file: argv[0], args: argv.slice(1), env: inheritedEnv(), timeoutMs, maxBytes });
  switch (result.kind) {
    case 'done': {
      const value = result.stdout.trim();
      if (!value) throw new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} printed nothing: it gave no secret. Run it yourself to see why.`);
      return value;
    }
    case 'not-installed':
      throw new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} was not found on PATH. Install it, or give its full path in the command's set-up.`);
    case 'too-long':
      throw new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} printed more than ${maxBytes} bytes: that is not one secret. Make it print only the secret.`);
    case 'timeout':
      throw toolTimeout(`The command ${name}`, timeoutMs, 'It may be waiting for a sign-in or a prompt: run it yourself once.');
    case 'failed': {
      // What it printed on stdout before failing may be the secret: never repeated, and cut out of its stderr.
      const printed = result.stdout?.trim();
      const said = toolWords(printed ? result.stderr.split(printed).join('‹redacted›') : result.stderr);
      const exit = result.exitCode === null ? 'could not be run' : `exited with ${result.exitCode}`;
      throw new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} ${exit}${said ? `: ${said}` : ''}. Run it yourself to see why (a sign-in it needs, a path it cannot find).`);
    }
  }
}
