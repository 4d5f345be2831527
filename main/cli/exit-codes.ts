// Every exit code `tokendeck` answers with, in one place: the dispatcher and the commands return
// these, `tokendeck --help` prints EXIT_CODE_TABLE, and the README quotes it.
import type { ErrorCode } from '../core/errors.js';

export const EXIT = {
  ok: 0,
  /** The server refused, a request answered ≥ 400, the keychain or network failed: see stderr. */
  failure: 1,
  /** Bad input: the arguments, a name that does not exist, a value refused. Nothing was done. */
  badInput: 2,
  /** `request --all-envs`: the environments answered differently. */
  outcomesDiffer: 3,
  /** `exec`: the command to run was not found (otherwise `exec` exits with the command's own code). */
  commandNotFound: 127,
} as const;

/** The error codes that mean the input was wrong (exit 2); every other code is a failure (exit 1). */
export const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set(['USAGE', 'VALIDATION', 'NOT_FOUND', 'BAD_KEY', 'SCOPE', 'DESTINATION_CHANGE']);

/** The table `tokendeck --help` prints under EXIT CODES, and the README shows. */
export const EXIT_CODE_TABLE = [
  '  0    success',
  '  1    failure: the server refused, `request` got a status >= 400 (the body still on stdout,',
  '       the status on stderr), keychain, network, TLS or timeout; stderr says which.',
  '       `request --all-envs`: every environment answered the same status >= 400, or none answered',
  '  2    bad input, nothing done: usage, a name that does not exist (USAGE, VALIDATION, NOT_FOUND,',
  '       BAD_KEY, SCOPE, DESTINATION_CHANGE not confirmed); also `request --all-envs` when every',
  '       environment was skipped',
  '  3    `request --all-envs`: the environments answered differently (statuses, or some failed);',
  '       this wins over 1: a difference is what --all-envs is asked to find',
  '  127  `exec`: the command was not found; otherwise `exec` exits with the command\'s own code',
  '       (128 + the signal number when a signal ended it)',
].join('\n');
