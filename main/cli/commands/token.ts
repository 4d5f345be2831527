// `tokendeck token`: a client's credential for scripts. The token alone goes to stdout (or the
// clipboard); the secret behind it never does.
import { isoTime } from '../../core/iso-time.js';
import { SCHEMES } from '../../core/providers/schemes.js';
import type { IssuedCredential } from '../../core/token-service.js';
import type { Command } from '../command.js';
import { credentialUseJson, sayIfBound } from '../credential-env.js';
import { ENV_NOTE } from '../client-path.js';
import { credentialOptions, sayDefaultScheme, tokenRequest } from '../credential-options.js';
import { forTerminal, printJson } from '../io.js';

function credentialJson(credential: IssuedCredential) {
  return {
    scheme: credential.scheme,
    token: credential.token,
    ...credentialUseJson(credential),
    issuedAt: isoTime(credential.issuedAt),
    expiresAt: isoTime(credential.expiresAt),
  };
}

export const command: Command = {
  usage: `token <org>/<client> [--env ENV] [--scheme ${SCHEMES.join('|')}] [--sub <label|uuid>] [--ttl <duration>] [--fresh] [--json] [--copy]`,
  description: `${ENV_NOTE}; --ttl: DevTokens and signed JWTs`,
  positionals: 1,
  options: { ...credentialOptions, fresh: { type: 'boolean' }, json: { type: 'boolean' }, copy: { type: 'boolean' } },
  async run(args, { io, vault, tokens, core }) {
    const request = { ...tokenRequest(args, { io, vault }), fresh: args.values.fresh === true };
    if (args.values.copy) {
      // Loaded here: printing a token needs neither the clipboard nor the hand-outs list.
      const [{ copyToken }, { copySecretToClipboard }] = await Promise.all([import('../../core/operations.js'), import('../clipboard.js')]);
      const copied = await copyToken(await core(), { copy: (secret) => copySecretToClipboard(secret, io.env) }, request);
      const expiry = copied.expiresAt ? `, expires ${copied.expiresAt}` : '';
      io.stderr.write(`Copied the ${copied.scheme} credential${expiry}. The clipboard is cleared in ${copied.clearsInMs / 1000} s if it still holds it.\n`);
      return;
    }
    const credential = await tokens().credential(request);
    sayDefaultScheme(io, args, credential.scheme);
    await sayIfBound(io, credential);
    if (args.values.json) return printJson(io, credentialJson(credential));
    io.stdout.write(`${forTerminal(credential.token)}\n`);
  },
};
