// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The vault's data model: zod schemas for what the store file holds and what callers may ask for,
// over the providers and schemes of providers.ts (re-exported here). Secrets are not part of it:
// they live in the keychain (see keychain-accounts.ts).
import { z } from 'zod';
import { TokendeckError } from './errors.js';
import { lazySchema } from './lazy-schema.js';
import { JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS, profileProblems, type JwtProfile as JwtProfileShape } from './jwt-profile.js';
import { defaultApiUrl, providerSpec, missingApiUrl, missingTokenUrl, PROVIDERS, type Provider } from './providers/registry.js';
import { SCHEMES } from './providers/schemes.js';
import { organizationSettingsProblem } from './providers/settings.js';
import { UUID_PATTERN } from './providers/uuid.js';

// No code generation: each process parses the store a few times at most, where zod's compiled
// parsers cost more to build than they save (~7 ms per CLI run), and main needs no eval.
z.config({ jitless: true });

export * from './providers/registry.js';
export * from './providers/schemes.js';

export const STORE_SCHEMA_VERSION = 1;
export const STANDARD_ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** Names (organizations, clients, integration users, saved requests) match without regard to case. */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
export * from './jwt-profile.js';

// A Map, not an object literal: a typed name like "constructor" must not find Object.prototype's.
const ENVIRONMENT_ALIASES = new Map([
  ['dev', 'development'],
  ['develop', 'development'],
  ['stage', 'staging'],
  ['prod', 'production'],
]);

// Names appear in `<org>/<client>` paths and keychain accounts: no slash, no spaces.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The name rule in words, shown under Name fields before anything is submitted. */
export const NAME_RULE = 'Letters, digits, ".", "_" or "-", starting with a letter or digit; no spaces; at most 64';

export const Name = lazySchema(() =>
  z
    .string()
    .regex(NAME_PATTERN, 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
);


// Line and paragraph separators, controls and invisible format characters (Unicode Cc, Cf, Zl,
// Zp): the deck shows one as a space or as nothing, while it ends a line in a terminal or in
// code (U+2028 ends a JavaScript `//` comment) and hides text from whoever reads a shared file.
// A one-line value a person names or reads — a `sub`, a saved request's or a catalog's name, an
// agreement reference — is refused with one where it enters: a setup file, the contract, the CLI.
const NOT_PLAIN_TEXT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Why the value is not plain one-line text (naming the character, never quoting the value), or undefined. */
export function plainTextProblem(value: string): string | undefined {
  const at = value.search(NOT_PLAIN_TEXT);
  if (at === -1) return undefined;
  const code = value.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0');
  return `must be plain text: character ${at + 1} is U+${code}, a line separator, control or invisible format character`;
}

/** The shared refinement: a string schema that also refuses what plainTextProblem names. */
export const plainText = <S extends z.ZodString>(schema: S) =>
  schema.superRefine((value, ctx) => {
    const problem = plainTextProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The same rule for a value that arrives outside a schema (a CLI option): VALIDATION naming the field. */
export function checkPlainText(value: string, field: string): void {
  const problem = plainTextProblem(value);
  if (problem) throw new TokendeckError('VALIDATION', `Invalid ${field}: ${problem}.`, { field });
}

export const Environment = lazySchema(() =>
  z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => ENVIRONMENT_ALIASES.get(value) ?? value)
    .pipe(Name),
);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * A URL as a message may quote it: never its `user:password@` part. `url` is the parsed value when
 * it parsed (the parser also reads userinfo after `\\` or a single slash, which no pattern here
 * should have to know); otherwise everything up to the last "@" goes.
 */
function quotable(value: string, url?: URL): string {
  if (!url) return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:)?[^]*@/, (_, scheme: string | undefined) => `${scheme ?? ''}…@`).slice(0, 200);
  if (!url.username && !url.password) return value.slice(0, 200);
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.href.replace('//', '//…@').slice(0, 200);
}

