// A real `tokendeck agent` (the built CLI) for the agent's tests, and a second Unix user to be
// refused by it. The agent writes a line per answer on stderr: the tests count those lines to
// prove an answer came through it (never a timing).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { CLI_PATH, type CliRun } from './cli.js';

export interface AgentProcess {
  child: ChildProcess;
  /** What it wrote on stderr so far. */
  stderr(): string;
  /** How many commands it answered. */
  answered(): number;
  /** SIGTERM, and its exit. */
  stop(): Promise<number | null>;
}

/** Starts `tokendeck agent` and resolves once it answers (its "answers on" line), or rejects with its output. */
export function startAgentProcess(env: NodeJS.ProcessEnv, args: string[] = []): Promise<AgentProcess> {
  const child = spawn(process.execPath, [CLI_PATH, 'agent', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes('agent answers on')) {
        resolve({
          child,
          stderr: () => stderr,
          answered: () => stderr.split('\n').filter((line) => line.startsWith('Answered `token')).length,
          stop: () => (child.kill('SIGTERM'), exited),
        });
      }
    });
    void exited.then((code) => reject(new Error(`tokendeck agent exited (${code}) before answering: ${stderr}`)));
  });
}

export const OTHER_USER = 'tdagent-other';

/**
 * The uid of a second local user (made with `useradd -M` when missing; the tests run as root in
 * CI). Throws, never skips, when it cannot be had: the refusal of another user is the point.
 */
export function otherUserUid(): number {
  const lookup = () => spawnSync('id', ['-u', OTHER_USER], { encoding: 'utf8' });
  let found = lookup();
  if (found.status !== 0) {
    const made = spawnSync('useradd', ['-M', '-s', '/usr/sbin/nologin', OTHER_USER], { encoding: 'utf8' });
    if (made.error || made.status !== 0) throw new Error(`The agent's tests need a second Unix user: \`useradd -M ${OTHER_USER}\` failed (${made.error?.message ?? made.stderr.trim()}). Run them as root, or create the user.`);
    found = lookup();
  }
  return Number(found.stdout.trim());
}

/** Runs a node script as the other user (runuser), and what it printed. */
export function runNodeAsOtherUser(script: string, args: string[] = []): CliRun {
  const run = spawnSync('runuser', ['-u', OTHER_USER, '--', process.execPath, '-e', script, ...args], { encoding: 'utf8', cwd: '/' });
  if (run.error) throw new Error(`runuser failed: ${run.error.message}`);
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
