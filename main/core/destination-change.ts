// Credential destinations: a change to where an organization's stored secrets go (its provider,
// API URL, token URL or allowed origins; a client's id, OAuth 2.0 auth method, scope or audience;
// an imported saved request allowed to go to any origin) while it holds a client secret or a
// private key. Never made silently: an import or a deck edit names the new destination and needs
// its own confirmation.
import { TokendeckError } from './errors.js';
import { resolveRequestUrl } from './http/request-url.js';
import { allowedOrigins } from './http/scope.js';
import { keyLabel, sameName, type Client, type Organization, type SigningKey } from './model.js';

export interface DestinationChange {
  /** "partner" for an organization's fields, "partner/svc" for a client's. */
  what: string;
  /** The fields that change: tokenUrl, allowedOrigins, clientId, oauth2.authMethod… */
  fields: string[];
  /** The new places the credentials would go (URLs and origins), as they will be contacted. */
  destinations: string[];
  /** "the secret of partner/svc would now be sent to https://new-host/token" */
  message: string;
}

/** What a confirmation is asked for: one user action and every destination change it makes. */
export interface DestinationChangeQuestion {
  action: 'import' | 'organization edit' | 'client edit';
  changes: DestinationChange[];
}

/** Asks the user outside the page (main's native dialog): true only if they confirmed. */
export type ConfirmDestinationChange = (question: DestinationChangeQuestion) => Promise<boolean>;

/** The organization's credentials that are stored here: what a new destination would receive. */
export interface HeldCredentials {
  clients: ReadonlyArray<Pick<Client, 'name' | 'hasSecret'>>;
  keys: ReadonlyArray<Pick<SigningKey, 'kid' | 'thumbprint' | 'hasPrivateKey'>>;
}

type Destinations = Pick<Organization, 'name' | 'provider' | 'apiBaseUrl' | 'tokenUrl' | 'allowedOrigins'>;
type ClientDestination = Pick<Client, 'name' | 'clientId' | 'hasSecret' | 'oauth2'>;

const MAX_LISTED = 10;
const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** A URL as it will be contacted: parsed and re-serialised, so tabs, line breaks and look-alike
 * Unicode hosts show as what they are (the parser drops the first, punycodes the second). */
function shownUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return JSON.stringify(clip(value));
  }
}

function shownOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return JSON.stringify(clip(value));
  }
}

function hostOf(shown: string): string {
  try {
    return new URL(shown).host;
  } catch {
    return shown;
  }
}