/**
 * An API or token URL as stored. Credentials travel to it, so plain http is refused except on
 * loopback (local stand-ins and proxies), where nothing crosses a network.
 */
function checkHttpsUrl(value: string, ctx: z.RefinementCtx): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${quotable(value)}" is not a URL (expected https://host/path)` });
    return undefined;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url;
  ctx.addIssue({ code: 'custom', message: `"${quotable(value, url)}" must use https:// (plain http is allowed only for localhost)` });
  return undefined;
}

/**
 * A vault written before userinfo was refused still opens (a stored URL that fails its schema
 * would move the whole vault aside); only what callers add or change is held to HttpsUrl.
 */
const StoredHttpsUrl = lazySchema(() =>
  z.string().superRefine((value, ctx) => void checkHttpsUrl(value, ctx)),
);

/**
 * An API or token URL a caller gives (deck form, CLI, setup import). No `user:password@`: it
 * would be written to vault.json and shown by `list` and `export`, and Tokendeck attaches the
 * client's own credential anyway. The message never repeats the password.
 */
export const HttpsUrl = lazySchema(() =>
  z.string().superRefine((value, ctx) => {
    const url = checkHttpsUrl(value, ctx);
    if (url && (url.username || url.password)) {
      ctx.addIssue({ code: 'custom', message: `must not contain a user name or password (${quotable(value, url)}): Tokendeck adds the client's own credential` });
    }
  }),
);

/** An origin credentials may be sent to: scheme://host[:port], nothing after it. */
export const Origin = lazySchema(() =>
  HttpsUrl.transform((value, ctx) => {
    const url = new URL(value);
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      ctx.addIssue({
        code: 'custom',
        message: `"${quotable(value, url)}" is not an origin: give only scheme://host[:port], e.g. ${url.origin}`,
      });
      return z.NEVER;
    }
    return url.origin;
  }),
);

export const Uuid = lazySchema(() =>
  z.string().regex(UUID_PATTERN, 'must be a UUID like 2cf82db3-4064-4235-8253-16994eb51773'),
);

export const IntegrationUser = lazySchema(() =>
  z.strictObject({
    label: Name,
    uuid: Uuid,
  }),
);
export type IntegrationUser = z.infer<typeof IntegrationUser>;

// Catalogs and agreements as they are entered (plain text, see plainText) and as the store holds
// them: a vault written before the plain-text rule must still open, so the store's are lenient.
const Line = () => z.string().trim().min(1).max(200);
const PlainLine = () => plainText(Line());

const catalogOf = (text: () => z.ZodType<string>) => z.strictObject({ name: text(), id: text(), visibility: z.enum(['private', 'shared']) });
export const Catalog = lazySchema(() => catalogOf(PlainLine));
const StoredCatalog = lazySchema(() => catalogOf(Line));
export type Catalog = z.infer<typeof Catalog>;

const agreementOf = (text: () => z.ZodType<string>) =>
  z.strictObject({
    reference: text(),
    licensedProducts: z.array(text()).max(100).default([]),
    validUntil: z.iso.date({ message: 'must be a date like 2027-12-31' }).optional(),
  });
export const Agreement = lazySchema(() => agreementOf(PlainLine));
const StoredAgreement = lazySchema(() => agreementOf(Line));
export type Agreement = z.infer<typeof Agreement>;

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): string | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item).toLowerCase();
    if (seen.has(k)) return key(item);
    seen.add(k);
  }
  return undefined;
}

// ---- signed-JWT profiles (jwt-profile.ts holds the rules) -----------------------------------

const JSON_OBJECT_CHARS = 4_096;

/**
 * A signed-JWT organization's profile. The shape is checked here; what a value may be (no `none`,
 * no HMAC, each preset's bounds) is `profileProblems`, so the form, the CLI and the store agree.
 */
