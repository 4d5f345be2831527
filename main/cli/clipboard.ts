// The CLI's clipboard, through the platform's own tool (the app uses Electron's clipboard). A
// copied token is cleared after a delay if the clipboard still holds it: a detached helper
// process waits, compares and clears. It gets, on its stdin, an HMAC of the token under a random
// key made for this copy, and the key; never the token, and nothing derived from it on its
// command line, which every user of the machine can read (/proc/<pid>/cmdline, `ps`): a plain
// hash there let a weak secret be recovered offline.
import type { spawn as Spawn } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SystemClipboard } from '../core/clipboard-guard.js';
import { TokendeckError } from '../core/errors.js';
import { CLEAR_COMMAND } from './clipboard-clear-command.js';

export const DEFAULT_CLIPBOARD_CLEAR_MS = 30_000;

interface ClipboardTool {
  copy: [string, ...string[]];
  paste: [string, ...string[]];
}

function tool(env: NodeJS.ProcessEnv): ClipboardTool {
  switch (process.platform) {
    case 'darwin':
      return { copy: ['pbcopy'], paste: ['pbpaste'] };
    case 'win32':
      return { copy: ['clip'], paste: ['powershell', '-NoProfile', '-Command', 'Get-Clipboard'] };
    default:
      return env.WAYLAND_DISPLAY
        ? { copy: ['wl-copy'], paste: ['wl-paste', '--no-newline'] }
        : { copy: ['xclip', '-selection', 'clipboard'], paste: ['xclip', '-selection', 'clipboard', '-o'] };
  }
}

/** child_process is loaded only by --copy: a plain `tokendeck token` never starts a process. */
async function spawner(): Promise<typeof Spawn> {
  return (await import('node:child_process')).spawn;
}

async function run([command, ...args]: [string, ...string[]], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const spawn = await spawner();
  return new Promise((resolve, reject) => {
    // xclip stays behind to serve the selection: wait for exit, not for its pipes to close.
    const child = spawn(command, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', input === undefined ? 'pipe' : 'ignore', 'ignore'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new TokendeckError('CLIPBOARD_UNAVAILABLE', `The clipboard tool ${command} could not run (${(error as NodeJS.ErrnoException).code ?? error.message}). Install it, or leave out --copy to print the token instead.`)));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new TokendeckError('CLIPBOARD_UNAVAILABLE', `The clipboard tool ${command} failed (exit ${code}): is a display available (DISPLAY or WAYLAND_DISPLAY)? Or leave out --copy to print the token instead.`))));
    // A tool that exits at once (no display) closes its stdin before the token is written: EPIPE
    // there is not a failure of its own, the exit code above says what went wrong.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/**
 * The platform clipboard through its command-line tool, as a SystemClipboard (the browser test
 * harness uses it where Electron's clipboard is absent). The tools set plain text only.
 */
export function commandLineClipboard(env: NodeJS.ProcessEnv): SystemClipboard {
  const write = (text: string) => copySettled(env, text);
  return {
    writeSecret: write,
    writeText: write,
    readText: () => run(tool(env).paste, env),
    clear: () => write(''),
  };
}

/**
 * xclip and wl-copy leave a process behind to serve the selection and exit before the display
 * server has necessarily made it the owner; on a busy machine a copy made just after (a clear,
 * then a new copy) could be overtaken by the earlier one. So a copy is done only once the
 * clipboard reads back what was written (for up to about a second; then it is left as it is).
 */
async function copySettled(env: NodeJS.ProcessEnv, text: string): Promise<void> {
  const { copy, paste } = tool(env);
  await run(copy, env, text);
  if (process.platform === 'darwin' || process.platform === 'win32') return;
  for (let attempt = 0; attempt < 40; attempt++) {
    if ((await run(paste, env).catch(() => undefined)) === text) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What the helper compares the clipboard with: a key for this copy only, and the token's HMAC under it. */
interface ClearCheck {
  key: string;
  mac: string;
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

export function clipboardClearDelay(env: NodeJS.ProcessEnv): number {
  const value = Number(env.TOKENDECK_CLIPBOARD_CLEAR_MS);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_CLIPBOARD_CLEAR_MS;
}

/** Copies, then leaves a detached process to clear it later. Resolves to the delay in ms. */
export async function copySecretToClipboard(secret: string, env: NodeJS.ProcessEnv): Promise<number> {
  await run(tool(env).copy, env, secret);
  const delay = clipboardClearDelay(env);
  const key = randomBytes(32);
  const check: ClearCheck = { key: key.toString('hex'), mac: hmac(key, secret).toString('hex') };
  // The running `tokendeck` script itself serves as the helper; its arguments are the delay only.
  const cli = process.argv[1]!;
  const helper = (await spawner())(process.execPath, [cli, CLEAR_COMMAND, String(delay)], { env, detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // A helper that died at once (no display, say) must not take this command down with EPIPE.
  helper.stdin.on('error', () => undefined);
  helper.stdin.end(`${JSON.stringify(check)}\n`);
  helper.unref();
  return delay;
}

async function readCheck(stdin: NodeJS.ReadableStream): Promise<ClearCheck | undefined> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > 1024) return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<ClearCheck> | null;
    return typeof value?.key === 'string' && typeof value.mac === 'string' ? (value as ClearCheck) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The detached helper: reads what to compare with from stdin, and after the delay clears the
 * clipboard if it still holds the secret. Without a readable check it leaves the clipboard alone.
 */
export async function clearClipboardLater(stdin: NodeJS.ReadableStream, delayMs: number, env: NodeJS.ProcessEnv): Promise<void> {
  const check = await readCheck(stdin);
  if (!check) return;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const current = await run(tool(env).paste, env).catch(() => undefined);
  if (current === undefined) return;
  const expected = Buffer.from(check.mac, 'hex');
  const actual = hmac(Buffer.from(check.key, 'hex'), current);
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) await run(tool(env).copy, env, '');
}
