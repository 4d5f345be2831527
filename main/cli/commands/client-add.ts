// `tokendeck client add`: a client of an organization, its integration users and settings; the
// secret from stdin only.
import type { Scheme } from '../../core/providers/schemes.js';
import { listOption, requiredOption, splitClientPath, stringOption, type Command } from '../command.js';
import { OAUTH2_USAGE, oauth2Options, oauth2Settings, parseUser } from '../client-options.js';
import { CLIENT_SECRET_INPUT, readSecret } from '../io.js';
import { JWT_CLIENT_USAGE, jwtClientOptions, jwtClientSettings } from '../profile-options.js';
import { providerSpec } from '../../core/providers/registry.js';

export const command: Command = {
  usage: `client add <org>/<client> --env <env> --client-id <id> [--secret-stdin] [--user <label>=<uuid>]... [--default-scheme S] ${OAUTH2_USAGE} ${JWT_CLIENT_USAGE}`,
  positionals: 1,
  options: {
    env: { type: 'string' },
    'client-id': { type: 'string' },
    'secret-stdin': { type: 'boolean' },
    user: { type: 'string', multiple: true },
    'default-scheme': { type: 'string' },
    ...oauth2Options,
    ...jwtClientOptions,
  },
  async run(args, { io, vault }) {
    const path = splitClientPath(args.positionals[0]!);
    const scheme = stringOption(args, 'default-scheme');
    // --scope is the OAuth 2.0 client's scope, or the RFC 7523 request's for a signed-JWT client.
    const signedJwt = providerSpec(vault().organization(path.org).provider).clientSettings.includes('jwt');
    const oauth2 = signedJwt ? undefined : oauth2Settings(args, undefined);
    const jwt = jwtClientSettings(args, undefined, signedJwt);
    const input = {
      name: path.client,
      environment: requiredOption(args, 'env', command),
      clientId: requiredOption(args, 'client-id', command),
      integrationUsers: listOption(args, 'user').map(parseUser),
      ...(scheme ? { defaultScheme: scheme as Scheme } : {}),
      ...(oauth2 ? { oauth2 } : {}),
      ...(jwt ? { jwt } : {}),
    };
    const secret = args.values['secret-stdin'] ? await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${args.positionals[0]}: `) : undefined;
    const client = await vault().addClient(path.org, input, secret);
    io.stderr.write(`Added client ${path.org}/${client.name} [${client.environment}]${client.hasSecret ? ' with its secret in the keychain' : ''}.\n`);
  },
};