export const JwtProfile = lazySchema(() =>
  z
    .strictObject({
      preset: z.enum(JWT_PRESETS),
      // A string here, so "none" or "HS256" is refused by profileProblems with the reason.
      alg: z.string().max(20),
      typ: z.string().max(40).optional(),
      kid: z.boolean(),
      iss: z.string().max(500).optional(),
      sub: z.string().max(500).optional(),
      aud: z.string().max(500).optional(),
      nbf: z.boolean().default(false),
      jti: z.boolean().default(false),
      scope: z.array(z.string().max(500)).max(50).optional(),
      // Arrives as JSON (a file, the contract); kept only as what survives a JSON round trip.
      claims: z
        .record(z.string().max(100), z.unknown())
        .refine((claims) => (JSON.stringify(claims) ?? '').length <= JSON_OBJECT_CHARS, `must fit in ${JSON_OBJECT_CHARS} characters of JSON`)
        .transform((claims) => JSON.parse(JSON.stringify(claims)) as Record<string, unknown>)
        .optional(),
      ttlSeconds: z.number().int(),
      maxTtlSeconds: z.number().int(),
      iatBackdateSeconds: z.number().int().default(0),
      word: z.string().max(32).default('Bearer'),
      exchange: z.enum(JWT_EXCHANGES).default('none'),
    })
    .superRefine((profile, ctx) => {
      for (const problem of profileProblems(profile as JwtProfileShape)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    })
    .transform((profile) => profile as JwtProfileShape & { alg: (typeof JWT_ALGORITHMS)[number] }),
);
export type JwtProfile = z.output<typeof JwtProfile>;

/** A signed-JWT client's own settings. */
export const JwtClientSettings = lazySchema(() =>
  z.strictObject({
    /** GitHub: the installation the app token is exchanged for (the number in its settings URL). */
    installationId: z.string().regex(/^[1-9][0-9]{0,19}$/, 'must be the installation\'s number, e.g. 12345678').optional(),
    /** The `sub` of this client's tokens, in place of the profile's (a user a service account acts for). */
    subject: z.string().trim().min(1).max(500).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').optional(),
    /** The `scope` parameter of an RFC 7523 token request. */
    scope: z.string().trim().min(1).max(1000).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').optional(),
  }),
);
export type JwtClientSettings = z.infer<typeof JwtClientSettings>;

// ---- what callers ask to add ------------------------------------------------------------

export const OrganizationInput = lazySchema(() =>
  z
    .strictObject({
      name: Name,
      provider: z.enum(PROVIDERS),
      apiBaseUrl: HttpsUrl.optional(),
      tokenUrl: HttpsUrl.optional(),
      allowedOrigins: z.array(Origin).max(50).default([]),
      agreement: Agreement.optional(),
      catalogs: z.array(Catalog).max(500).default([]),
      notes: z.string().max(10_000).optional(),
      /** The signed-JWT profile: required for a `jwt` organization, refused for any other. */
      jwt: JwtProfile.optional(),
    })
    .superRefine((org, ctx) => {
      const settingsProblem = organizationSettingsProblem(org);
      if (settingsProblem) ctx.addIssue({ code: 'custom', path: [settingsProblem.field], message: settingsProblem.message });
      const tokenUrlProblem = missingTokenUrl(org);
      if (tokenUrlProblem) ctx.addIssue({ code: 'custom', path: ['tokenUrl'], message: tokenUrlProblem });
      // The preset's API URL is filled in below (and said so by the CLI and the form): only a
      // profile without one (custom) must give it.
      const apiUrlProblem = missingApiUrl({ ...org, apiBaseUrl: org.apiBaseUrl ?? defaultApiUrl(org) });
      if (apiUrlProblem) ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: apiUrlProblem });
      const duplicate = uniqueBy(org.catalogs, (c) => c.id);
      if (duplicate) ctx.addIssue({ code: 'custom', path: ['catalogs'], message: `catalog id "${duplicate}" appears twice` });
    })
    .transform((org) => ({ ...org, apiBaseUrl: org.apiBaseUrl ?? defaultApiUrl(org) })),
);
export type OrganizationInput = z.input<typeof OrganizationInput>;

