// `tokendeck org update`: everything the deck's organization form sets, from a terminal. Only the
// options given change; lists given replace the stored list. A change of where a stored secret
// goes is refused unless --allow-destination-change says so.
import { TokendeckError } from '../../core/errors.js';
import type { Organization } from '../../core/model/entities.js';
import type { OrganizationChanges } from '../../core/model/inputs.js';
import { updateOrganizationAsAllowed } from '../allowed-destination-change.js';
import { API_KEY_USAGE, apiKeyOptions, apiKeyPlacementFromArgs } from '../api-key-options.js';
import { listOption, stringOption, usageLine, type Command, type Parsed } from '../command.js';
import { NETWORK_USAGE, networkFromArgs, networkOptions } from '../network-options.js';
import { PROFILE_USAGE, profileFromArgs, profileOptions } from '../profile-options.js';

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

export const command: Command = {
  usage: `org update <org> [--api-url URL] [--token-url URL] [--allow-origin ORIGIN]... [--no-origins] [--agreement REF] [--licensed-product P]... [--valid-until YYYY-MM-DD] [--no-agreement] [--catalog NAME=ID:private|shared]... [--no-catalogs] [--notes TEXT] ${PROFILE_USAGE} ${API_KEY_USAGE} ${NETWORK_USAGE} [--no-cacert] [--allow-destination-change]`,
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
    ...apiKeyOptions,
    ...networkOptions,
    'no-cacert': { type: 'boolean' },
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
    const apiKey = apiKeyPlacementFromArgs(args);
    if (apiKey) changes.apiKey = apiKey;
    const network = await networkFromArgs(args, true, io);
    if (network) changes.network = network;
    if (Object.keys(changes).length === 0) throw new TokendeckError('USAGE', `Nothing to change: give at least one option.\nUsage: tokendeck ${usageLine(command)}`);
    const org = await updateOrganizationAsAllowed(args, io, vault(), name, changes);
    io.stderr.write(`Updated organization ${org.name}: ${Object.keys(changes).join(', ')}.\n`);
  },
};
