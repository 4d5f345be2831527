// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// What the store file holds (vault.json): organizations, clients, signing keys, token records and
// the trash, as zod schemas, with each provider's own settings built from its spec's file.
// Secrets are not part of it: they live in the keychain (keychain-accounts.ts).
import { z } from 'zod';
import { JWT_ALGORITHMS } from '../jwt-profile.js';
import { withClientEnvironments } from './environments.js';
import { lazySchema } from '../lazy-schema.js';
import { apiKeyPlacementSchema } from '../providers/api-key.js';
import { jwtClientSettingsSchema, jwtProfileSchema } from '../providers/jwt.js';
import { integrationUserSchema } from '../providers/musicapi.js';
import { StoredOrgNetwork } from './network.js';
import { oauth2SettingsSchema } from '../providers/oauth2.js';
import { PROVIDERS } from '../providers/registry.js';
import { SCHEMES } from '../providers/schemes.js';
import { headerSafeText, LifetimeSeconds, Name, plainText, schemaKit, SecretSourceText, STORE_SCHEMA_VERSION, StoredHttpsUrl, Uuid } from './primitives.js';

// ---- each provider's settings (providers/*.ts say what they are) ------------------------------

export const IntegrationUser = lazySchema(() => integrationUserSchema(schemaKit));
export type IntegrationUser = z.infer<typeof IntegrationUser>;

/**
 * A signed-JWT organization's profile. The shape is checked here; what a value may be (no `none`,
 * no HMAC, each preset's bounds) is `profileProblems`, so the form, the CLI and the store agree.
 */
export const JwtProfile = lazySchema(() => jwtProfileSchema(schemaKit));
export type JwtProfile = z.output<typeof JwtProfile>;

export const JwtClientSettings = lazySchema(() => jwtClientSettingsSchema(schemaKit));
export type JwtClientSettings = z.infer<typeof JwtClientSettings>;

/** An OAuth 2.0 client's settings as entered (scope and audience plain text) and as stored (lenient). */
export const OAuth2Settings = lazySchema(() => oauth2SettingsSchema(schemaKit, () => plainText(headerSafeText())));
const StoredOAuth2Settings = lazySchema(() => oauth2SettingsSchema(schemaKit, headerSafeText));
export type OAuth2Settings = z.infer<typeof OAuth2Settings>;

/** Where an API-key organization sends its key: a header or a query parameter, by name. */
export const ApiKeyPlacement = lazySchema(() => apiKeyPlacementSchema(schemaKit));

// ---- an organization's agreement and catalogs ------------------------------------------------

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

// ---- the records ------------------------------------------------------------------------------

const Timestamp = lazySchema(() =>
  z.iso.datetime(),
);

/**
 * One of an organization's environments (development, staging, production…): a client belongs to
 * one. Each may override where credentials go; unset means the organization's value
 * (environments.ts: `effectiveEndpoints`, the one function every rule reads them through).
 */
export const OrgEnvironment = lazySchema(() =>
  z.object({
    name: Name,
    /** Its clients hand out production credentials (a client may still be marked alone). */
    production: z.boolean(),
    apiBaseUrl: StoredHttpsUrl.optional(),
    tokenUrl: StoredHttpsUrl.optional(),
    /** Replaces the organization's allowed origins in this environment. */
    allowedOrigins: z.array(z.string()).optional(),
    /** A signed-JWT profile's `aud` in this environment. */
    audience: headerSafeText().optional(),
  }),
);
export type OrgEnvironment = z.infer<typeof OrgEnvironment>;

export const Organization = lazySchema(() =>
  z.object({
    id: Uuid,
    name: Name,
    provider: z.enum(PROVIDERS),
    apiBaseUrl: StoredHttpsUrl.optional(),
    tokenUrl: StoredHttpsUrl.optional(),
    allowedOrigins: z.array(z.string()),
    /** In the order the deck lists them; every client's `environment` names one. */
    environments: z.array(OrgEnvironment),
    agreement: StoredAgreement.optional(),
    catalogs: z.array(StoredCatalog),
    notes: z.string().optional(),
    jwt: JwtProfile.optional(),
    apiKey: ApiKeyPlacement.optional(),
    /** Its own proxy, NO_PROXY and CA bundle (network.ts); unset: the environment's proxy settings. */
    network: StoredOrgNetwork.optional(),
    createdAt: Timestamp,
  }),
);
export type Organization = z.infer<typeof Organization>;

/**
 * Who signed in, as the sign-in's verified ID token (OIDC Core §3.1.3.7) or else the issuer's
 * UserInfo endpoint said: what the deck's inspector shows. Display claims only, never a token.
 */