/** Lifetimes are whole seconds, from ten seconds to a year. */
export const LifetimeSeconds = lazySchema(() =>
  z.number().int().min(10).max(366 * 24 * 3600),
);

const headerSafeText = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .regex(/^[^\x00-\x1f\x7f]+$/, 'must not contain control characters');

const oauth2SettingsOf = (text: () => z.ZodString) =>
  z.strictObject({
    authMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
    scope: text().optional(),
    audience: text().optional(),
    /**
     * How long a token lives when the server's answer does not say (RFC 6749 §5.1 makes
     * `expires_in` only RECOMMENDED) and the token is not a JWT with its own `exp`. 1 hour if unset.
     */
    assumedLifetimeSeconds: LifetimeSeconds.optional(),
  });

/**
 * RFC 6749 §4.4 settings of an OAuth 2.0 client, as entered: scope and audience are shown in
 * destination-change questions, so they are plain text too (a right-to-left override there would
 * hide an added scope). The store's are lenient, like its catalogs, so an older vault still opens.
 */
export const OAuth2Settings = lazySchema(() => oauth2SettingsOf(() => plainText(headerSafeText())));
const StoredOAuth2Settings = lazySchema(() => oauth2SettingsOf(headerSafeText));
export type OAuth2Settings = z.infer<typeof OAuth2Settings>;

/**
 * Why this client id cannot be the provider's, or undefined. MusicAPI and Musimap issue UUIDs
 * (both seeds), so one cut short in a paste is caught here, not at the first refused token;
 * OAuth 2.0 servers choose their own ids (ClientId below).
 */
export function clientIdProblem(provider: Provider, clientId: string, profile?: JwtProfileShape): string | undefined {
  return providerSpec(provider).clientIdProblem(clientId, { jwt: profile });
}

export function checkClientIdFits(provider: Provider, clientId: string, field: string, profile?: JwtProfileShape): void {
  const problem = clientIdProblem(provider, clientId, profile);
  if (problem) throw new TokendeckError('VALIDATION', `Invalid ${field}: ${problem}.`, { field });
}

/** The vendor's client id. RFC 6749 client ids are VSCHAR: printable ASCII, spaces included. */
const ClientId = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(256)
    .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII'),
);

/** What can change on an existing client. */
export const ClientOptions = lazySchema(() =>
  z.strictObject({
    environment: Environment.optional(),
    production: z.boolean().optional(),
    clientId: ClientId.optional(),
    integrationUsers: z.array(IntegrationUser).max(200).optional(),
    defaultScheme: z.enum(SCHEMES).optional(),
    autoRefresh: z.boolean().optional(),
    devtokenTtlSeconds: LifetimeSeconds.optional(),
    oauth2: OAuth2Settings.optional(),
    jwt: JwtClientSettings.optional(),
  }),
);
export type ClientOptions = z.input<typeof ClientOptions>;

/** A client's credential, as the deck, the CLI and the console ask for it. */
export const TokenRequest = lazySchema(() =>
  z.strictObject({
    org: Name,
    client: Name,
    scheme: z.enum(SCHEMES).optional(),
    /** An integration user's label or UUID (DevToken `sub`). */
    sub: plainText(z.string().max(200)).optional(),
    /** DevToken lifetime in seconds. */
    ttlSeconds: LifetimeSeconds.optional(),
    /** Make a new one even if a cached one is still good. */
    fresh: z.boolean().optional(),
  }),
);
export type TokenRequest = z.infer<typeof TokenRequest>;

/** A token to copy: the bare value, or the whole `Authorization: DevToken …` header line. */
export const TokenCopy = lazySchema(() =>
  TokenRequest.extend({ as: z.enum(['value', 'header']).optional() }),
);
export type TokenCopy = z.infer<typeof TokenCopy>;

