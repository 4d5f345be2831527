// `tokendeck client set-secret`: a client's secret, read from stdin, into the keychain.
import { splitClientPath, type Command } from '../command.js';
import { CLIENT_SECRET_INPUT, readSecret } from '../io.js';
import { trashDays } from '../removal-words.js';

export const command: Command = {
  usage: 'client set-secret <org>/<client>',
  description: 'the secret is read from stdin',
  positionals: 1,
  options: {},
  async run(args, { io, vault }) {
    const path = splitClientPath(args.positionals[0]!);
    const secret = await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${args.positionals[0]}: `);
    await vault().setClientSecret(path.org, path.client, secret);
    io.stderr.write(`Saved the secret of ${args.positionals[0]} in the keychain (the previous one, if any, is in the trash for ${await trashDays()} days).\n`);
  },
};
