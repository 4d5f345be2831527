// What a script is given of a credential: `exec`'s environment (and the variables its `--var` names) and `token --json`'s fields. An
// Authorization credential is `TOKENDECK_AUTHORIZATION`; a placed one (an API key) has no
// Authorization value, so it is `TOKENDECK_HEADER` (`X-API-Key: …`) or `TOKENDECK_QUERY`
// (`api_key=…`, percent-encoded) instead, beside `TOKENDECK_TOKEN` (the key) in every case.
import { credentialHeaderLine, credentialQueryPair } from '../core/credential-forms.js';
import { TokendeckError } from '../core/errors.js';
import { boundThumbprint, thumbprintStart } from '../core/http/certificate-binding.js';
import type { Credential } from '../core/schemes/types.js';

/** The variables `exec` owns: each one not set for this credential is unset, never inherited from a caller's run. */
const OWNED = ['TOKENDECK_TOKEN', 'TOKENDECK_AUTHORIZATION', 'TOKENDECK_HEADER', 'TOKENDECK_QUERY'] as const;

type Sendable = Pick<Credential, 'token' | 'authorization' | 'placement'>;

/**
 * Variables that decide what a program runs, loads or where it lives: a token put there breaks the
 * command at best, so `--var` refuses them (the dynamic loaders' LD_ and DYLD_ families included).
 */
const REFUSED = new Set(['PATH', 'HOME', 'SHELL', 'IFS', 'ENV', 'BASH_ENV', 'CDPATH', 'PWD', 'TMPDIR', 'NODE_OPTIONS', 'PYTHONPATH', 'PERL5OPT', 'RUBYOPT']);

/** Why `--var NAME` cannot be given the token, or undefined: a POSIX name (letters, digits, _), not one that steers programs, not ours. */
export function variableNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'is not a variable name (letters, digits and _, not starting with a digit)';
  if (/^TOKENDECK_/i.test(name)) return 'is one of Tokendeck\'s own (TOKENDECK_TOKEN and the rest are set anyway)';
  if (REFUSED.has(name.toUpperCase()) || /^(LD|DYLD)_/i.test(name)) return 'decides what programs run or load: a token there would break the command';
  return undefined;
}

/** `exec --var NAME`s, checked before anything is made. */
export function checkedVariableNames(names: string[]): string[] {
  for (const name of names) {
    const problem = variableNameProblem(name);
    if (problem) throw new TokendeckError('USAGE', `--var ${JSON.stringify(name).slice(0, 80)} ${problem}. Name the variable the tool reads, e.g. --var GITHUB_TOKEN.`);
  }
  return names;
}

/** The command's environment: the caller's, with the credential's variables, and the token also in each of `names` (exec --var). */
export function credentialEnv(env: NodeJS.ProcessEnv, credential: Sendable, names: readonly string[] = []): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env };
  for (const name of OWNED) delete child[name];
  for (const name of names) child[name] = credential.token;
  child.TOKENDECK_TOKEN = credential.token;
  if (!credential.placement) child.TOKENDECK_AUTHORIZATION = credential.authorization;
  else if (credential.placement.in === 'header') child.TOKENDECK_HEADER = credentialHeaderLine(credential);
  else child.TOKENDECK_QUERY = credentialQueryPair(credential);
  return child;
}

/** `token --json`'s description of how it is sent: the Authorization value, or the placement (the key is `token`). */
export function credentialUseJson(credential: Sendable): { authorization: string } | { placement: { in: 'header' | 'query'; name: string } } {
  return credential.placement ? { placement: { in: credential.placement.in, name: credential.placement.name } } : { authorization: credential.authorization };
}

/**
 * Said once on stderr when a token handed out is certificate-bound (RFC 8705 §3: its cnf names a
 * TLS certificate): whoever uses it must present that certificate, or the server refuses it.
 */
export function sayIfBound(io: { stderr: { write(text: string): unknown } }, credential: { token: string }): void {
  const bound = boundThumbprint(credential.token);
  if (bound !== undefined) io.stderr.write(`This token is bound to the TLS certificate ${thumbprintStart(bound)} (RFC 8705): it is accepted only over a connection that presents that certificate (curl --cert/--key with the client's certificate).\n`);
}