/** What can change on an existing organization (not its name or provider). */
export const OrganizationChanges = lazySchema(() =>
  z.strictObject({
    apiBaseUrl: HttpsUrl.optional(),
    tokenUrl: HttpsUrl.optional(),
    allowedOrigins: z.array(Origin).max(50).optional(),
    agreement: Agreement.nullable().optional(),
    catalogs: z.array(Catalog).max(500).optional(),
    notes: z.string().max(10_000).optional(),
    jwt: JwtProfile.optional(),
  }),
);
export type OrganizationChanges = z.input<typeof OrganizationChanges>;

export const ClientInput = lazySchema(() =>
  z
    .strictObject({
      autoRefresh: z.boolean().default(false),
      devtokenTtlSeconds: LifetimeSeconds.optional(),
      oauth2: OAuth2Settings.optional(),
      jwt: JwtClientSettings.optional(),
      name: Name,
      environment: Environment,
      /** Marked as production whatever its environment's name; unset: `environment === 'production'`. */
      production: z.boolean().optional(),
      clientId: ClientId,
      integrationUsers: z.array(IntegrationUser).max(200).default([]),
      defaultScheme: z.enum(SCHEMES).optional(),
    })
    .superRefine((client, ctx) => {
      const duplicate = uniqueBy(client.integrationUsers, (u) => u.label);
      if (duplicate) {
        ctx.addIssue({ code: 'custom', path: ['integrationUsers'], message: `user label "${duplicate}" appears twice` });
      }
    }),
);
export type ClientInput = z.input<typeof ClientInput>;

// ---- what the store file holds -----------------------------------------------------------

const Timestamp = lazySchema(() =>
  z.iso.datetime(),
);

export const Organization = lazySchema(() =>
  z.object({
    id: Uuid,
    name: Name,
    provider: z.enum(PROVIDERS),
    apiBaseUrl: StoredHttpsUrl.optional(),
    tokenUrl: StoredHttpsUrl.optional(),
    allowedOrigins: z.array(z.string()),
    agreement: StoredAgreement.optional(),
    catalogs: z.array(StoredCatalog),
    notes: z.string().optional(),
    jwt: JwtProfile.optional(),
    createdAt: Timestamp,
  }),
);
export type Organization = z.infer<typeof Organization>;

export const Client = lazySchema(() =>
  z.object({
    id: Uuid,
    organizationId: Uuid,
    name: Name,
    environment: Name,
    /** Set by the user; unset, `isProductionClient` derives it from the environment. */
    production: z.boolean().optional(),
    clientId: z.string().min(1),
    hasSecret: z.boolean(),
    integrationUsers: z.array(IntegrationUser),
    defaultScheme: z.enum(SCHEMES),
    autoRefresh: z.boolean().default(false),
    devtokenTtlSeconds: LifetimeSeconds.optional(),
    oauth2: StoredOAuth2Settings.optional(),
    jwt: JwtClientSettings.optional(),
    createdAt: Timestamp,
  }),
);
export type Client = z.infer<typeof Client>;

/**
 * Whether a client hands out production credentials: the user's mark if set, else its environment
 * is named `production`. The deck colours such clients and says so when it copies or sends with one.
 */
export function isProductionClient(client: { environment: string; production?: boolean | undefined }): boolean {
  return client.production ?? client.environment.toLowerCase() === 'production';
}

export const SigningKey = lazySchema(() =>
  z.object({
    id: Uuid,
    organizationId: Uuid,
    /**
     * Absent while pending: MusicAPI shows the Key ID only after the public key is uploaded to its
     * dashboard, so a key is made first and its Key ID set later. A pending key never signs.
     */
    kid: z.string().min(1).optional(),
    /** The algorithm it signs with: ES256 for MusicAPI, the profile's for a signed-JWT organization. */
    algorithm: z.enum(JWT_ALGORITHMS),
    publicKeyPem: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
    thumbprint: z.string().min(1),
    status: z.enum(['active', 'retired']),
    /** False for a key shared without its private half (an imported setup): it verifies, never signs. */
    hasPrivateKey: z.boolean().default(true),
    createdAt: Timestamp,
  }),
);
export type SigningKey = z.infer<typeof SigningKey>;

