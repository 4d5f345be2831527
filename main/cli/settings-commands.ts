// `tokendeck org update | client update`: everything the deck's organization and client forms
// set, from a terminal. Only the options given change; lists given replace the stored list. A
// change of where a stored secret goes is refused unless --allow-destination-change says so.
import type { DestinationChange } from '../core/destination-change.js';
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import type { IntegrationUser, OAuth2Settings, Organization } from '../core/model/entities.js';
import type { ClientOptions, OrganizationChanges } from '../core/model/inputs.js';
import { listOption, onOffOption, setOrRemove, splitClientPath, stringOption, type Command, type Options, type Parsed } from './command.js';
import { usageOf } from './command-index.js';
import { jwtClientOptions, jwtClientSettings, profileFromArgs, profileOptions } from './profile-options.js';
import type { CliIo } from './io.js';

const AUTH_METHODS: Record<string, OAuth2Settings['authMethod']> = {
  basic: 'client_secret_basic',
  client_secret_basic: 'client_secret_basic',
  post: 'client_secret_post',
  client_secret_post: 'client_secret_post',
};

export function parseUser(value: string): IntegrationUser {
  const at = value.indexOf('=');
  if (at <= 0) throw new TokendeckError('USAGE', `--user "${value}" is not <label>=<uuid>.`);
  return { label: value.slice(0, at), uuid: value.slice(at + 1) };
}

/** The OAuth 2.0 options `client add` and `client update` share. */
export const oauth2Options = {
  scope: { type: 'string' },
  audience: { type: 'string' },
  'auth-method': { type: 'string' },
  'assumed-lifetime': { type: 'string' },
} satisfies Options;

/** The OAuth 2.0 settings the options ask for, merged over the client's current ones. */
export function oauth2Settings(args: Parsed, current: OAuth2Settings | undefined): OAuth2Settings | undefined {
  const scope = stringOption(args, 'scope');
  const audience = stringOption(args, 'audience');
  const method = stringOption(args, 'auth-method');
  const lifetime = stringOption(args, 'assumed-lifetime');
  if (scope === undefined && audience === undefined && method === undefined && lifetime === undefined) return undefined;
  const authMethod = method === undefined ? undefined : AUTH_METHODS[method];
  if (method !== undefined && !authMethod) throw new TokendeckError('USAGE', `--auth-method takes basic or post (client_secret_basic, client_secret_post), not "${method}".`);
  const next: Record<string, unknown> = { authMethod: 'client_secret_basic', ...current };
  // An empty value removes the setting: --scope '' asks for the server's default scope.
  setOrRemove(next, 'scope', scope);
  setOrRemove(next, 'audience', audience);
  setOrRemove(next, 'authMethod', authMethod);
  setOrRemove(next, 'assumedLifetimeSeconds', lifetime === undefined || lifetime === '' ? lifetime : parseDuration(lifetime, '--assumed-lifetime'));
  return next as OAuth2Settings;
}

/**
 * The destination change the user allowed with --allow-destination-change, said out loud; without
 * the flag none, and the vault refuses the change (DESTINATION_CHANGE) naming where it would go.
 */
function allowedDestinationChange(args: Parsed, io: CliIo, change: DestinationChange | undefined): DestinationChange | undefined {
  if (!change || args.values['allow-destination-change'] !== true) return undefined;
  io.stderr.write(`${change.message.charAt(0).toUpperCase()}${change.message.slice(1)} (--allow-destination-change).\n`);
  return change;
}

