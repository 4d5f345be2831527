// The one contract between the renderer and main: every call, its input schema (parsed by main
// before any handler runs) and its output type. Main implements it (main/ipc/handlers.ts), the
// preload exposes it as `window.tokendeck` from its names alone (channel-names.ts, so the
// sandboxed preload does not bundle zod), the renderer and the browser test harness consume it.
import { z } from 'zod';
import type { Channel, EventName } from './channel-names.js';
import { ConsoleRequest, ConsoleSend, ConsoleSendAll, SavedRequestName } from '../main/core/console/console-model.js';
import type { HistoryEntry, SavedRequest } from '../main/core/console/console-model.js';
import type { ConsoleResponse } from '../main/core/console/console-service.js';
import type { AllEnvironmentsAnswer, EnvironmentAnswer } from '../main/core/console/send-all-environments.js';
import { EXPORT_FORMATS } from '../main/core/console/export-code.js';
import type { ErrorPayload } from '../main/core/errors.js';
import type { Handout } from '../main/core/handouts.js';
import type { ImportPlan, ImportSource, ImportStep } from '../main/core/setup/share-setup.js';
import type { KeychainAudit } from '../main/core/keychain-audit.js';
import type { CaCertificateView } from '../main/core/http/ca-bundle.js';
import { CA_BUNDLE_MAX_BYTES } from '../main/core/model/network.js';
import type { JwtInspection } from '../main/core/jwt-inspect.js';
import type { KnownToken, TokenInspection } from '../main/core/token-inspect.js';
import type { CopiedToken, MadeToken } from '../main/core/operations.js';
import { Environment, Name } from '../main/core/model/primitives.js';
import { KeyId, type Client, type Organization, type SigningKey } from '../main/core/model/entities.js';
import { ClientInput, ClientOptions, OrganizationChanges, OrganizationInput, TokenCopy, TokenRequest } from '../main/core/model/inputs.js';
import type { TokenEvent, TokenView } from '../main/core/token-events.js';
import type { RestoredItem, TrashItem } from '../main/core/trash.js';
import type { DestinationChange } from '../main/core/destination-change.js';
import type { DeviceAuthorization } from '../main/core/oauth/device-flow.js';
import type { SignOut } from '../main/core/token-sessions.js';
import type { IssuerPreview } from '../main/core/oauth/issuer-preview.js';
import { CLIENT_AUTH_METHODS, OAUTH2_GRANTS } from '../main/core/providers/oauth2.js';
import type { VaultChange } from '../main/core/vault-watch.js';
import type { SourceCheck } from '../main/core/sources/secret-sources.js';
import type { SourcesView } from '../main/core/sources/source-view.js';
import type { SourceAuditView } from '../main/core/source-audit-view.js';
import type { PassSourceSettings, VaultSourceSettings } from '../main/core/sources/source-settings.js';
import type { GeneratedKey, OrganizationTree, OutlineClient, OutlineOrganization, VaultOutline, VaultTree } from '../main/core/vault.js';

// The types of main's answers, for the renderer: it reaches main only through this file and the
// pure modules (tsconfig.pure.json), so what it shows is typed from here.
export type {
  AllEnvironmentsAnswer,
  CaCertificateView,
  ConsoleResponse,
  DestinationChange,
  EnvironmentAnswer,
  SignOut,
  IssuerPreview,
  GeneratedKey,
  Handout,
  ImportPlan,
  ImportSource,
  ImportStep,
  JwtInspection,
  KnownToken,
  TokenInspection,
  PassSourceSettings,
  SourceCheck,
  SourceAuditView,
  SourcesView,
  VaultSourceSettings,
  KeychainAudit,
  OrganizationTree,
  OutlineClient,
  OutlineOrganization,
  TokenEvent,
  TokenView,
  RestoredItem,
  TrashItem,
  VaultChange,
  VaultOutline,
  VaultTree,
};

