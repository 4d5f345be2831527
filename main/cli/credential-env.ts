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
