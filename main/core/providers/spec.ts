// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// What a provider is, as data and small pure rules: one file per provider fills this in
// (musicapi.ts, musimap.ts, oauth2.ts, jwt.ts, api-key.ts) and registry.ts collects them. Core,
// CLI and page ask a provider's spec (`spec.holdsSigningKeys`) instead of comparing its name.
import type { Method } from '../console/methods.js';
import type { CredentialPlacement } from '../http/credential-placement.js';
import type { JwtAlgorithm, JwtProfile } from '../jwt-profile.js';
import type { Scheme } from './schemes.js';

/** Who makes a scheme's credential (schemes/registry.ts maps each name to its producer, in main). */
export type ProducerName = 'client-id-token' | 'basic' | 'devtoken' | 'musimap-bearer' | 'oauth2-bearer' | 'signed-jwt' | 'exchanged-jwt' | 'api-key';

/** Where an API-key organization puts its key: a header, or a query parameter (the sender's rule, http/credential-placement.ts). */
export type ApiKeyPlacement = CredentialPlacement;

/** What the rules read of a signed-JWT profile: a form's draft has it before it is whole. */
export type SpecProfile = Pick<JwtProfile, 'preset' | 'exchange' | 'alg' | 'kid'> & Partial<Pick<JwtProfile, 'iss' | 'ttlSeconds' | 'maxTtlSeconds'>>;

/** What the rules read of an organization; a form's draft passes what it has. */
export interface SpecOrganization {
  name?: string | undefined;
  apiBaseUrl?: string | undefined;
  tokenUrl?: string | undefined;
  jwt?: SpecProfile | undefined;
  apiKey?: ApiKeyPlacement | undefined;
  /** Whether one of its keys can sign now (active, its Key ID known, its private half here): a new client's default may follow. */
  canSign?: boolean | undefined;
}

/** The fields of an organization record a provider's own settings live in. */
export type OrganizationSetting = 'jwt' | 'apiKey';
/** The fields of a client record a provider's own settings live in. */
export type ClientSetting = 'integrationUsers' | 'devtokenTtlSeconds' | 'oauth2' | 'jwt';

/** A ready-made console request (method, URL or path, scheme). */
export interface ConsolePreset {
  label: string;
  request: { method: Method; url: string; scheme?: Scheme | undefined };
}

export type ConnectStepId = 'organization' | 'client' | 'key' | 'kid' | 'test';

/** The guided connection, as data: the page draws it, the vault says which steps are done. */
export interface ConnectSpec {
  /** `secret`: client id and secret per client; `profile`: a signed-JWT profile and a key. */
  flow: 'secret' | 'profile';
  steps: ReadonlyArray<{ id: ConnectStepId; title: string }>;
  /**
   * The client the client step makes. Where the connection asks for environments, one per
   * environment, each in its own; `name` is the client's when there is one environment (else, and
   * when unset, a client is named after its environment: dev, staging, prod).
   */
  client: { name?: string; environment: string };
  /**
   * The organization step asks which environments exist (development, staging, production unless
   * the user changes them) and each one's URLs; the client step then asks a client for each, and
   * the test tries each against its own host.
   */
  environments?: boolean;
  /** Shown above the organization step's fields. */
  organizationNote?: string;
  /** The organization step refuses to go on without an API URL, saying this. */
  apiUrlRequired?: string;
  /** The API URL field's hint in the organization step. */
  apiUrlHint: string;
  /** The key step's words, for a provider whose organizations hold signing keys. */
  keyIntro?: string;
  /** The Key ID step's words: where the public key goes, and where the Key ID then shows. */
  kidHowTo?: string;
  /**
   * The test step: calls to the API with the stored credentials (a call without a URL asks for the
   * path), an exchange of each client's secret, or a first signed token.
   */
  test: 'exchange' | 'first-token' | { calls: ReadonlyArray<{ what: string; scheme: Scheme; url?: string }>; /** When the last call gets a 401. */ refusedHint?: string };
}