/** Declares a call: `call<Output>()(inputSchema)`. The output is a type only: main is trusted. */
const call =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const OrgRef = z.object({ org: Name });
/** A JWK thumbprint (RFC 7638, base64url), or enough of its start to name one key. */
const Thumbprint = z.string().min(6).max(100).regex(/^[A-Za-z0-9_-]+$/, 'must be a JWK thumbprint (base64url)');
const ClientRef = z.object({ org: Name, client: Name });
// Secrets are write-only across the bridge: they come in here and no output type carries one.
const Secret = z.string().min(1).max(4096);
const Pem = z.string().min(1).max(16_384);
const TokenRef = z.object({ tokenId: z.uuid() }).strict();
/**
 * The client a copy or send is for, as the window last loaded it (its uuid, `OutlineClient.id`):
 * main refuses when the named client is no longer that one (main/ipc/stale-view.ts).
 */
const SeenClient = { seenClient: z.uuid() };

// Secret sources (issue 24): what is set up is checked again in the core; here, sizes and lines.
const OneLine = (max: number) => z.string().max(max).refine((text) => !/[\0\r\n]/.test(text), 'must be one line');
const FolderPath = OneLine(1000).pipe(z.string().regex(/^(\/|[A-Za-z]:[\\/])/, 'must be an absolute folder path'));
const SourcePrefixes = z.array(OneLine(300)).max(50);
/** A secret reference: `pass:team/…`, `vault:<mount>/<path>#<field>`, `command:<name>` (parsed in the core). */
const SourceReference = OneLine(1000).pipe(z.string().min(1, 'give a reference'));
const PassSetUpInput = z.strictObject({ storeDir: FolderPath, cloneFrom: OneLine(1000).optional(), gnupgHome: FolderPath.optional(), prefixes: SourcePrefixes, pull: z.boolean().optional() });
const VaultSetUpInput = z.strictObject({
  address: OneLine(500).pipe(z.string().min(1, 'give the Vault address')),
  namespace: OneLine(300).optional(),
  prefixes: SourcePrefixes,
  auth: z.discriminatedUnion('method', [
    // The token and the secret id come in once, go to the keychain, and no answer carries them.
    z.strictObject({ method: z.literal('token'), token: Secret.optional() }),
    z.strictObject({ method: z.literal('env') }),
    z.strictObject({ method: z.literal('approle'), roleId: OneLine(200), mount: OneLine(300).optional(), secretId: Secret.optional() }),
  ]),
});

/** A key's public half in the two forms dashboards take; never anything of the private half. */
export interface PublicKeyHalves {
  pem: string;
  jwk: Record<string, string>;
}

/** A sign-in's answer: who, until when, what scope; never the token, which main cached. */
export interface SessionSignedIn {
  account?: string;
  expiresAt: number;
  scope: string;
}

/** The device flow's code as the page shows it, for the client whose sign-in waits on it. */
export interface DeviceCodeShown extends Omit<DeviceAuthorization, 'interval'> {
  org: string;
  client: string;
}

/**
 * A client certificate chosen in main's file dialogs and kept (its key in the keychain): what the
 * page shows of it. Never the key, never the files' text.
 */
export type CertificateChosen = { cancelled: true } | { cancelled: false; subject: string; thumbprint: string; notAfter: string; warnings: string[] };

/** What a copy answers: never the value, which went to the clipboard in main. */
export type CopyResult = CopiedToken;

