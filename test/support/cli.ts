// Runs the built `tokendeck` (dist/cli/tokendeck.js, built by `npm test` before the suite) as a
// separate process, the way scripts use it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli/tokendeck.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The exit code and everything a child process printed. */
function finished(child: ChildProcessByStdio<Writable | null, Readable, Readable>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function runTokendeck(args: string[], options: { env: NodeJS.ProcessEnv; stdin?: string }): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  // A command may stop reading early (refusing an input far too long): not the test's failure.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  return finished(child);
}

/** Runs a shell script (an exported curl command, say) with `tokendeck` on PATH, as an installed
 * package provides it. */
export async function runShellWithTokendeck(script: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bin-'));
  fs.writeFileSync(path.join(bin, 'tokendeck'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`, { mode: 0o755 });
  try {
    return await finished(spawn('sh', ['-c', script], { env: { ...env, PATH: `${bin}:${env.PATH ?? process.env.PATH}` }, stdio: ['ignore', 'pipe', 'pipe'] }));
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}
