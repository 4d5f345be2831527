// Credential destinations: a change to where an organization's stored secrets go (its provider,
// API URL, token URL, allowed origins, proxy or CA bundle; a client's id, OAuth 2.0 auth method, scope or audience;
// an imported saved request allowed to go to any origin), to what a stored secret is handed out as
// (a client's default scheme moving up the ladder below), or to what a stored private key signs (a
// signed-JWT profile's claims, header, exchange or a longer lifetime; a client's subject, scope or
// installation; a MusicAPI client's DevToken users or a longer DevToken lifetime) while it holds a
// client secret or a private key. Never made silently: an import or
// a deck edit names every new destination in full and needs its own confirmation.
import { TokendeckError } from './errors.js';
import { resolveRequestUrl } from './http/request-url.js';
import { allowedOrigins } from './http/scope.js';
import { DEVTOKEN_DEFAULT_TTL_SECONDS } from './providers/musicapi.js';
import { providerSpec } from './providers/registry.js';
import type { SpecOrganization } from './providers/spec.js';
import { schemeFacts, type Scheme } from './providers/schemes.js';
import { effectiveEndpoints, inEnvironment, type Endpoints, type EnvironmentShape } from './model/environments.js';
import { sameName } from './model/primitives.js';
import { canonical, capitalized, clip, hostOf, listed, shownOrigin, shownUrl, shownValue } from './destination-words.js';
import { keyLabel, type Client, type JwtProfile, type Organization, type SigningKey } from './model/entities.js';
import { networkChange } from './network-destination.js';

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
  action: 'import' | 'organization edit' | 'client edit' | 'source change';
  changes: DestinationChange[];
}

/** Asks the user outside the page (main's native dialog): true only if they confirmed. */
export type ConfirmDestinationChange = (question: DestinationChangeQuestion) => Promise<boolean>;

/** The organization's credentials that are stored here: what a new destination would receive. */
export interface HeldCredentials {
  /** `environment` unset: counted in every environment (a caller with no environments). */
  clients: ReadonlyArray<Pick<Client, 'name' | 'hasSecret'> & Partial<Pick<Client, 'environment'>>>;
  keys: ReadonlyArray<Pick<SigningKey, 'kid' | 'thumbprint' | 'hasPrivateKey'>>;
}

type Destinations = Pick<Organization, 'name' | 'provider' | 'apiBaseUrl' | 'tokenUrl' | 'allowedOrigins' | 'network'> & { jwt?: JwtProfile | undefined; environments?: readonly EnvironmentShape[] | undefined } & Pick<SpecOrganization, 'apiKey'>;
type ClientSettings = Pick<Client, 'clientId' | 'oauth2'> & Partial<Pick<Client, 'environment' | 'defaultScheme' | 'jwt' | 'integrationUsers' | 'devtokenTtlSeconds'>>;
type ClientDestination = Pick<Client, 'name' | 'hasSecret'> & ClientSettings;

function credentialsOf(org: string, held: HeldCredentials, provider: Destinations['provider']): string[] {
  // What the provider's keys sign: a MusicAPI organization's DevTokens, a signed-JWT one's tokens.
  const tokens = providerSpec(provider).signing?.tokens ?? 'tokens';
  return [
    ...held.clients.filter((c) => c.hasSecret).map((c) => `the secret of ${org}/${c.name}`),
    ...held.keys.filter((k) => k.hasPrivateKey).map((k) => `${tokens} signed with ${org}'s key ${clip(keyLabel(k))}`),
  ];
}

const PROFILE_LABELS = {
  preset: 'preset',
  alg: 'alg',
  typ: 'typ header',
  kid: 'kid header',
  iss: 'iss',
  sub: 'sub',
  aud: 'aud',
  nbf: 'nbf',
  jti: 'jti',
  scope: 'scope claim',
  claims: 'extra claims',
  exchange: 'exchange',
} as const satisfies Partial<Record<keyof JwtProfile, string>>;

/**
 * What a profile change alters in what the organization's key signs, or in what is done with it:
 * every header rule and claim, the exchange, and a longer lifetime (a shorter one only limits).
 * The Authorization word and the back-dating of iat are not a destination: left out.
 */
