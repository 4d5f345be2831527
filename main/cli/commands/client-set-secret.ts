// `tokendeck client set-secret`: a client's secret, read from stdin, into the keychain.
import { clientPath, ENV_NOTE, envOption } from '../client-path.js';
import type { Command } from '../command.js';
import { CLIENT_SECRET_INPUT, readSecret } from '../io.js';
import { trashDays } from '../removal-words.js';

export const command: Command = {
  usage: 'client set-secret <org>/<client> [--env ENV]',
  description: `the secret is read from stdin; ${ENV_NOTE}`,
  positionals: 1,
  options: envOption,
  async run(args, { io, vault }) {
    const path = clientPath(args, { io, vault });
    const name = `${path.org}/${path.client}`;
    const secret = await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${name}: `);
    await vault().setClientSecret(path.org, path.client, secret);
    io.stderr.write(`Saved the secret of ${name} in the keychain (the previous one, if any, is in the trash for ${await trashDays()} days).\n`);
  },
};
