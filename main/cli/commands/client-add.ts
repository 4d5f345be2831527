// `tokendeck client add`: a client of an organization, its integration users and settings; the
// secret from stdin only, or the reference it is read from (--secret-from, issue 24).
import { TokendeckError } from '../../core/errors.js';
import { capitalized } from '../../core/destination-words.js';
import { listOption, requiredOption, splitClientPath, stringOption, usageLine, type Command } from '../command.js';
import { certificateFiles, certificateOptions, certificateSetWords, oauth2Options, oauth2Settings, parseUser } from '../client-options.js';
import { schemeOption } from '../credential-options.js';
import { CLIENT_SECRET_INPUT, readSecret } from '../io.js';
import { jwtClientOptions, jwtClientSettings } from '../profile-options.js';
import { providerSpec } from '../../core/providers/registry.js';

export const command: Command = {
  usage: 'client add <org>/<client>',
  summary: 'add a client to an organization (its secret from stdin)',
  description: 'the secret is read from stdin (--secret-stdin) or from a source set up here (--secret-from), never from an argument',
  examples: ["printf %s \"$SECRET\" | tokendeck client add acme/web --env development --client-id web-123 --secret-stdin", 'tokendeck client add acme/ci --env staging --client-id ci --secret-from pass:team/acme/ci', 'tokendeck client add gh/bot --env production --client-id Iv1.abc --installation-id 4242'],
  positionals: 1,
  options: {
    env: { type: 'string', value: 'ENV', required: true, description: 'the environment the client belongs to' },
    'client-id': { type: 'string', value: 'ID', required: true, description: 'the client ID the API issued (Apple: the Team ID; App Store Connect: the issuer ID)' },
    'secret-stdin': { type: 'boolean', description: 'read the client secret from stdin into the keychain' },
    'secret-from': { type: 'string', value: 'REF', description: 'read the secret from a source each time (pass:…, vault:…#…, command:…)' },
    user: { type: 'string', multiple: true, value: 'LABEL=UUID', description: 'an integration user tokens may be issued for' },
    'default-scheme': { type: 'string', value: 'SCHEME', description: 'the credential `token` gives when --scheme is not given' },
    ...oauth2Options,
    ...certificateOptions,
    ...jwtClientOptions,
  },
  async run(args, { io, vault }) {
    const path = splitClientPath(args.positionals[0]!);
    const scheme = schemeOption(args, 'default-scheme');
    // --scope is the OAuth 2.0 client's scope, or the RFC 7523 request's for a signed-JWT client.
    const signedJwt = providerSpec(vault().organization(path.org).provider).clientSettings.includes('jwt');
    const oauth2 = signedJwt ? undefined : oauth2Settings(args, undefined);
    const jwt = jwtClientSettings(args, undefined, signedJwt);
    const input = {
      name: path.client,
      environment: requiredOption(args, 'env', command),
      clientId: requiredOption(args, 'client-id', command),
      integrationUsers: listOption(args, 'user').map(parseUser),
      ...(scheme ? { defaultScheme: scheme } : {}),
      ...(oauth2 ? { oauth2 } : {}),
      ...(jwt ? { jwt } : {}),
    };
    const from = stringOption(args, 'secret-from');
    if (from !== undefined && args.values['secret-stdin']) throw new TokendeckError('USAGE', `Give --secret-stdin or --secret-from, not both.\nUsage: tokendeck ${usageLine(command)}`);
    // Read before the client is added, so an unreadable reference adds nothing.
    const check = from === undefined ? undefined : await vault().sources.check(from);
    if (check && !check.readable) throw new TokendeckError(check.error.code, check.error.message);
    // Read and checked before the secret is asked: a key that is not the certificate's adds nothing.
    const tls = await certificateFiles(args);
    const warnings = tls ? (await import('../../core/client-certificate.js')).parseClientCertificate(tls.certPem, tls.keyPem, Date.now()).warnings : [];
    const secret = args.values['secret-stdin'] ? await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${args.positionals[0]}: `) : undefined;
    const client = await vault().addClient(path.org, input, secret, tls && { certPem: tls.certPem, keyPem: tls.keyPem });
    if (from !== undefined) {
      // A new client's first source: the user named it in this very command, so the change is said, not asked.
      const change = vault().clientSourceDestinationChange(path.org, client.name, from);
      if (change) io.stderr.write(`${capitalized(change.message)}.\n`);
      await vault().setClientSecretSource(path.org, client.name, from, change);
    }
    io.stderr.write(`Added client ${path.org}/${client.name} [${client.environment}]${from !== undefined ? `, its secret read from ${from}` : client.hasSecret ? ' with its secret in the keychain' : ''}.\n`);
    if (tls && client.certificate) io.stderr.write(`${certificateSetWords(`${path.org}/${client.name}`, client.certificate, tls.keyFile)}\n`);
    for (const warning of warnings) io.stderr.write(`Warning: ${warning}\n`);
  },
};