function listed(items: string[]): string {
  if (items.length <= 1) return items.join('');
  const shown = items.length > 3 ? [...items.slice(0, 2), `${items.length - 2} more`] : items;
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function credentialsOf(org: string, held: HeldCredentials, provider: Destinations['provider']): string[] {
  // A signed-JWT organization's tokens (or assertions) are its profile's, a MusicAPI one's DevTokens.
  const tokens = provider === 'jwt' ? 'tokens' : 'DevTokens';
  return [
    ...held.clients.filter((c) => c.hasSecret).map((c) => `the secret of ${org}/${c.name}`),
    ...held.keys.filter((k) => k.hasPrivateKey).map((k) => `${tokens} signed with ${org}'s key ${clip(keyLabel(k))}`),
  ];
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The change from `before` to `after` of an organization's destinations, if it holds anything. */
export function organizationDestinationChange(before: Destinations, after: Destinations, held: HeldCredentials): DestinationChange | undefined {
  const credentials = credentialsOf(before.name, held, before.provider);
  if (!credentials.length) return undefined;
  const fields: string[] = [];
  const destinations: string[] = [];
  if (before.provider !== after.provider) fields.push('provider');
  for (const field of ['apiBaseUrl', 'tokenUrl'] as const) {
    if ((before[field] ?? '') === (after[field] ?? '')) continue;
    fields.push(field);
    if (after[field]) destinations.push(shownUrl(after[field]));
  }
  const origins = new Set(before.allowedOrigins);
  if (before.allowedOrigins.length !== after.allowedOrigins.length || after.allowedOrigins.some((o) => !origins.has(o))) {
    fields.push('allowedOrigins');
    destinations.push(...after.allowedOrigins.filter((o) => !origins.has(o)).map(shownOrigin));
  }
  if (!fields.length) return undefined;
  const message = destinations.length
    ? `${listed(credentials)} would now be sent to ${listed([...new Set(destinations)])}`
    : `${listed(credentials)}: ${before.name}'s ${fields.join(', ')} would change`;
  return { what: before.name, fields, destinations: [...new Set(destinations)], message };
}

/** The change of a client's identity at its token endpoint (id, auth method, scope, audience). */
export function clientDestinationChange(org: Destinations, before: ClientDestination, after: Pick<Client, 'clientId' | 'oauth2'>, held: HeldCredentials): DestinationChange | undefined {
  const credentials = before.hasSecret ? [`the secret of ${org.name}/${before.name}`] : credentialsOf(org.name, held, org.provider);
  if (!credentials.length) return undefined;
  const parts: Array<[string, string | undefined, string | undefined]> = [
    ['clientId', before.clientId, after.clientId],
    ['oauth2.authMethod', before.oauth2 ? before.oauth2.authMethod : undefined, after.oauth2 ? after.oauth2.authMethod : undefined],
    ['oauth2.scope', before.oauth2?.scope, after.oauth2?.scope],
    ['oauth2.audience', before.oauth2?.audience, after.oauth2?.audience],
  ];
  // No oauth2 settings means the defaults: client_secret_basic, no scope, no audience.
  const effective = (field: string, value: string | undefined) => (field === 'oauth2.authMethod' ? (value ?? 'client_secret_basic') : value);
  const changed = parts.filter(([field, was, now]) => effective(field, was) !== effective(field, now));
  if (!changed.length) return undefined;
  const shown = (field: string, value: string | undefined) => (effective(field, value) === undefined ? 'none' : field === 'oauth2.authMethod' ? effective(field, value)! : JSON.stringify(clip(value!)));
  const label: Record<string, string> = { clientId: 'client id', 'oauth2.authMethod': 'auth method', 'oauth2.scope': 'scope', 'oauth2.audience': 'audience' };
  const how = changed.map(([field, was, now]) => `${label[field]} ${shown(field, now)} (was ${shown(field, was)})`);
  const endpoint = org.tokenUrl ?? org.apiBaseUrl;
  const destinations = endpoint ? [shownUrl(endpoint)] : [];
  return {
    what: `${org.name}/${before.name}`,
    fields: changed.map(([field]) => field),
    destinations,
    message: `${listed(credentials)} would now be sent${endpoint ? ` to ${destinations[0]}` : ''} with ${how.join(', ')}`,
  };
}

/**
 * A saved request that would carry the client's credential outside the organization's origins
 * (any origin allowed, a full URL elsewhere): the same re-pointing, one Send away.
 */
export function savedRequestDestinationChange(
  org: Organization,
  saved: { name: string; request: { client: string; url: string; allowAnyOrigin: boolean } },
  held: HeldCredentials,
): DestinationChange | undefined {
  if (!saved.request.allowAnyOrigin) return undefined;
  const client = held.clients.find((c) => sameName(c.name, saved.request.client));
  const credentials = credentialsOf(org.name, { clients: client ? [client] : [], keys: held.keys }, org.provider);
  if (!credentials.length) return undefined;
  let origin: string;
  try {
    origin = resolveRequestUrl(org, saved.request.url).origin;
  } catch {
    return undefined; // Not a URL it could ever be sent to.
  }
  if (allowedOrigins(org).has(origin)) return undefined;
  return {
    what: `${org.name} saved ${saved.name}`,
    fields: ['savedRequests'],
    destinations: [origin],
    message: `${listed(credentials)} would be sent to ${origin} by the saved request ${JSON.stringify(clip(saved.name))} (any origin allowed)`,
  };
}

/** The changes as lines, at most ten of them. */
export function destinationChangeLines(changes: readonly DestinationChange[]): string[] {
  const lines = changes.slice(0, MAX_LISTED).map((c) => c.message);
  if (changes.length > MAX_LISTED) lines.push(`and ${changes.length - MAX_LISTED} more`);
  return lines;
}

/** Whether two plans re-point the same credentials to the same places (nothing moved meanwhile). */
export function sameDestinationChanges(a: readonly DestinationChange[], b: readonly DestinationChange[]): boolean {
  return a.length === b.length && a.every((change, i) => change.message === b[i]!.message);
}

/** Refused because nobody confirmed: the caller must ask (the app) or be told to (the CLI's flag). */
export function destinationChangeRefused(changes: readonly DestinationChange[], howToAllow: string): TokendeckError {
  return new TokendeckError(
    'DESTINATION_CHANGE',
    `This would change where stored secrets are sent: ${destinationChangeLines(changes).join('; ')}. Nothing was changed. ${howToAllow}`,
  );
}

/** The user said no in the confirmation. */
export function destinationChangeDeclined(changes: readonly DestinationChange[]): TokendeckError {
  return new TokendeckError('CANCELLED', `Not confirmed, so nothing was changed: ${destinationChangeLines(changes).join('; ')}.`);
}

/** The confirmation's words: what main's dialog shows (and the harness records). */
export function destinationQuestionText(question: DestinationChangeQuestion): { message: string; detail: string; confirm: string } {
  const hosts = [...new Set(question.changes.flatMap((c) => c.destinations.map(hostOf)))];
  const where = hosts.length ? ` to ${listed(hosts)}` : '';
  const what = { import: 'This setup file', 'organization edit': 'This edit', 'client edit': 'This edit' }[question.action];
  return {
    message: `Send stored secrets${where}?`,
    detail: [
      `${what} changes where secrets stored in Tokendeck are sent:`,
      '',
      ...destinationChangeLines(question.changes).map((line) => `• ${capitalized(line)}`),
      '',
      'Confirm only if you expected this change. A changed URL in a shared file, or in a form you did not fill in yourself, can hand your secrets to someone else.',
    ].join('\n'),
    confirm: hosts.length ? `Send to ${hosts.length === 1 ? hosts[0] : 'the new hosts'}` : 'Confirm the change',
  };
}
