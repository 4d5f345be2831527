// The options `org env add` and `org env update` share: what an environment overrides of its
// organization (API URL, token URL, allowed origins, a signed-JWT audience) and whether it is
// production. The values are checked by the environment's schema (model/inputs.ts).
import { TokendeckError } from '../core/errors.js';
import type { EnvironmentOverride } from '../core/model/environments.js';
import { listOption, stringOption, type Options, type Parsed } from './command.js';

export const environmentOptions = {
  'api-url': { type: 'string', value: 'URL', description: 'the API\'s base URL in this environment' },
  'token-url': { type: 'string', value: 'URL', description: 'the token endpoint in this environment' },
  'allow-origin': { type: 'string', multiple: true, value: 'ORIGIN', description: 'an origin credentials may be sent to (the list replaces the organization\'s)' },
  audience: { type: 'string', value: 'AUDIENCE', description: 'signed JWTs: the aud claim in this environment' },
  production: { type: 'boolean', description: 'mark it production (its clients\' copies and sends say "production credential"; --all-envs skips it)' },
  'not-production': { type: 'boolean', description: 'mark it not production, whatever its name' },
} satisfies Options;

/** Each override's option, as `--clear` names it too. */
export const OVERRIDE_OPTIONS: Readonly<Record<string, EnvironmentOverride>> = {
  'api-url': 'apiBaseUrl',
  'token-url': 'tokenUrl',
  'allow-origin': 'allowedOrigins',
  audience: 'audience',
};

export type Overrides = Partial<{ apiBaseUrl: string; tokenUrl: string; allowedOrigins: string[]; audience: string }>;

/** The overrides the options give (a list given replaces the environment's list). */
export function overridesFromArgs(args: Parsed): Overrides {
  const overrides: Record<string, string | string[]> = {};
  for (const [option, field] of Object.entries(OVERRIDE_OPTIONS)) {
    const value = field === 'allowedOrigins' ? (listOption(args, option).length ? listOption(args, option) : undefined) : stringOption(args, option);
    if (value !== undefined) overrides[field] = value;
  }
  return overrides as Overrides;
}

/** --production or --not-production; undefined when neither is given. */
export function productionFromArgs(args: Parsed): boolean | undefined {
  const yes = args.values.production === true;
  const no = args.values['not-production'] === true;
  if (yes && no) throw new TokendeckError('USAGE', 'Give --production or --not-production, not both.');
  return yes ? true : no ? false : undefined;
}
