// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// What callers may ask for (the deck's forms, the CLI, the contract): a new or changed
// organization or client, a token request, checked by zod and by the provider's spec.
import { z } from 'zod';
import { TokendeckError } from '../errors.js';
import type { JwtProfile as JwtProfileShape } from '../jwt-profile.js';
import { lazySchema } from '../lazy-schema.js';
import { defaultApiUrl, missingApiUrl, missingTokenUrl, PROVIDERS, providerSpec, type Provider } from '../providers/registry.js';
import { SCHEMES } from '../providers/schemes.js';
import { organizationSettingsProblem } from '../providers/settings.js';
import { Agreement, ApiKeyPlacement, Catalog, IntegrationUser, JwtClientSettings, JwtProfile, OAuth2Settings } from './entities.js';
import { OrgNetworkChanges, OrgNetworkInput } from './network.js';
import { Environment, headerSafeText, HttpsUrl, LifetimeSeconds, Name, Origin, plainText, SecretSourceText, uniqueBy } from './primitives.js';

/**
 * One environment as a caller gives it (the deck's form, `org env add`, a setup file): its name
 * (aliases such as `prod` read as the standard names), whether it is production (unset: named
 * so), and the values it overrides. An override left out is the organization's.
 */
export const EnvironmentInput = lazySchema(() =>
  z
    .strictObject({
      name: Environment,
      production: z.boolean().optional(),
      apiBaseUrl: HttpsUrl.optional(),
      tokenUrl: HttpsUrl.optional(),
      allowedOrigins: z.array(Origin).max(50).optional(),
      audience: plainText(headerSafeText()).optional(),
    })
    .transform((env) => ({ ...env, production: env.production ?? env.name === 'production' })),
);
export type EnvironmentInput = z.input<typeof EnvironmentInput>;

/** An organization's whole list of environments, names unique. */
export const EnvironmentList = lazySchema(() =>
  z
    .array(EnvironmentInput)
    .max(50)
    .superRefine((environments, ctx) => {
      const duplicate = uniqueBy(environments, (e) => e.name);
      if (duplicate) ctx.addIssue({ code: 'custom', message: `environment "${duplicate}" appears twice` });
    }),
);

export const OrganizationInput = lazySchema(() =>
  z
    .strictObject({
      name: Name,
      provider: z.enum(PROVIDERS),
      apiBaseUrl: HttpsUrl.optional(),
      tokenUrl: HttpsUrl.optional(),
      allowedOrigins: z.array(Origin).max(50).default([]),
      /** Unset: none yet; each client's environment is added as it comes. */
      environments: EnvironmentList.default([]),
      agreement: Agreement.optional(),
      catalogs: z.array(Catalog).max(500).default([]),
      notes: z.string().max(10_000).optional(),
      /** The signed-JWT profile: required for a `jwt` organization, refused for any other. */
      jwt: JwtProfile.optional(),
      /** Where an API-key organization's key goes: required for one, refused for any other. */
      apiKey: ApiKeyPlacement.optional(),
      /** Its own proxy, NO_PROXY and CA bundle (a destination change once it holds secrets). */
      network: OrgNetworkInput.optional(),
    })
    .superRefine((org, ctx) => {
      // An unknown provider is already an issue of its own; its rules cannot be asked.
      if (!PROVIDERS.includes(org.provider)) return;
      const settingsProblem = organizationSettingsProblem(org);
      if (settingsProblem) ctx.addIssue({ code: 'custom', path: [settingsProblem.field], message: settingsProblem.message });
      const tokenUrlProblem = missingTokenUrl(org);
      if (tokenUrlProblem) ctx.addIssue({ code: 'custom', path: ['tokenUrl'], message: tokenUrlProblem });
      // The preset's API URL is filled in below (and said so by the CLI and the form): only a
      // profile without one (custom) must give it.
      const apiUrlProblem = missingApiUrl({ ...org, apiBaseUrl: org.apiBaseUrl ?? defaultApiUrl(org) });
      if (apiUrlProblem) ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: apiUrlProblem });
      const audience = org.environments.find((e) => e.audience !== undefined);
      if (audience && !org.jwt) ctx.addIssue({ code: 'custom', path: ['environments'], message: `"${audience.name}" sets an audience, which only a signed-JWT profile's tokens carry` });
      const duplicate = uniqueBy(org.catalogs, (c) => c.id);
      if (duplicate) ctx.addIssue({ code: 'custom', path: ['catalogs'], message: `catalog id "${duplicate}" appears twice` });
    })
    .transform((org) => ({ ...org, apiBaseUrl: org.apiBaseUrl ?? defaultApiUrl(org) })),
);
export type OrganizationInput = z.input<typeof OrganizationInput>;

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
    /** The whole list, in order: an environment left out must have no clients. */
    environments: EnvironmentList.optional(),
    agreement: Agreement.nullable().optional(),
    catalogs: z.array(Catalog).max(500).optional(),
    notes: z.string().max(10_000).optional(),
    jwt: JwtProfile.optional(),
    apiKey: ApiKeyPlacement.optional(),
    /** Each field left out is kept; null removes it. */
    network: OrgNetworkChanges.optional(),
  }),
);
export type OrganizationChanges = z.input<typeof OrganizationChanges>;

export const ClientInput = lazySchema(() =>
  z
    .strictObject({
      /** Unset: on for a person's session (its token is kept fresh while the deck runs), else off. */
      autoRefresh: z.boolean().optional(),
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
      /** Where its secret is read, when not from this machine's keychain (a setup file carries it). */
      secretSource: SecretSourceText.optional(),
    })
    .superRefine((client, ctx) => {
      const duplicate = uniqueBy(client.integrationUsers, (u) => u.label);
      if (duplicate) {
        ctx.addIssue({ code: 'custom', path: ['integrationUsers'], message: `user label "${duplicate}" appears twice` });
      }
    }),
);
export type ClientInput = z.input<typeof ClientInput>;