function signedProfileChanges(before: JwtProfile, after: JwtProfile): Array<{ field: string; how: string }> {
  const changes: Array<{ field: string; how: string }> = [];
  for (const [field, label] of Object.entries(PROFILE_LABELS) as Array<[keyof typeof PROFILE_LABELS, string]>) {
    if (canonical(before[field]) === canonical(after[field])) continue;
    const shown = (value: unknown) => (field === 'alg' || field === 'exchange' || field === 'preset' ? String(value) : shownValue(value));
    changes.push({ field: `jwt.${field}`, how: `${label} ${shown(after[field])} (was ${shown(before[field])})` });
  }
  for (const [field, label] of [['ttlSeconds', 'lifetime'], ['maxTtlSeconds', 'maximum lifetime']] as const) {
    if (after[field] > before[field]) changes.push({ field: `jwt.${field}`, how: `${label} ${after[field]} s (was ${before[field]} s)` });
  }
  return changes;
}

/**
 * Where an exchange posts the JWT the key signs: the token URL (RFC 7523), GitHub's API URL — in
 * every environment, each with its own where it sets one.
 */
function exchangeReceivers(org: Destinations): string[] {
  const exchange = org.jwt?.exchange ?? 'none';
  if (exchange === 'none') return [];
  const names: Array<string | undefined> = org.environments?.length ? org.environments.map((e) => e.name) : [undefined];
  const receivers = names.map((name) => {
    const effective = effectiveEndpoints(org, name);
    return exchange === 'github-installation' ? effective.apiBaseUrl : effective.tokenUrl;
  });
  return [...new Set(receivers.flatMap((url) => (url ? [shownUrl(url)] : [])))];
}

const keysHeldBy = (org: string, held: HeldCredentials) => held.keys.filter((k) => k.hasPrivateKey).map((k) => `${org}'s key ${clip(keyLabel(k))}`);

/** The places credentials would go under `now` that they did not under `was`: a changed API or token URL, a new origin; each once, as contacted. */
function newPlaces(was: Endpoints, now: Endpoints): string[] {
  const urls = (['apiBaseUrl', 'tokenUrl'] as const).flatMap((field) => (now[field] && now[field] !== was[field] ? [shownUrl(now[field])] : []));
  return [...new Set([...urls, ...now.allowedOrigins.filter((o) => !was.allowedOrigins.includes(o)).map(shownOrigin)])];
}

/**
 * Where each environment's credentials would go that they did not before: its effective API URL,
 * token URL, new allowed origins and (for keys) audience, before and after, read through
 * `effectiveEndpoints` — so an organization's URL change reaches the environments that use it, and
 * an environment's own change only its clients. Named per environment when there are several.
 */
function endpointChanges(before: Destinations, after: Destinations, held: HeldCredentials): { fields: string[]; destinations: string[]; sentences: string[] } {
  const names: Array<string | undefined> = [];
  for (const name of [...(before.environments ?? []).map((e) => e.name), ...(after.environments ?? []).map((e) => e.name), ...held.clients.flatMap((c) => (c.environment === undefined ? [] : [c.environment]))]) {
    if (!names.some((n) => n !== undefined && sameName(n, name))) names.push(name);
  }
  if (!names.length) names.push(undefined);
  const fields = new Set<string>();
  const destinations: string[] = [];
  const sentences: string[] = [];
  const audienceChangedForAll = (before.jwt?.aud ?? '') !== (after.jwt?.aud ?? '');
  for (const name of names) {
    const inEnv = { clients: held.clients.filter((c) => name === undefined || c.environment === undefined || sameName(c.environment, name)), keys: held.keys };
    const credentials = credentialsOf(before.name, inEnv, before.provider);
    if (!credentials.length) continue;
    const was = effectiveEndpoints(before, name);
    const now = effectiveEndpoints(after, name);
    const fieldName = (field: 'apiBaseUrl' | 'tokenUrl' | 'allowedOrigins' | 'audience', orgLevel: boolean) => (orgLevel || name === undefined ? field : `environments.${name}.${field}`);
    for (const field of ['apiBaseUrl', 'tokenUrl'] as const) {
      if ((was[field] ?? '') !== (now[field] ?? '')) fields.add(fieldName(field, (before[field] ?? '') !== (after[field] ?? '')));
    }
    if (was.allowedOrigins.length !== now.allowedOrigins.length || now.allowedOrigins.some((o) => !was.allowedOrigins.includes(o))) {
      const orgLevel = before.allowedOrigins.length !== after.allowedOrigins.length || after.allowedOrigins.some((o) => !before.allowedOrigins.includes(o));
      fields.add(fieldName('allowedOrigins', orgLevel));
    }
    const where = name !== undefined && names.length > 1 ? ` in ${name}` : '';
    const unique = newPlaces(was, now);
    if (unique.length) sentences.push(`${listed(credentials)} would now be sent to ${listed(unique)}${where}`);
    destinations.push(...unique);
    const keys = keysHeldBy(before.name, held);
    if (keys.length && !audienceChangedForAll && (was.audience ?? '') !== (now.audience ?? '')) {
      fields.add(fieldName('audience', false));
      sentences.push(`${listed(keys)} would now sign with aud ${shownValue(now.audience)} (was ${shownValue(was.audience)})${where}`);
    }
  }
  return { fields: [...fields], destinations, sentences };
}