/** Every channel of channel-names.ts, each with its schema: `satisfies` refuses a missing or extra one. */
export const contract = {
  // Does the keychain answer? The window asks before it shows the deck (KEYCHAIN_UNAVAILABLE if not).
  'vault.checkKeychain': call<null>()(z.object({}).strict()),
  // The deck's first screen: names, providers and clients only; an organization's whole record
  // (keys, agreement, settings) comes with vault.organization when it is opened.
  'vault.outline': call<VaultOutline>()(z.object({}).strict()),
  'vault.organization': call<OrganizationTree>()(OrgRef.strict()),
  'vault.tree': call<VaultTree>()(z.object({}).strict()),
  // Do the store and the keychain agree (entries deleted behind the app's back, orphans)?
  'vault.audit': call<KeychainAudit>()(z.object({}).strict()),
  'vault.repair': call<KeychainAudit>()(z.object({}).strict()),
  'org.add': call<Organization>()(OrganizationInput),
  'org.update': call<Organization>()(OrgRef.extend({ changes: OrganizationChanges }).strict()),
  'org.remove': call<null>()(OrgRef.strict()),
  // A new name (the same one in another case too): what is kept by name moves, no destination changes.
  'org.rename': call<Organization>()(OrgRef.extend({ to: Name }).strict()),
  // Renames one of the organization's environments; its clients follow (nothing is sent elsewhere).
  'org.renameEnvironment': call<Organization>()(OrgRef.extend({ from: Name, to: Environment }).strict()),
  // A CA bundle the form was given (a file read in the page, or a paste), parsed and checked by
  // main: its certificates by subject and expiry, or VALIDATION. Nothing is stored.
  'org.describeCaBundle': call<CaCertificateView[]>()(z.object({ pem: z.string().max(CA_BUNDLE_MAX_BYTES) }).strict()),
  'client.add': call<Client>()(z.object({ org: Name, client: ClientInput, secret: Secret.optional() }).strict()),
  'client.update': call<Client>()(ClientRef.extend({ changes: ClientOptions }).strict()),
  'client.setSecret': call<Client>()(ClientRef.extend({ secret: Secret }).strict()),
  'client.remove': call<null>()(ClientRef.strict()),
  'client.rename': call<Client>()(ClientRef.extend({ to: Name }).strict()),
  // Reads the client's secret from a source set up here (read once first); a new reference is a
  // destination change, confirmed by main's own dialog.
  'client.setSecretSource': call<Client>()(ClientRef.extend({ source: SourceReference, ...SeenClient }).strict()),
  // Main asks for the certificate and key files itself and reads them (the key never reaches the page).
  'client.chooseCertificate': call<CertificateChosen>()(ClientRef.extend(SeenClient).strict()),
  // Removes the client's certificate and deletes its key (the page asked the user first).
  'client.removeCertificate': call<Client>()(ClientRef.extend(SeenClient).strict()),
  // Without a Key ID a key is pending (MusicAPI shows the Key ID after the upload): key.setKid gives it.
  'key.generate': call<GeneratedKey>()(OrgRef.extend({ kid: KeyId.optional() }).strict()),
  'key.import': call<SigningKey>()(OrgRef.extend({ kid: KeyId.optional(), pem: Pem }).strict()),
  // A private key read from a source (its public half stored here, the private half read when signing).
  'key.importFromSource': call<SigningKey>()(OrgRef.extend({ kid: KeyId.optional(), source: SourceReference }).strict()),
  'key.setKid': call<SigningKey>()(OrgRef.extend({ thumbprint: Thumbprint, kid: KeyId }).strict()),
  // `kid` names the key: its Key ID, or a pending key's thumbprint.
  'key.retire': call<SigningKey>()(OrgRef.extend({ kid: KeyId }).strict()),
  'key.remove': call<null>()(OrgRef.extend({ kid: KeyId }).strict()),
  // A key's public half, as PEM and as JWK (with its alg and Key ID), for a dashboard or a JWKS.
  'key.public': call<PublicKeyHalves>()(OrgRef.extend({ thumbprint: Thumbprint }).strict()),
  // Copies that public half, read from the vault in main (the page has no clipboard of its own).
  'key.copyPublic': call<null>()(OrgRef.extend({ thumbprint: Thumbprint, format: z.enum(['pem', 'jwk']) }).strict()),
  'tokens.list': call<TokenView[]>()(z.object({}).strict()),
  // Makes (or reuses) the client's credential and copies it in main; the value never comes back.
  'tokens.copy': call<CopyResult>()(TokenCopy.extend(SeenClient)),
  // Makes a credential and hands it to no one (the connection's test of each environment): cached
  // where its scheme caches, like any other; the answer says when it expires, never its value.
  'tokens.make': call<MadeToken>()(TokenRequest.extend(SeenClient)),
  'tokens.copyCached': call<CopyResult>()(TokenRef),
  // The only call that returns a token value: the user asked to see it.
  'tokens.reveal': call<{ value: string }>()(TokenRef),
  'tokens.inspect': call<TokenInspection>()(TokenRef),
  // Any pasted token or `Authorization: …` line: a JWT decoded, its signature checked with the
  // organization's stored public keys; any token matched by value against the cached ones (in
  // main: the answer names it, never carries a value).
  'jwt.inspect': call<TokenInspection>()(z.strictObject({ jwt: z.string().min(1, 'paste a token').max(65_536), org: Name.optional() })),
  'tokens.refresh': call<TokenView>()(TokenRef),
  'tokens.discard': call<null>()(TokenRef),
  // The request console: the credential is attached in main; the answer carries the response.
  'console.send': call<ConsoleResponse>()(ConsoleSend.extend(SeenClient)),
  // The same request to each environment of the organization, each with its own client and
  // credential (a production one only with includeProduction); `seenClients`: the uuids of the
  // organization's clients as the window shows them, so a client added or replaced since is not used.
  'console.sendAll': call<AllEnvironmentsAnswer>()(ConsoleSendAll.extend({ seenClients: z.array(z.uuid()).max(10_000) })),
  'console.cancel': call<{ cancelled: boolean }>()(z.strictObject({ requestId: z.uuid() })),
  'console.history': call<HistoryEntry[]>()(OrgRef.strict()),
  'console.clearHistory': call<null>()(OrgRef.strict()),
  'console.saved': call<SavedRequest[]>()(OrgRef.strict()),
  'console.save': call<SavedRequest>()(z.strictObject({ name: SavedRequestName, request: ConsoleRequest })),
  'console.removeSaved': call<null>()(OrgRef.extend({ id: z.uuid() }).strict()),
  // The request as code, its credential a `tokendeck token` line (no secret in it).
  'console.export': call<{ text: string }>()(z.strictObject({ format: z.enum(EXPORT_FORMATS), request: ConsoleRequest })),
  // The same with the real credential: copied in main, the text never comes back.
  'console.copyExportWithCredential': call<{ clearsInMs: number }>()(z.strictObject({ format: z.enum(EXPORT_FORMATS), request: ConsoleRequest, ...SeenClient })),
  // Key rotation: mint again the cached DevTokens signed with a retired or superseded key.
  'tokens.remintStale': call<{ reminted: number }>()(OrgRef.strict()),
  // Tokens handed out (copied or exported with their value), for the expiry reminders.
  'handouts.list': call<Handout[]>()(z.object({}).strict()),
  'handouts.forget': call<null>()(z.strictObject({ id: z.uuid() })),
  // Share a setup without its secrets: export, preview an import, import. A change to where a
  // stored secret goes is confirmed by main itself (its own dialog); no field here can skip that.
  'setup.export': call<{ text: string }>()(z.object({}).strict()),
  'setup.preview': call<ImportPlan>()(z.strictObject({ text: z.string().max(20 * 1024 * 1024) })),
  // `skip`: the preview's steps the user unchecked, by their `what`; the rest is imported, and main's
  // own dialog still asks about every destination change of what is.
  'setup.import': call<ImportPlan>()(z.strictObject({ text: z.string().max(20 * 1024 * 1024), skip: z.array(z.string().max(1_000)).max(100_000).optional() })),
  // Secret sources set up on this machine (sources.json; never in a setup file). Re-pointing one, or
  // taking it down, is confirmed by main's own dialog naming the old and the new.
  'sources.view': call<SourcesView>()(z.object({}).strict()),
  'sources.setUpPass': call<PassSourceSettings>()(PassSetUpInput),
  'sources.setUpVault': call<VaultSourceSettings>()(VaultSetUpInput),
  'sources.remove': call<null>()(z.strictObject({ kind: z.enum(['pass', 'vault', 'command']), name: OneLine(64).optional() })),
  'sources.pull': call<{ updated: boolean }>()(z.object({}).strict()),
  // Reads the reference to say whether this machine can: never the value.
  'sources.check': call<SourceCheck>()(z.strictObject({ reference: SourceReference })),
  // Every reference a client or key reads, read once (never the value), and whether this user is
  // still a recipient of each pass entry; the drop re-audits in main and is confirmed by its dialog.
  'sources.audit': call<SourceAuditView>()(z.object({}).strict()),
  'sources.dropUnreadableTokens': call<{ dropped: number }>()(z.object({}).strict()),
  // A person's sign-in on an OAuth 2.0 user-grant client (issue 25): main opens the system browser
  // itself (authorization code) or pushes the device flow's user code (session.deviceCode), and
  // answers when the session is there; the token stays in main (cached, counted down like any other).
  'session.signIn': call<SessionSignedIn>()(ClientRef.extend(SeenClient).strict()),
  // Stops a sign-in still waiting for the browser or the device's approval.
  'session.cancel': call<{ cancelled: boolean }>()(ClientRef.strict()),
  // The refresh token revoked at the server where it can be (RFC 7009), the session forgotten here.
  'session.signOut': call<SignOut>()(ClientRef.extend(SeenClient).strict()),
  // An issuer's endpoints and methods (discovery), and whether the sign-in planned can work there,
  // before a client is saved: main fetches the metadata; nothing secret is sent or answered.
  'session.discover': call<IssuerPreview>()(
    z.strictObject({
      issuer: OneLine(2000),
      grant: z.enum(OAUTH2_GRANTS).optional(),
      authMethod: z.enum(CLIENT_AUTH_METHODS).optional(),
      org: Name.optional(),
      environment: Name.optional(),
    }),
  ),
  // Text that is not secret (a response body, a public key, exported code), copied in main.
  'clipboard.copyText': call<null>()(z.strictObject({ text: z.string().max(20 * 1024 * 1024) })),
  // What removals put in the trash (7 days; names and counts, never a secret), and putting one back.
  'trash.list': call<TrashItem[]>()(z.object({}).strict()),
  'trash.restore': call<RestoredItem>()(z.strictObject({ id: z.uuid() })),
} as const satisfies Record<Channel, { input: z.ZodType; output: unknown }>;

interface EventPayloads {
  'tokens.changed': TokenEvent;
  // The device flow's user code and where to enter it, for the sign-in under way (not secrets: RFC 8628 §3.3).
  'session.deviceCode': DeviceCodeShown;
  // The vault's files changed outside the window (the CLI): what to reload (vault-watch.ts).
  'vault.changed': VaultChange;
}
/** What main pushes to the renderer: each event of channel-names.ts (one without a payload above does not compile). */
export type Events = { [E in EventName]: EventPayloads[E] };

export { CHANNELS, EVENT_NAMES, type Channel, type EventName } from './channel-names.js';
export type Contract = typeof contract;

export type CallInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type CallOutput<C extends Channel> = Contract[C]['output'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

type Group = Channel extends `${infer G}.${string}` ? G : never;

/** `window.tokendeck`: `tokendeck.client.add({...})` for channel "client.add"; `on` for events. */
export type TokendeckApi = {
  [G in Group]: {
    [C in Channel as C extends `${G}.${infer M}` ? M : never]: (input: CallInput<C>) => Promise<Result<CallOutput<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};
