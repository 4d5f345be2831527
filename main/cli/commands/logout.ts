// `tokendeck logout`: the person's refresh token revoked at the server (RFC 7009), the session and
// its cached tokens forgotten here whatever the server said. Exit 1 when the server did not confirm.
import { clientPath, envOption } from '../client-path.js';
import type { Command } from '../command.js';

export const command: Command = {
  usage: 'logout <org>/<client>',
  summary: 'revoke the refresh token and forget the session',
  examples: ['tokendeck logout acme/app'],
  positionals: 1,
  options: { ...envOption },
  async run(args, { io, vault, tokens }) {
    const path = clientPath(args, { io, vault });
    const outcome = await tokens().signOut(path);
    const name = `${path.org}/${vault().resolveClient(path.org, path.client).client.name}`;
    if (outcome.revoked) return void io.stderr.write(`Signed out of ${name}: the refresh token was revoked at the server.\n`);
    io.stderr.write(`Signed out of ${name} here, but the refresh token was not revoked at the server: ${outcome.problem ?? 'it did not say why'}.\n`);
    return 1;
  },
};
