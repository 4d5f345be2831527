// What a script is given of a credential: `exec`'s environment and `token --json`'s fields. An
// Authorization credential is `TOKENDECK_AUTHORIZATION`; a placed one (an API key) has no
// Authorization value, so it is `TOKENDECK_HEADER` (`X-API-Key: …`) or `TOKENDECK_QUERY`
// (`api_key=…`, percent-encoded) instead, beside `TOKENDECK_TOKEN` (the key) in every case.
import { credentialHeaderLine, credentialQueryPair } from '../core/credential-forms.js';
import type { Credential } from '../core/schemes/types.js';

/** The variables `exec` owns: each one not set for this credential is unset, never inherited from a caller's run. */
const OWNED = ['TOKENDECK_TOKEN', 'TOKENDECK_AUTHORIZATION', 'TOKENDECK_HEADER', 'TOKENDECK_QUERY'] as const;

type Sendable = Pick<Credential, 'token' | 'authorization' | 'placement'>;

/** The command's environment: the caller's, with the credential's variables. */
export function credentialEnv(env: NodeJS.ProcessEnv, credential: Sendable): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env };
  for (const name of OWNED) delete child[name];
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
export async function sayIfBound(io: { stderr: { write(text: string): unknown } }, credential: { token: string }): Promise<void> {
  const { boundThumbprint, thumbprintStart } = await import('../core/http/certificate-binding.js');
  const bound = boundThumbprint(credential.token);
  if (bound !== undefined) io.stderr.write(`This token is bound to the TLS certificate ${thumbprintStart(bound)} (RFC 8705): it is accepted only over a connection that presents that certificate (curl --cert/--key with the client's certificate).\n`);
}
