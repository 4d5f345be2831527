// Runs one external tool of a secret source (pass, gpg, git) the way every source must: argv, no
// shell, stdin closed, a minimal environment, a timeout and a cap on what it may print. Its words
// (stderr) are hostile too: `toolWords` makes them fit to repeat.
import { spawn } from 'node:child_process';
import { TokendeckError } from '../errors.js';

/**
 * What a tool inherits from Tokendeck's environment: where to find programs and the user's
 * configuration, the character set, and what a pinentry needs to ask the user for a passphrase
 * (a display, a session bus, a terminal). Nothing else: no PASSWORD_STORE_* or GIT_* setting of
 * the caller's shell changes what a source reads.
 */
const INHERITED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_CTYPE', 'TMPDIR', 'DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'GPG_TTY', 'SSH_AUTH_SOCK'];

export function toolEnv(extra: Record<string, string>, from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  // Messages in English whatever the user's language: errors are recognised by their words.
  return { ...env, LC_MESSAGES: 'C', ...extra };
}

export interface ToolRun {
  file: string;
  args: string[];
  env: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

export type ToolResult =
  | { kind: 'done'; stdout: string; stderr: string }
  /** `stdout`: what it printed before failing (a caller never repeats it; it may be a secret). */
  | { kind: 'failed'; exitCode: number | null; stderr: string; stdout?: string }
  | { kind: 'not-installed' }
  | { kind: 'timeout' }
  | { kind: 'too-long' };

/**
 * Runs the tool and says how it ended; never throws for the tool's own failure. The tool runs in
 * a process group of its own, killed whole on a timeout or an overlong answer: `pass` is a shell
 * script, and killing it alone would leave its gpg waiting on the agent. Output is capped (stdout
 * and stderr together) while it arrives, not after.
 */
export function runTool(run: ToolRun): Promise<ToolResult> {
  const group = process.platform !== 'win32';
  return new Promise((resolve) => {
    let ended: ToolResult | undefined;
    const end = (result: ToolResult) => {
      clearTimeout(timer);
      ended ??= result;
    };
    const killAll = () => {
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    // stdin closed at once ('ignore'): a tool that wants a passphrase or a confirmation from stdin gets EOF, not a hang.
    const child = spawn(run.file, run.args, { env: run.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: group });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > run.maxBytes) {
        end({ kind: 'too-long' });
        killAll();
      } else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const timer = setTimeout(() => {
      end({ kind: 'timeout' });
      killAll();
    }, run.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      end(error.code === 'ENOENT' ? { kind: 'not-installed' } : { kind: 'failed', exitCode: null, stderr: error.code ?? 'could not start' });
      resolve(ended!);
    });
    child.on('close', (exitCode) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      end(exitCode === 0 ? { kind: 'done', stdout, stderr } : { kind: 'failed', exitCode, stderr, stdout });
      resolve(ended!);
    });
  });
}

/**
 * A tool's stderr made fit to repeat: control characters (terminal escapes, CR tricks) dropped,
 * folded to one line, cut. The tools here print no secret on stderr, but a hostile store could
 * name its files anything, and their names are echoed.
 */
export function toolWords(stderr: string, maxChars = 200): string {
  const folded = stderr.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return folded.length <= maxChars ? folded : `${folded.slice(0, maxChars)}…`;
}

/** The error of a tool that is not on PATH, naming the Debian package that provides it. */
export function toolMissing(tool: string, debianPackage: string, source: string): TokendeckError {
  return new TokendeckError('SOURCE_UNAVAILABLE', `${source}: the \`${tool}\` program is not installed (or not on PATH). Install it (Debian/Ubuntu: apt-get install ${debianPackage}; macOS: brew install ${debianPackage}) and try again.`);
}

export function toolTimeout(what: string, timeoutMs: number, hint: string): TokendeckError {
  return new TokendeckError('TIMEOUT', `${what} did not finish within ${timeoutMs / 1000} s and was stopped. ${hint}`);
}