/** The change from `before` to `after` of an organization's destinations, if it holds anything. */
export function organizationDestinationChange(before: Destinations, after: Destinations, held: HeldCredentials): DestinationChange | undefined {
  const credentials = credentialsOf(before.name, held, before.provider);
  if (!credentials.length) return undefined;
  const fields: string[] = [];
  const destinations: string[] = [];
  if (before.provider !== after.provider) fields.push('provider');
  const endpoints = endpointChanges(before, after, held);
  fields.push(...endpoints.fields);
  destinations.push(...endpoints.destinations);
  // Where an API key goes in each request: another header or query parameter is read by other
  // hands (a server's access log, a proxy, a referrer), so it is a destination like a host.
  // Where the provider's settings send the credentials within a request (an API key's header or
  // query parameter): another one is read by other hands (an access log, a proxy), a destination.
  const moved = before.provider === after.provider ? providerSpec(after.provider).settingsMoved?.(before, after) : undefined;
  if (moved) fields.push(...moved.fields);
  const keys = keysHeldBy(before.name, held);
  const signed = before.jwt && after.jwt && keys.length ? signedProfileChanges(before.jwt, after.jwt) : [];
  fields.push(...signed.map((c) => c.field));
  // Its proxy (who relays) and CA bundle (who can read): network-destination.ts.
  const network = networkChange(before, after, credentials);
  fields.push(...(network?.fields ?? []));
  destinations.push(...(network?.destinations ?? []));
  // A new exchange hands the signed assertion to a host of its own: named like any new URL.
  if (signed.some((c) => c.field === 'jwt.exchange')) {
    const receivers = exchangeReceivers(after);
    if (receivers.length) {
      destinations.push(...receivers);
      endpoints.sentences.unshift(`${listed(credentials)} would now be sent to ${listed(receivers)}`);
    }
  }
  if (!fields.length) return undefined;
  const unique = [...new Set(destinations)];
  const sentences = [
    ...endpoints.sentences,
    ...(signed.length ? [`${listed(keys)} would now sign with ${signed.map((c) => c.how).join(', ')}`] : []),
    ...(moved ? [`${listed(credentials)} would now be sent ${moved.how}`] : []),
    ...(network?.sentences ?? []),
  ];
  const message = sentences.length ? sentences.join('; ') : `${listed(credentials)}: ${before.name}'s ${fields.join(', ')} would change`;
  return { what: before.name, fields, destinations: unique, message };
}

/** The stored credentials a scheme of the client's is made from. */
function schemeCredentials(org: Destinations, client: ClientDestination, scheme: Scheme, held: HeldCredentials): string[] {
  if (scheme === 'token') return [];
  // A bearer token is exchanged for the client's secret, or for an assertion its organization's key signs.
  if (scheme === 'basic' || (scheme === 'bearer' && providerSpec(org.provider).clientsHoldSecret)) return client.hasSecret ? [`the secret of ${org.name}/${client.name}`] : [];
  return keysHeldBy(org.name, held);
}

function schemeChange(org: Destinations, before: ClientDestination, after: ClientSettings, held: HeldCredentials): string | undefined {
  const was = before.defaultScheme;
  const now = after.defaultScheme;
  if (!was || !now || schemeFacts(now).rank <= schemeFacts(was).rank) return undefined;
  const credentials = schemeCredentials(org, before, now, held);
  if (!credentials.length) return undefined;
  const what = `${org.name}/${before.name}`;
  return `every default copy, token and exec of ${what} would now hand out ${schemeFacts(now).is}, from ${listed(credentials)} (was ${schemeFacts(was).is})`;
}

