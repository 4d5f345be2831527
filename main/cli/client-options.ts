// The options `client add` and `client update` share: integration users (`--user label=uuid`) and
// an OAuth 2.0 client's token request (scope, audience, how the secret is sent, assumed lifetime).
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import type { IntegrationUser, OAuth2Settings } from '../core/model/entities.js';
import { setOrRemove, stringOption, type Options, type Parsed } from './command.js';

export const OAUTH2_USAGE = '[--scope S] [--audience A] [--auth-method basic|post] [--assumed-lifetime <duration>]';

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
