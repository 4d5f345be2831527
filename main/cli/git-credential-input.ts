// What git writes to a credential helper (`git help credential`, "INPUT/OUTPUT FORMAT"):
// `key=value` lines up to a blank line or the end of input. Only the keys a helper answering
// `get` needs are kept; the rest (path, wwwauth[], capability[] …) are read and ignored.
import { TokendeckError } from '../core/errors.js';
import { readAll, type CliIo } from './io.js';

export interface GitCredentialAsk {
  protocol?: string;
  host?: string;
  username?: string;
}

/** git sends a few short lines: more than this is not git. */
const GIT_INPUT = { what: "git's credential description", maxChars: 64 * 1024 };

export async function readGitCredentialAsk(io: CliIo): Promise<GitCredentialAsk> {
  const text = await readAll(io.stdin, GIT_INPUT);
  const ask: GitCredentialAsk = {};
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed === '') break;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new TokendeckError('USAGE', 'git-credential reads key=value lines from git (protocol=https, host=github.com): run it as git\'s credential helper, not by hand.');
    const key = trimmed.slice(0, equals);
    const value = trimmed.slice(equals + 1);
    if (key === 'protocol' || key === 'host' || key === 'username') ask[key] = value;
  }
  return ask;
}
