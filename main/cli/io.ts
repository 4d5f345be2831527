// The CLI's streams: results to stdout, messages to stderr, secrets from stdin (never argv). What
// reaches the terminal is made inert first (forTerminal): text from servers and files is shown,
// never obeyed.
import { TokendeckError } from '../core/errors.js';
import { descriptorWriter } from './descriptor-writer.js';

export interface CliIo {
  stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
}

/** stdin is opened when a command first reads it, and stdout and stderr are not made streams (above). */
export function processIo(): CliIo {
  return {
    stdout: descriptorWriter(1, () => process.stdout),
    stderr: descriptorWriter(2, () => process.stderr),
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
}

/**
 * Control characters (ESC starts the sequences that move the cursor, recolour, retitle the window
 * or write the clipboard; CR overwrites a line), DEL, the C1 controls, and the format characters:
 * bidi overrides and isolates (after U+202E, "gnp.exe" reads "exe.png"), marks, zero-width joiners.
 * Also the line and paragraph separators. Tab is harmless and stays; so does CR before LF.
 */
const INERT_IN_TERMINAL = /\r\n|[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** JSON's escape, code unit by code unit (a surrogate pair for a tag character, say). */
function escapeChar(char: string): string {
  // split('') splits into UTF-16 code units, which is what JSON escapes.
  return char.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

/**
 * The text as `\uXXXX` escapes where a terminal would act on a character rather than show it.
 * Newlines stay with `keepNewlines` (messages of several lines, pretty-printed JSON). Inside a
 * JSON string the escapes are JSON's own, so printed JSON still parses to the same values.
 */
export function forTerminal(text: string, keepNewlines = false): string {
  return text.replace(INERT_IN_TERMINAL, (found) => (found === '\t' || (keepNewlines && (found === '\n' || found === '\r\n')) ? found : escapeChar(found)));
}

/** Anything the CLI writes to stderr goes through forTerminal: messages quote servers and files. */
export function withInertStderr(io: CliIo): CliIo {
  return {
    stdout: io.stdout,
    stderr: { write: (text: string) => io.stderr.write(forTerminal(text, true)) },
    // Not read here: see processIo.
    get stdin() {
      return io.stdin;
    },
    env: io.env,
  };
}

/** What a command reads from stdin, named in its messages, and how much of it is plausible. */
export interface StdinInput {
  /** "client secret", "JWT", "setup file" */
  what: string;
  maxChars: number;
}

export const CLIENT_SECRET_INPUT: StdinInput = { what: 'client secret', maxChars: 64 * 1024 };

export async function readAll(stream: NodeJS.ReadableStream, input: StdinInput): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > input.maxChars) {
      throw new TokendeckError('VALIDATION', `Invalid ${input.what}: standard input is far too long (over ${Math.round(input.maxChars / 1024)} KB).`);
    }
  }
  return text;
}

/** Reads one line from a terminal without echoing it. */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const { stdin } = io;
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: () => void) => {
      stdin.setRawMode?.(false);
      stdin.removeListener('data', onData);
      stdin.pause();
      io.stderr.write('\n');
      result();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(() => resolve(typed));
        if (char === '\u0003') return finish(() => reject(new TokendeckError('USAGE', 'Cancelled; nothing was saved.')));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * A yes/no question on the terminal (the line is echoed as typed): true only for "y" or "yes".
 * End of input or Ctrl-C answers no. Callers ask only when stdin is a terminal.
 */
export function confirmOnTerminal(io: CliIo, question: string): Promise<boolean> {
  const { stdin } = io;
  io.stderr.write(`${question} [y/N] `);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (answer: boolean) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
      resolve(answer);
    };
    const onEnd = () => finish(false);
    const onData = (chunk: Buffer | string) => {
      typed += chunk.toString();
      if (/[\u0003\u0004]/.test(typed)) return finish(false);
      const line = /^(.*?)\r?\n/.exec(typed);
      if (line) finish(/^\s*y(es)?\s*$/i.test(line[1]!));
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** A secret piped in (`printf %s "$S" | tokendeck …`) or typed at a hidden prompt. */
export async function readSecret(io: CliIo, input: StdinInput, prompt: string): Promise<string> {
  if (io.stdin.isTTY) return promptHidden(io, prompt);
  const text = await readAll(io.stdin, input);
  return text.replace(/\r?\n$/, '');
}

export function printJson(io: CliIo, value: unknown): void {
  // JSON.stringify escapes C0 controls itself, not DEL, C1 or the format characters.
  io.stdout.write(`${forTerminal(JSON.stringify(value, null, 2), true)}\n`);
}

/** One result per line: a newline inside a value is escaped too, so it cannot fake a line. */
export function printLines(io: CliIo, lines: string[]): void {
  if (lines.length > 0) io.stdout.write(`${lines.map((line) => forTerminal(line)).join('\n')}\n`);
}