/** A key whose Key ID the dashboard has not yet given (see SigningKey.kid). */
export const isPending = (key: Pick<SigningKey, 'kid'>): boolean => key.kid === undefined;

// Its own zod-free module, so the page's first bundle can ask it without the schemas above.
export { signingKey } from './signing-key-choice.js';

/** How a key is named where it may have no Key ID: its Key ID, else its thumbprint's start ("pending" while it waits for one; `needsKid` false: a profile that names no key). */
export const keyLabel = (key: Pick<SigningKey, 'kid' | 'thumbprint'>, needsKid = true): string => key.kid ?? `${needsKid ? 'pending ' : ''}${key.thumbprint.slice(0, 8)}`;

export const KeyId = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty (copy the Key ID the dashboard shows after you upload the public key)')
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
);

/**
 * A cached token's metadata. Its value is kept in the encrypted token file (`tokens.enc`,
 * token-values.ts), never here.
 */
export const TokenRecord = lazySchema(() =>
  z.object({
    id: Uuid,
    /** The Client record's id (not the vendor's client id). */
    clientRef: Uuid,
    scheme: z.enum(['devtoken', 'bearer', 'jwt']),
    /** Which request this token answers: scheme, sub, lifetime, key or scope. */
    cacheKey: z.string().min(1),
    sub: z.string().optional(),
    kid: z.string().optional(),
    issuedAt: Timestamp,
    expiresAt: Timestamp,
    vendor: z.object({ tokenId: z.string().optional(), organizationId: z.string().optional() }).optional(),
    /** The server did not say when the token expires: `expiresAt` is the client's assumed lifetime. */
    assumedExpiry: z.boolean().optional(),
    /** The scope the server granted, where it differs from the one asked for (RFC 6749 §5.1). */
    grantedScope: z.string().max(2000).optional(),
  }),
);
export type TokenRecord = z.infer<typeof TokenRecord>;

/**
 * What a removal put in the trash (trash.ts): the records as they were, and which keychain
 * accounts' values now wait under `trash/<id>/…` (keychain-accounts.ts). Never a secret.
 */
export const TrashEntry = lazySchema(() =>
  z.object({
    id: Uuid,
    /**
     * What went: a record with its keychain values (organization, client, key); a value alone whose
     * record stays (`secret`: a client secret replaced, `private-key`: a retired key's private half);
     * or `orphans`: keychain entries the vault did not list, set aside by a repair (no records).
     */
    kind: z.enum(['organization', 'client', 'key', 'secret', 'private-key', 'orphans']),
    removedAt: Timestamp,
    /** The organization removed, or the one the client or key belonged to (its name, its id); none for orphans. */
    organization: Organization.optional(),
    clients: z.array(Client),
    keys: z.array(SigningKey),
    /** The original accounts (`client/<uuid>/secret`, `key/<uuid>/private`) whose values are in the trash. */
    accounts: z.array(z.string().max(200)).max(100_000),
  }),
);
export type TrashEntry = z.infer<typeof TrashEntry>;

export const VaultData = lazySchema(() =>
  z.object({
    schemaVersion: z.literal(STORE_SCHEMA_VERSION),
    organizations: z.array(Organization),
    clients: z.array(Client),
    keys: z.array(SigningKey),
    tokens: z.array(TokenRecord).default([]),
    trash: z.array(TrashEntry).default([]),
  }),
);
export type VaultData = z.infer<typeof VaultData>;

export function emptyVault(): VaultData {
  return { schemaVersion: STORE_SCHEMA_VERSION, organizations: [], clients: [], keys: [], tokens: [], trash: [] };
}
