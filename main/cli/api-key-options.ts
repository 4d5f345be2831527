// Where an API-key organization's key goes, from the command line: `--key-header <name>` or
// `--key-query <name>` (org add, org update). The names are checked by the organization's schema.
import { TokendeckError } from '../core/errors.js';
import type { ApiKeyPlacement } from '../core/providers/spec.js';
import { stringOption, type Options, type Parsed } from './command.js';

export const apiKeyOptions = {
  'key-header': { type: 'string', value: 'NAME', description: 'API keys: send the key in this header' },
  'key-query': { type: 'string', value: 'NAME', description: 'API keys: send the key in this query parameter (not with --key-header)' },
} satisfies Options;

/** The placement the options give, if any; both at once is a usage error. */
export function apiKeyPlacementFromArgs(args: Parsed): ApiKeyPlacement | undefined {
  const header = stringOption(args, 'key-header');
  const query = stringOption(args, 'key-query');
  if (header !== undefined && query !== undefined) throw new TokendeckError('USAGE', 'Give --key-header or --key-query, not both: the key goes in one place.');
  if (header !== undefined) return { in: 'header', name: header };
  if (query !== undefined) return { in: 'query', name: query };
  return undefined;
}