const orgUpdate: Command = {
  usage: usageOf('org update'),
  positionals: 1,
  options: {
    'api-url': { type: 'string' },
    'token-url': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    'no-origins': { type: 'boolean' },
    agreement: { type: 'string' },
    'licensed-product': { type: 'string', multiple: true },
    'valid-until': { type: 'string' },
    'no-agreement': { type: 'boolean' },
    catalog: { type: 'string', multiple: true },
    'no-catalogs': { type: 'boolean' },
    notes: { type: 'string' },
    ...profileOptions,
    'allow-destination-change': { type: 'boolean' },
  },
  async run(args, { io, vault }) {
    const name = args.positionals[0]!;
    const current = vault().organization(name);
    const changes: OrganizationChanges = {};
    const apiUrl = stringOption(args, 'api-url');
    const tokenUrl = stringOption(args, 'token-url');
    if (apiUrl !== undefined) changes.apiBaseUrl = apiUrl;
    if (tokenUrl !== undefined) changes.tokenUrl = tokenUrl;
    if (args.values['no-origins']) changes.allowedOrigins = [];
    else if (listOption(args, 'allow-origin').length) changes.allowedOrigins = listOption(args, 'allow-origin');
    const agreement = agreementChange(args, current);
    if (agreement !== undefined) changes.agreement = agreement;
    if (args.values['no-catalogs']) changes.catalogs = [];
    else if (listOption(args, 'catalog').length) changes.catalogs = listOption(args, 'catalog').map(parseCatalog);
    const notes = stringOption(args, 'notes');
    if (notes !== undefined) changes.notes = notes;
    const jwt = profileFromArgs(args, current.jwt);
    if (jwt) changes.jwt = jwt;
    if (Object.keys(changes).length === 0) throw new TokendeckError('USAGE', `Nothing to change: give at least one option.\nUsage: tokendeck ${orgUpdate.usage}`);
    const approved = allowedDestinationChange(args, io, vault().organizationUpdateDestinationChange(name, changes));
    const org = await vault().updateOrganization(name, changes, approved);
    io.stderr.write(`Updated organization ${org.name}: ${Object.keys(changes).join(', ')}.\n`);
  },
};

function agreementChange(args: Parsed, current: Organization): OrganizationChanges['agreement'] {
  if (args.values['no-agreement']) return null;
  const reference = stringOption(args, 'agreement');
  const products = listOption(args, 'licensed-product');
  const validUntil = stringOption(args, 'valid-until');
  if (reference === undefined && products.length === 0 && validUntil === undefined) return undefined;
  const base = current.agreement;
  if (!base && reference === undefined) throw new TokendeckError('USAGE', 'This organization has no agreement yet: give its reference with --agreement REF.');
  return {
    reference: reference ?? base!.reference,
    licensedProducts: products.length ? products : (base?.licensedProducts ?? []),
    ...((validUntil ?? base?.validUntil) ? { validUntil: validUntil ?? base!.validUntil! } : {}),
  };
}

function parseCatalog(value: string): { name: string; id: string; visibility: 'private' | 'shared' } {
  const match = /^(.+)=(.+):(private|shared)$/.exec(value);
  if (!match) throw new TokendeckError('USAGE', `--catalog "${value}" is not NAME=ID:private|shared.`);
  return { name: match[1]!, id: match[2]!, visibility: match[3] as 'private' | 'shared' };
}

const clientUpdate: Command = {
  usage: usageOf('client update'),
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
    const path = splitClientPath(args.positionals[0]!);
    const { org, client } = vault().resolveClient(path.org, path.client);
    const changes: Record<string, unknown> = {};
    const env = stringOption(args, 'env');
    const clientId = stringOption(args, 'client-id');
    const scheme = stringOption(args, 'default-scheme');
    const ttl = stringOption(args, 'devtoken-ttl');
    const autoRefresh = onOffOption(args, 'auto-refresh');
    // --scope is the OAuth 2.0 client's scope, or the RFC 7523 request's for a signed-JWT client.
    const oauth2 = org.provider === 'jwt' ? undefined : oauth2Settings(args, client.oauth2);
    const jwt = jwtClientSettings(args, client.jwt, org.provider === 'jwt');
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
    if (Object.keys(changes).length === 0) throw new TokendeckError('USAGE', `Nothing to change: give at least one option.\nUsage: tokendeck ${clientUpdate.usage}`);
    const approved = allowedDestinationChange(args, io, vault().clientUpdateDestinationChange(path.org, path.client, changes as ClientOptions));
    const updated = await vault().updateClient(path.org, path.client, changes as ClientOptions, approved);
    io.stderr.write(`Updated client ${path.org}/${updated.name}: ${Object.keys(changes).join(', ')}.\n`);
  },
};

export const settingsCommands: Record<string, Command> = { 'org update': orgUpdate, 'client update': clientUpdate };
