// `tokendeck client update`: everything the deck's client form sets, from a terminal. Only the
// options given change; lists given replace the stored list. A change of where a stored secret
// goes is refused unless --allow-destination-change says so.
import { parseDuration } from '../../core/duration.js';
import { TokendeckError } from '../../core/errors.js';
import type { ClientOptions } from '../../core/model/inputs.js';
import { allowedDestinationChange } from '../allowed-destination-change.js';
import { certificateFiles, certificateOptions, certificateSetWords, oauth2Options, oauth2Settings, parseUser } from '../client-options.js';
import { confirmOrRefuse } from '../confirm-or-refuse.js';
import { schemeOption } from '../credential-options.js';
import { clientPath } from '../client-path.js';
import { destinationChangeOption, yesOption, listOption, onOffOption, stringOption, usageLine, type Command } from '../command.js';
import { jwtClientOptions, jwtClientSettings } from '../profile-options.js';
import { providerSpec } from '../../core/providers/registry.js';

export const command: Command = {
  usage: 'client update <org>/<client>',
  summary: "change a client's settings",
  description: 'TOKENDECK_ENV with <org> alone means its one client there; --no-cert removes the TLS certificate and deletes its key (asks on a terminal, else needs --yes)',
  examples: ['tokendeck client update acme/web --default-scheme devtoken', 'tokendeck client update acme/web --env staging', 'tokendeck client update acme/svc --scope "read write" --cert svc.pem --cert-key svc.key'],
  positionals: 1,
  options: {
    env: { type: 'string', value: 'ENV', description: 'move the client to this environment' },
    production: { type: 'string', value: 'on|off', description: 'mark the client production on its own, or not (its environment\'s mark by default)' },
    'client-id': { type: 'string', value: 'ID', description: 'the client ID the API issued' },
    'default-scheme': { type: 'string', value: 'SCHEME', description: 'the credential `token` gives when --scheme is not given' },
    user: { type: 'string', multiple: true, value: 'LABEL=UUID', description: 'an integration user (the list replaces the current one)' },
    'no-users': { type: 'boolean', description: 'remove every integration user' },
    'auto-refresh': { type: 'string', value: 'on|off', description: 'renew its tokens before they expire while the app runs' },
    'devtoken-ttl': { type: 'string', value: 'DURATION', description: "DevTokens' lifetime for this client" },
    ...oauth2Options,
    ...certificateOptions,
    'no-cert': { type: 'boolean', description: 'remove its TLS certificate and delete its key' },
    ...yesOption,
    ...jwtClientOptions,
    ...destinationChangeOption,
  },
  async run(args, { io, vault }) {
    const path = clientPath(args, { io, vault }, { envFlag: false });
    const { org, client } = vault().resolveClient(path.org, path.client);
    const changes: Record<string, unknown> = {};
    const env = stringOption(args, 'env');
    const clientId = stringOption(args, 'client-id');
    const scheme = schemeOption(args, 'default-scheme');
    const ttl = stringOption(args, 'devtoken-ttl');
    const autoRefresh = onOffOption(args, 'auto-refresh');
    // --scope is the OAuth 2.0 client's scope, or the RFC 7523 request's for a signed-JWT client.
    const signedJwt = providerSpec(org.provider).clientSettings.includes('jwt');
    const oauth2 = signedJwt ? undefined : oauth2Settings(args, client.oauth2);
    const jwt = jwtClientSettings(args, client.jwt, signedJwt);
    const production = onOffOption(args, 'production');
    if (env !== undefined) changes.environment = env;
    if (production !== undefined) changes.production = production;
    if (clientId !== undefined) changes.clientId = clientId;
    if (scheme !== undefined) changes.defaultScheme = scheme;
    if (args.values['no-users']) changes.integrationUsers = [];
    else if (listOption(args, 'user').length) changes.integrationUsers = listOption(args, 'user').map(parseUser);
    if (autoRefresh !== undefined) changes.autoRefresh = autoRefresh;
    if (ttl !== undefined) changes.devtokenTtlSeconds = parseDuration(ttl, '--devtoken-ttl');
    if (oauth2) changes.oauth2 = oauth2;
    if (jwt) changes.jwt = jwt;
    const tls = await certificateFiles(args);
    const noCert = args.values['no-cert'] === true;
    if (tls && noCert) throw new TokendeckError('USAGE', 'Give --cert/--cert-key or --no-cert, not both.');
    if (Object.keys(changes).length === 0 && !tls && !noCert) throw new TokendeckError('USAGE', `Nothing to change: give at least one option.\nUsage: tokendeck ${usageLine(command)}`);
    const name = `${org.name}/${client.name}`;
    if (noCert && client.certificate) {
      await confirmOrRefuse(args, io, [`Removing the TLS certificate of ${name} (${client.certificate.subject}) deletes its private key from the keychain: Tokendeck keeps no other copy.`], `Remove the certificate of ${name}?`, 'Nothing was changed.');
    }
    // The certificate first: --auth-method tls_client_auth needs it in place.
    if (tls) {
      const { client: certified, warnings } = await vault().setClientCertificate(path.org, path.client, tls.certPem, tls.keyPem);
      io.stderr.write(`${certificateSetWords(name, certified.certificate!, tls.keyFile)}\n`);
      for (const warning of warnings) io.stderr.write(`Warning: ${warning}\n`);
    }
    if (Object.keys(changes).length > 0) {
      const approved = allowedDestinationChange(args, io, vault().clientUpdateDestinationChange(path.org, path.client, changes as ClientOptions));
      const updated = await vault().updateClient(path.org, path.client, changes as ClientOptions, approved);
      io.stderr.write(`Updated client ${path.org}/${updated.name}: ${Object.keys(changes).join(', ')}.\n`);
    }
    // Last: a change of --auth-method away from tls_client_auth lets the certificate go.
    if (noCert) {
      await vault().removeClientCertificate(path.org, path.client);
      io.stderr.write(`Removed the TLS certificate of ${name}; its private key is deleted from the keychain.\n`);
    }
  },
};