/**
 * What a MusicAPI organization's key would sign for the client that it did not before: a DevToken's
 * `sub` is an integration user's UUID, so a label pointed at another UUID, or a new label, signs a
 * new subject; a longer DevToken lifetime signs a longer-lived token (a shorter one, or a removed
 * user, only limits). Unset lifetimes are what a DevToken is given: the profile's, else the default.
 */
function devTokenChange(org: Destinations, before: ClientDestination, after: ClientSettings, held: HeldCredentials): { fields: string[]; sentence: string } | undefined {
  if (!providerSpec(org.provider).clientSettings.includes('integrationUsers')) return undefined;
  const keys = keysHeldBy(org.name, held);
  if (!keys.length) return undefined;
  const was = before.integrationUsers ?? [];
  const how: string[] = [];
  const fields: string[] = [];
  const users = (after.integrationUsers ?? []).flatMap((user) => {
    const old = was.find((u) => sameName(u.label, user.label));
    if (old && old.uuid.toLowerCase() === user.uuid.toLowerCase()) return [];
    return [`integration user ${JSON.stringify(user.label)} ${JSON.stringify(user.uuid)} (was ${old ? JSON.stringify(old.uuid) : 'none'})`];
  });
  if (users.length) {
    fields.push('integrationUsers');
    how.push(...users);
  }
  const lifetime = (client: ClientSettings) => client.devtokenTtlSeconds ?? org.jwt?.ttlSeconds ?? DEVTOKEN_DEFAULT_TTL_SECONDS;
  if (lifetime(after) > lifetime(before)) {
    fields.push('devtokenTtlSeconds');
    how.push(`DevToken lifetime ${lifetime(after)} s (was ${lifetime(before)} s)`);
  }
  if (!fields.length) return undefined;
  return { fields, sentence: `${listed(keys)} would now sign DevTokens of ${org.name}/${before.name} with ${how.join(', ')}` };
}

const CLIENT_LABELS: Record<string, string> = {
  clientId: 'client id',
  'oauth2.authMethod': 'auth method',
  'oauth2.grant': 'grant',
  'oauth2.issuer': 'issuer',
  'oauth2.scope': 'scope',
  'oauth2.audience': 'audience',
  'jwt.subject': 'subject',
  'jwt.scope': 'scope',
  'jwt.installationId': 'installation',
};

/** A client moved to another environment whose URLs or origins differ: its credentials go to that environment's hosts. */
function environmentMove(org: Destinations, before: ClientDestination, after: ClientSettings, credentials: string[]): { sentence: string; destinations: string[] } | undefined {
  if (!credentials.length || before.environment === undefined || after.environment === undefined || sameName(before.environment, after.environment)) return undefined;
  const unique = newPlaces(effectiveEndpoints(org, before.environment), effectiveEndpoints(org, after.environment));
  if (!unique.length) return undefined;
  return { sentence: `${listed(credentials)} would now be sent to ${listed(unique)} (environment ${after.environment}, was ${before.environment})`, destinations: unique };
}

/**
 * The change of a client's identity at its token endpoint (id, auth method, scope, audience; a
 * signed-JWT client's subject, scope or installation, which its organization's key signs or sends),
 * and of what its default scheme hands out.
 */
