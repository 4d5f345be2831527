// `tokendeck client set-secret`: a client's secret, read from stdin, into the keychain; or, with
// --from, the reference it is read from from now on (a destination change: it needs the flag).
import { clientPath, ENV_NOTE, envOption } from '../client-path.js';
import { allowedDestinationChange } from '../allowed-destination-change.js';
import { stringOption, type Command } from '../command.js';
import { CLIENT_SECRET_INPUT, readSecret } from '../io.js';
import { trashDays } from '../removal-words.js';

export const command: Command = {
  usage: 'client set-secret <org>/<client> [--env ENV] [--from <ref> [--allow-destination-change]]',
  description: `the secret is read from stdin; --from pass:…|vault:…#…|command:… reads it from a source set up here instead; ${ENV_NOTE}`,
  positionals: 1,
  options: { ...envOption, from: { type: 'string' }, 'allow-destination-change': { type: 'boolean' } },
  async run(args, { io, vault }) {
    const path = clientPath(args, { io, vault });
    const name = `${path.org}/${path.client}`;
    const from = stringOption(args, 'from');
    const days = await trashDays();
    if (from !== undefined) {
      const approved = allowedDestinationChange(args, io, vault().clientSourceDestinationChange(path.org, path.client, from));
      await vault().setClientSecretSource(path.org, path.client, from, approved);
      return void io.stderr.write(`${name} reads its secret from ${from} from now on (read once: it is readable). A secret it kept in the keychain, if any, is in the trash for ${days} days.\n`);
    }
    const secret = await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${name}: `);
    await vault().setClientSecret(path.org, path.client, secret);
    io.stderr.write(`Saved the secret of ${name} in the keychain (the previous one, if any, is in the trash for ${days} days).\n`);
  },
};
