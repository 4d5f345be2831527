// `tokendeck client set-secret`: a client's secret, read from stdin, into the keychain; or, with
// --from, the reference it is read from from now on (a destination change: it needs the flag).
import { clientPath, envOption } from '../client-path.js';
import { allowedDestinationChange } from '../allowed-destination-change.js';
import { destinationChangeOption, stringOption, type Command } from '../command.js';
import { CLIENT_SECRET_INPUT, readSecret } from '../io.js';
import { trashDays } from '../removal-words.js';

export const command: Command = {
  usage: 'client set-secret <org>/<client>',
  summary: "replace a client's secret (from stdin)",
  description: 'the secret is read from stdin; --from reads it from a source set up here instead',
  examples: ["printf %s \"$SECRET\" | tokendeck client set-secret acme/web", 'tokendeck client set-secret acme/web --from vault:secret/acme#web'],
  positionals: 1,
  options: { ...envOption, from: { type: 'string', value: 'REF', description: 'read the secret from a source each time (pass:…, vault:…#…, command:…)' }, ...destinationChangeOption },
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
