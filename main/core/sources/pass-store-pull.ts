// Brings a pass store up to date with the team's remote (`git pull --ff-only`): a rotation or a
// re-encryption pushed by a teammate is seen only after it. Fast-forward only: Tokendeck never
// merges or rewrites the user's store; a diverged or dirty store is the user's to resolve.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TokendeckError } from '../errors.js';
import { runTool, toolEnv, toolMissing, toolTimeout, toolWords } from './run-tool.js';

const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface PullResult {
  /** Whether the pull brought new commits (HEAD moved). */
  updated: boolean;
}

function git(storeDir: string, args: string[], timeoutMs: number) {
  // No prompt for a user name or password: there is no terminal to answer it, only a timeout.
  const env = toolEnv({ GIT_TERMINAL_PROMPT: '0' });
  return runTool({ file: 'git', args: ['-C', storeDir, ...args], env, timeoutMs, maxBytes: MAX_OUTPUT_BYTES });
}

async function head(storeDir: string, timeoutMs: number): Promise<string | undefined> {
  const result = await git(storeDir, ['rev-parse', '--verify', '-q', 'HEAD'], timeoutMs);
  return result.kind === 'done' ? result.stdout.trim() : undefined;
}

function pullFailure(storeDir: string, stderr: string, exitCode: number | null): TokendeckError {
  const said = toolWords(stderr) || `exit ${exitCode}`;
  const fail = (code: 'SOURCE_UNAVAILABLE' | 'NETWORK', why: string) => new TokendeckError(code, `pass: could not pull the store ${storeDir}: ${why} (git said: ${said})`);
  if (/Not possible to fast-forward|diverg/i.test(stderr)) {
    return fail('SOURCE_UNAVAILABLE', `it has local commits the team's remote does not have. Resolve it in a terminal (cd ${storeDir} && git pull --rebase, or pass git pull --rebase) and push`);
  }
  if (/would be overwritten|commit your changes|unmerged|not concluded your merge|conflict/i.test(stderr)) {
    return fail('SOURCE_UNAVAILABLE', `it has uncommitted or conflicting changes. Commit or discard them in a terminal (cd ${storeDir} && git status), then pull again`);
  }
  if (/no tracking information/i.test(stderr)) {
    return fail('SOURCE_UNAVAILABLE', `its branch follows no remote branch. Set one (git -C ${storeDir} branch --set-upstream-to=origin/<branch>)`);
  }
  if (/Could not read from remote|unable to access|Could not resolve host|does not appear to be a git repository|Connection (refused|timed out)/i.test(stderr)) {
    return fail('NETWORK', `the team's remote did not answer. Check the network and your access to the remote (git -C ${storeDir} remote -v)`);
  }
  return fail('SOURCE_UNAVAILABLE', `git pull failed. Run git -C ${storeDir} pull --ff-only in a terminal to see why`);
}

/** `git -C storeDir pull --ff-only`, its failures typed. Reads and prints nothing of any entry. */
export async function pullPassStore(storeDir: string, timeoutMs: number): Promise<PullResult> {
  // Without its own .git, `git -C` would find and pull a repository that merely contains the folder.
  if (!(await stat(path.join(storeDir, '.git')).then(() => true, () => false))) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: the store ${storeDir} is not a git repository, so there is no team remote to pull from. Clone the team's store (git clone <remote> ${storeDir}) or, for a store of your own, pass git init.`);
  }
  const before = await head(storeDir, timeoutMs);
  const result = await git(storeDir, ['pull', '--ff-only', '--quiet'], timeoutMs);
  switch (result.kind) {
    case 'done':
      return { updated: (await head(storeDir, timeoutMs)) !== before };
    case 'not-installed':
      throw toolMissing('git', 'git', `pass: the store ${storeDir}`);
    case 'timeout':
      throw toolTimeout(`git pull of the pass store ${storeDir}`, timeoutMs, 'Check the network and that the remote does not wait for a password or a host key confirmation (try git pull in a terminal).');
    case 'too-long':
      throw new TokendeckError('SOURCE_UNAVAILABLE', `pass: git pull of ${storeDir} printed over ${MAX_OUTPUT_BYTES / 1024} KB and was stopped. Run it in a terminal to see why.`);
    case 'failed':
      throw pullFailure(storeDir, result.stderr, result.exitCode);
  }
}