export function clientDestinationChange(org: Destinations, before: ClientDestination, after: ClientSettings, held: HeldCredentials): DestinationChange | undefined {
  const credentials = before.hasSecret ? [`the secret of ${org.name}/${before.name}`] : credentialsOf(org.name, held, org.provider);
  const parts: Array<[string, string | undefined, string | undefined]> = [
    ['clientId', before.clientId, after.clientId],
    ['oauth2.authMethod', before.oauth2 ? before.oauth2.authMethod : undefined, after.oauth2 ? after.oauth2.authMethod : undefined],
    // A person's sign-in: where the browser is sent and whose endpoints are discovered (issue 25).
    ['oauth2.grant', before.oauth2?.grant, after.oauth2?.grant],
    ['oauth2.issuer', before.oauth2?.issuer, after.oauth2?.issuer],
    ['oauth2.scope', before.oauth2?.scope, after.oauth2?.scope],
    ['oauth2.audience', before.oauth2?.audience, after.oauth2?.audience],
    ['jwt.subject', before.jwt?.subject, after.jwt?.subject],
    ['jwt.scope', before.jwt?.scope, after.jwt?.scope],
    ['jwt.installationId', before.jwt?.installationId, after.jwt?.installationId],
  ];
  // No oauth2 settings means the defaults: client_secret_basic, no scope, no audience.
  const effective = (field: string, value: string | undefined) => (field === 'oauth2.authMethod' ? (value ?? 'client_secret_basic') : field === 'oauth2.grant' ? (value ?? 'client_credentials') : value);
  // An installation removed sends nothing (the exchange asks for one); every other removal changes
  // what is signed or asked for (the profile's sub, the server's default scope).
  const changed = credentials.length ? parts.filter(([field, was, now]) => effective(field, was) !== effective(field, now) && !(field === 'jwt.installationId' && now === undefined)) : [];
  const scheme = schemeChange(org, before, after, held);
  const signed = devTokenChange(org, before, after, held);
  const moved = environmentMove(org, before, after, credentials);
  if (!changed.length && !scheme && !signed && !moved) return undefined;
  // Whole, as JSON (the schema bounds each value): a clipped scope could hide what it adds.
  const shown = (field: string, value: string | undefined) => (effective(field, value) === undefined ? 'none' : field === 'oauth2.authMethod' || field === 'oauth2.grant' ? effective(field, value)! : JSON.stringify(value));
  const how = changed.map(([field, was, now]) => `${CLIENT_LABELS[field]} ${shown(field, now)} (was ${shown(field, was)})`);
  const reached = effectiveEndpoints(org, after.environment);
  const endpoint = reached.tokenUrl ?? reached.apiBaseUrl;
  const destinations = [...(changed.length && endpoint ? [shownUrl(endpoint)] : []), ...(moved?.destinations ?? [])];
  const sentences = [
    ...(moved ? [moved.sentence] : []),
    ...(changed.length ? [`${listed(credentials)} would now be sent${endpoint ? ` to ${shownUrl(endpoint)}` : ''} with ${how.join(', ')}`] : []),
    ...(signed ? [signed.sentence] : []),
    ...(scheme ? [scheme] : []),
  ];
  return {
    what: `${org.name}/${before.name}`,
    fields: [...(moved ? ['environment'] : []), ...changed.map(([field]) => field), ...(signed ? signed.fields : []), ...(scheme ? ['defaultScheme'] : [])],
    destinations,
    message: sentences.join('; '),
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
  // Where the client's environment sends it (its API URL, its origins).
  const seen = client?.environment === undefined ? org : inEnvironment(org, client.environment);
  let origin: string;
  try {
    origin = resolveRequestUrl(seen, saved.request.url).origin;
  } catch {
    return undefined; // Not a URL it could ever be sent to.
  }
  if (allowedOrigins(seen).has(origin)) return undefined;
  return {
    what: `${org.name} saved ${saved.name}`,
    fields: ['savedRequests'],
    destinations: [origin],
    message: `${listed(credentials)} would be sent to ${origin} by the saved request ${JSON.stringify(clip(saved.name))} (any origin allowed)`,
  };
}

/** The changes as lines, every one of them: what is not shown cannot be said to be confirmed. */
export function destinationChangeLines(changes: readonly DestinationChange[]): string[] {
  return changes.map((c) => c.message);
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

/** The confirmation's words: what main's dialog shows (and the harness records). Every new host is
 * named: in the question when there are a few, one per line in the detail when there are more. */
export function destinationQuestionText(question: DestinationChangeQuestion): { message: string; detail: string; confirm: string } {
  const hosts = [...new Set(question.changes.flatMap((c) => c.destinations.map(hostOf)))];
  const few = hosts.length <= 3;
  const what = { import: 'This setup file', 'organization edit': 'This edit', 'client edit': 'This edit', 'source change': 'This change of a secret source' }[question.action];
  return {
    message: hosts.length ? `Send stored secrets to ${few ? listed(hosts) : `${hosts.length} new hosts`}?` : 'Change what stored secrets and keys are used for?',
    detail: [
      `${what} changes where secrets stored in Tokendeck are sent, what they are handed out as, or what a stored key signs:`,
      ...(few ? [] : ['', `New hosts (${hosts.length}):`, ...hosts.map((host) => `  ${host}`)]),
      '',
      ...destinationChangeLines(question.changes).map((line) => `• ${capitalized(line)}`),
      '',
      'Confirm only if you expected this change. A changed URL or setting in a shared file, or in a form you did not fill in yourself, can hand your secrets to someone else.',
    ].join('\n'),
    confirm: hosts.length ? `Send to ${hosts.length === 1 ? hosts[0] : 'the new hosts'}` : 'Confirm the change',
  };
}
