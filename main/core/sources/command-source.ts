// A command as a secret source (issue 24): the adapter for `op read op://…`, `gopass show -o …`,
// `aws secretsmanager get-secret-value …`, `bw get …`. Run with its argv (no shell, so nothing in it
// is expanded), stdin closed, a timeout and a cap on what it prints; its stdout, trimmed of the
// spaces and line breaks around it, is the secret. Set up on this machine only: a setup file never
// brings a command (it would run whatever the file says).
import { execFile } from 'node:child_process';
import { TokendeckError } from '../errors.js';

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

/** The program's own words, for a message: one line, control characters dropped, the secret never. */
function firstLine(text: string, secret: string | undefined): string {
  let shown = text;
  if (secret) shown = shown.split(secret).join('‹redacted›');
  const line = shown.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return line.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 200);
}

function commandName(argv: readonly string[]): string {
  return JSON.stringify(argv[0]!.slice(0, 100));
}

/** Runs the command and answers what it printed, trimmed; a typed error says what went wrong and what to do. */
export function runSecretCommand({ argv, timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS, maxBytes = DEFAULT_COMMAND_MAX_BYTES }: SecretCommand): Promise<string> {
  if (argv.length === 0 || !argv[0]) return Promise.reject(new TokendeckError('VALIDATION', 'Invalid command: it names no program. Give the program and its arguments.', { field: 'argv' }));
  if (argv.some((a) => a.includes('\0'))) return Promise.reject(new TokendeckError('VALIDATION', 'Invalid command: an argument holds a NUL character.', { field: 'argv' }));
  const name = commandName(argv);
  return new Promise((resolve, reject) => {
    const child = execFile(argv[0]!, argv.slice(1), { shell: false, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxBytes, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      const value = stdout.trim();
      if (!error) {
        if (!value) reject(new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} printed nothing: it gave no secret. Run it yourself to see why.`));
        else resolve(value);
        return;
      }
      const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null };
      if (failure.code === 'ENOENT') {
        reject(new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} was not found on PATH. Install it, or give its full path in the command's set-up.`));
      } else if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
        reject(new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} printed more than ${maxBytes} bytes: that is not one secret. Make it print only the secret.`));
      } else if (failure.killed && failure.signal === 'SIGKILL') {
        reject(new TokendeckError('TIMEOUT', `The command ${name} gave no answer within ${Math.round(timeoutMs / 1000)} s and was stopped. It may be waiting for a sign-in or a prompt: run it yourself once.`));
      } else {
        const exit = typeof failure.code === 'number' ? `exited with ${failure.code}` : failure.signal ? `was ended by ${failure.signal}` : 'failed';
        const said = firstLine(stderr, value || undefined);
        reject(new TokendeckError('SOURCE_UNAVAILABLE', `The command ${name} ${exit}${said ? `: ${said}` : ''}. Run it yourself to see why (a sign-in it needs, a path it cannot find).`));
      }
    });
    child.stdin?.end();
  });
}