export const SessionIdentity = lazySchema(() =>
  z.object({
    from: z.enum(['id_token', 'userinfo']),
    subject: z.string().max(255),
    email: z.string().max(320).optional(),
    name: z.string().max(320).optional(),
    preferredUsername: z.string().max(320).optional(),
    issuer: z.string().max(2000).optional(),
    audience: z.array(z.string().max(255)).max(10).optional(),
    /** The ID token's JWS algorithm and key id, and the key set it was verified with. */
    algorithm: z.string().max(20).optional(),
    keyId: z.string().max(200).optional(),
    verifiedWith: z.string().max(2000).optional(),
    issuedAt: z.iso.datetime().optional(),
    expiresAt: z.iso.datetime().optional(),
    authTime: z.iso.datetime().optional(),
  }),
);
export type SessionIdentity = z.infer<typeof SessionIdentity>;

/**
 * A client's TLS certificate for mutual TLS (RFC 8705): public, so kept here (PEM, with its chain);
 * its private key is in the keychain (`client/<uuid>/tls-key`), never here. `hasKey` false: the
 * certificate came without its key (a shared setup), and nothing presents it until the key is added.
 */
export const ClientCertificateRecord = lazySchema(() =>
  z.object({
    pem: z.string().startsWith('-----BEGIN CERTIFICATE-----').max(64 * 1024),
    /** x5t#S256: base64url SHA-256 of the leaf's DER, what a bound token's `cnf` names. */
    thumbprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    subject: z.string().max(1000),
    notAfter: z.iso.datetime(),
    hasKey: z.boolean().default(true),
  }),
);
export type ClientCertificateRecord = z.infer<typeof ClientCertificateRecord>;

export const Client = lazySchema(() =>
  z.object({
    id: Uuid,
    organizationId: Uuid,
    name: Name,
    environment: Name,
    /** Set by the user on this client alone; unset, `isProductionClient` reads its environment's. */
    production: z.boolean().optional(),
    clientId: z.string().min(1),
    hasSecret: z.boolean(),
    /**
     * Where the secret is read when it is not in this machine's keychain: a pass entry, a Vault
     * secret's field, a command set up here (sources/reference.ts). Set, `hasSecret` is true and the
     * keychain holds nothing for this client.
     */
    secretSource: SecretSourceText.optional(),
    integrationUsers: z.array(IntegrationUser),
    defaultScheme: z.enum(SCHEMES),
    autoRefresh: z.boolean().default(false),
    devtokenTtlSeconds: LifetimeSeconds.optional(),
    oauth2: StoredOAuth2Settings.optional(),
    jwt: JwtClientSettings.optional(),
    /**
     * A person signed in through this client (an OAuth 2.0 user grant): who, with what scope, since
     * when. Its refresh token is in the keychain (`client/<uuid>/refresh`), never here.
     */
    session: z.object({ account: z.string().max(320).optional(), scope: z.string().max(2000), signedInAt: z.iso.datetime(), identity: SessionIdentity.optional() }).optional(),
    /** Presented on the TLS handshake of every request made for this client (mutual TLS, RFC 8705). */
    certificate: ClientCertificateRecord.optional(),
    createdAt: Timestamp,
  }),
);
export type Client = z.infer<typeof Client>;

/**
 * Whether a client hands out production credentials: the user's mark on it if set, else its
 * environment's (`org`'s environment of that name), else whether that is named `production`. The
 * deck colours such clients and says so when it copies or sends with one.
 */
export function isProductionClient(
  client: { environment: string; production?: boolean | undefined },
  org?: { environments: ReadonlyArray<Pick<OrgEnvironment, 'name' | 'production'>> },
): boolean {
  if (client.production !== undefined) return client.production;
  const environment = org?.environments.find((e) => e.name.toLowerCase() === client.environment.toLowerCase());
  return environment?.production ?? client.environment.toLowerCase() === 'production';
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
    /** Where the private half is read when it is not in this machine's keychain (as Client.secretSource). */
    privateKeySource: SecretSourceText.optional(),
    createdAt: Timestamp,
  }),
);
export type SigningKey = z.infer<typeof SigningKey>;

/** A key whose Key ID the dashboard has not yet given (see SigningKey.kid). */
export const isPending = (key: Pick<SigningKey, 'kid'>): boolean => key.kid === undefined;

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
  }).transform(withClientEnvironments),
);
export type VaultData = z.infer<typeof VaultData>;

export function emptyVault(): VaultData {
  return { schemaVersion: STORE_SCHEMA_VERSION, organizations: [], clients: [], keys: [], tokens: [], trash: [] };
}
