// `tokendeck client update`: everything the deck's client form sets, from a terminal. Only the
// options given change; lists given replace the stored list. A change of where a stored secret
// goes is refused unless --allow-destination-change says so.
import { parseDuration } from '../../core/duration.js';
import { TokendeckError } from '../../core/errors.js';
import type { ClientOptions } from '../../core/model/inputs.js';
import { SCHEMES } from '../../core/providers/schemes.js';
import { allowedDestinationChange } from '../allowed-destination-change.js';
import { OAUTH2_USAGE, oauth2Options, oauth2Settings, parseUser } from '../client-options.js';
import { clientPath } from '../client-path.js';
import { listOption, onOffOption, stringOption, usageLine, type Command } from '../command.js';
import { JWT_CLIENT_USAGE, jwtClientOptions, jwtClientSettings } from '../profile-options.js';
import { providerSpec } from '../../core/providers/registry.js';

export const command: Command = {
  usage: `client update <org>/<client> [--env ENV] [--production on|off] [--client-id ID] [--default-scheme ${SCHEMES.join('|')}] [--user <label>=<uuid>]... [--no-users] [--auto-refresh on|off] [--devtoken-ttl <duration>] ${OAUTH2_USAGE} ${JWT_CLIENT_USAGE} [--allow-destination-change]`,
  description: '--env moves the client to that environment; TOKENDECK_ENV with <org> alone means its one client there',
  positionals: 1,
  options: {
    env: { type: 'string' },
    production: { type: 'string' },
    'client-id': { type: 'string' },
    'default-scheme': { type: 'string' },
    user: { type: 'string', multiple: true },
    'no-users': { type: 'boolean' },
    'auto-refresh': { type: 'string' },
    'devtoken-ttl': { type: 'string' },
    ...oauth2Options,
    ...jwtClientOptions,
    'allow-destination-change': { type: 'boolean' },
  },
  async run(args, { io, vault }) {
    const path = clientPath(args, { io, vault }, { envFlag: false });
    const { org, client } = vault().resolveClient(path.org, path.client);
    const changes: Record<string, unknown> = {};
    const env = stringOption(args, 'env');
    const clientId = stringOption(args, 'client-id');
    const scheme = stringOption(args, 'default-scheme');
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
    if (Object.keys(changes).length === 0) throw new TokendeckError('USAGE', `Nothing to change: give at least one option.\nUsage: tokendeck ${usageLine(command)}`);
    const approved = allowedDestinationChange(args, io, vault().clientUpdateDestinationChange(path.org, path.client, changes as ClientOptions));
    const updated = await vault().updateClient(path.org, path.client, changes as ClientOptions, approved);
    io.stderr.write(`Updated client ${path.org}/${updated.name}: ${Object.keys(changes).join(', ')}.\n`);
  },
};
