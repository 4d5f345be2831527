// `tokendeck token`: a client's credential for scripts. The token alone goes to stdout (or the
// clipboard); the secret behind it never does.
import { isoTime } from '../../core/iso-time.js';
import type { IssuedCredential } from '../../core/token-service.js';
import { jsonOption, type Command } from '../command.js';
import { credentialUseJson, sayIfBound } from '../credential-env.js';
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
  usage: 'token <org>/<client>',
  summary: "print a client's token (cached while fresh), or copy it",
  description: 'only the token goes to stdout, for scripts; the secret behind it never does',
  examples: ['tokendeck token acme/web', 'tokendeck token acme --env staging --scheme devtoken --ttl 10m', 'tokendeck token acme/web --copy', 'curl -H "Authorization: Bearer $(tokendeck token acme/web)" https://api.acme.test/v1/me'],
  positionals: 1,
  options: {
    ...credentialOptions,
    fresh: { type: 'boolean', description: 'a new token, not the cached one' },
    ...jsonOption,
    copy: { type: 'boolean', description: 'copy it to the clipboard (cleared later) instead of printing it' },
  },
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
    sayIfBound(io, credential);
    if (args.values.json) return printJson(io, credentialJson(credential));
    io.stdout.write(`${forTerminal(credential.token)}\n`);
  },
};