/** How a provider's organizations hold signing keys, and its words for them. */
export interface SigningSpec {
  /** The algorithm new keys are made for. */
  algorithm(org: SpecOrganization): JwtAlgorithm;
  /** Whether a token's header names the key (`kid`): a key then waits for the Key ID the vendor shows. */
  needsKeyId(org: SpecOrganization): boolean;
  /** What its keys sign, as sentences name it: "DevTokens", "its signed JWTs". */
  signs(org: SpecOrganization): string;
  /** The cached credentials its keys signed: "DevTokens", "tokens". */
  tokens: string;
  /** Where the public key goes: "MusicAPI's dashboard", "the vendor". */
  dashboard: string;
  /** How the inspector judges a token against an organization: the DevToken rules, or its profile's. */
  inspectsAs: 'devtoken' | 'profile';
}

export interface ProviderSpec {
  /** The stored name, e.g. `musicapi`: the store and setup files say it. */
  readonly id: string;
  /** In the provider choice: "OAuth 2.0". */
  readonly label: string;
  /** After "Connect": "an OAuth 2.0 API". */
  readonly title: string;
  /** On the first screen: what to have at hand. */
  readonly needs: string;
  /** The schemes it offers, in order, and who makes each. */
  readonly schemes: Readonly<Partial<Record<Scheme, ProducerName>>>;
  readonly defaultScheme: Scheme;
  /** An organization's own narrower offer (a signed-JWT profile that exchanges nothing). */
  schemesFor?(org: SpecOrganization): readonly Scheme[];
  /** Why an organization offers fewer schemes than its provider, for a refusal. */
  narrowedBecause?(org: SpecOrganization & { name: string }): string;
  /** An organization's own default, where it is not the provider's. */
  defaultSchemeFor?(org: SpecOrganization): Scheme;
  /** Why the organization needs a token URL it lacks, or undefined. */
  missingTokenUrl(org: SpecOrganization): string | undefined;
  /** Why the organization needs an API URL it lacks, or undefined. */
  missingApiUrl?(org: SpecOrganization): string | undefined;
  /** The API URL an organization gets when it names none. */
  defaultApiUrl?(org: SpecOrganization): string | undefined;
  /** Whether the organization form shows the token URL field. */
  showsTokenUrl(org: SpecOrganization): boolean;
  /** The organization form's hints for its URLs. */
  readonly urlHints: { apiBaseUrl?: string; tokenUrl: string };
  /** Why this client id cannot be the provider's, or undefined. */
  clientIdProblem(clientId: string, org: SpecOrganization): string | undefined;
  /** What a client id is called, where a profile does not name it: "Client ID" unless said. */
  readonly clientIdLabel?: string;
  /** The form its rule holds client ids to, where it has one ("a UUID like …"): a field says "must be …". */
  readonly clientIdFormat?: string;
  /** What a client id looks like, in an empty field. */
  readonly clientIdExample: string;
  /** Whether its clients hold a secret (else the organization's key signs for them). */
  readonly clientsHoldSecret: boolean;
  /** What the client's secret is called: "client secret", "API key". */
  readonly secretName: string;
  /** Present when its organizations hold signing keys. */
  readonly signing?: SigningSpec;
  /** The fields of an organization or client that hold its own settings; others are refused. */
  readonly organizationSettings: readonly OrganizationSetting[];
  readonly clientSettings: readonly ClientSetting[];
  /** A setting its organizations cannot be without (a signed-JWT profile), and what to say. */
  missingSettings?(org: SpecOrganization): { field: OrganizationSetting; message: string } | undefined;
  /** The Content-Type every request to it needs, when the caller gave none. */
  readonly contentType?: { value: string; why: string };
  /**
   * Where its settings would now send the stored credentials, if an edit moves them within a
   * request (an API key to another header or query parameter): a destination change's fields and
   * its words ("in the key query parameter (was the X-API-Key header)").
   */
  settingsMoved?(before: SpecOrganization, after: SpecOrganization): { fields: string[]; how: string } | undefined;
  /** Its settings as the deck's organization view lists them: label and value. */
  facts?(org: SpecOrganization): Array<[string, string]>;
  /** Ready-made console requests for an organization. */
  presets(org: SpecOrganization): ConsolePreset[];
  /** How a scheme row of a client reads in the deck. */
  schemeText?(scheme: Scheme, org: SpecOrganization): string | undefined;
  readonly connect: ConnectSpec;
}
