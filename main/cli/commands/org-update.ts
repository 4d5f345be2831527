// `tokendeck org update`: everything the deck's organization form sets, from a terminal. Only the
// options given change; lists given replace the stored list. A change of where a stored secret
// goes is refused unless --allow-destination-change says so.
import { TokendeckError } from '../../core/errors.js';
import type { Organization } from '../../core/model/entities.js';
import type { OrganizationChanges } from '../../core/model/inputs.js';
import { updateOrganizationAsAllowed } from '../allowed-destination-change.js';
import { apiKeyOptions, apiKeyPlacementFromArgs } from '../api-key-options.js';
import { destinationChangeOption, listOption, stringOption, usageLine, type Command, type Parsed } from '../command.js';
import { networkFromArgs, networkOptions } from '../network-options.js';
import { profileFromArgs, profileOptions } from '../profile-options.js';

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
  usage: 'org update <org>',
  summary: "change an organization's settings",
  examples: ['tokendeck org update acme --api-url https://api.acme.test/v2', 'tokendeck org update acme --agreement MSA-42 --valid-until 2027-12-31', 'tokendeck org update corp --no-cacert'],
  positionals: 1,
  options: {
    'api-url': { type: 'string', value: 'URL', description: "the API's base URL" },
    'token-url': { type: 'string', value: 'URL', description: 'the token endpoint' },
    'allow-origin': { type: 'string', multiple: true, value: 'ORIGIN', description: 'another origin credentials may be sent to (the list replaces the current one)' },
    'no-origins': { type: 'boolean', description: 'remove the other origins' },
    agreement: { type: 'string', value: 'REF', description: "the licence agreement's reference" },
    'licensed-product': { type: 'string', multiple: true, value: 'PRODUCT', description: 'a product the agreement licenses' },
    'valid-until': { type: 'string', value: 'YYYY-MM-DD', description: 'when the agreement ends' },
    'no-agreement': { type: 'boolean', description: 'remove the agreement' },
    catalog: { type: 'string', multiple: true, value: 'NAME=ID:private|shared', description: 'a catalog the organization uses' },
    'no-catalogs': { type: 'boolean', description: 'remove the catalogs' },
    notes: { type: 'string', value: 'TEXT', description: 'free notes' },
    ...profileOptions,
    ...apiKeyOptions,
    ...networkOptions,
    'no-cacert': { type: 'boolean', description: 'stop trusting the private CA bundle' },
    ...destinationChangeOption,
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
