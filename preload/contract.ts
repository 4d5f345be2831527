// The one contract between the renderer and main: every call, its input schema (parsed by main
// before any handler runs) and its output type. Main implements it (main/ipc/handlers.ts), the
// preload exposes it as `window.tokendeck`, the renderer and the browser test harness consume it.
import { z } from 'zod';
import type { ErrorPayload } from '../main/core/errors.js';
import type { DecodedJwt } from '../main/core/jwt-view.js';
import {
  ClientInput,
  ClientOptions,
  KeyId,
  LifetimeSeconds,
  Name,
  OrganizationChanges,
  OrganizationInput,
  SCHEMES,
  type Client,
  type Organization,
  type Scheme,
  type SigningKey,
} from '../main/core/model.js';
import type { TokenEvent, TokenView } from '../main/core/token-events.js';
import type { GeneratedKey, VaultTree } from '../main/core/vault.js';

/** Declares a call: `call<Output>()(inputSchema)`. The output is a type only: main is trusted. */
const call =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const OrgRef = z.object({ org: Name });
const ClientRef = z.object({ org: Name, client: Name });
// Secrets are write-only across the bridge: they come in here and no output type carries one.
const Secret = z.string().min(1).max(4096);
const Pem = z.string().min(1).max(16_384);
const TokenRef = z.object({ tokenId: z.uuid() }).strict();

/** What a copy answers: never the value, which went to the clipboard in main. */
export interface CopyResult {
  scheme: Scheme;
  tokenId?: string;
  issuedAt: string;
  expiresAt: string | null;
  fromCache: boolean;
  clearsInMs: number;
}

export const contract = {
  'vault.tree': call<VaultTree>()(z.object({}).strict()),
  'org.add': call<Organization>()(OrganizationInput),
  'org.update': call<Organization>()(OrgRef.extend({ changes: OrganizationChanges }).strict()),
  'org.remove': call<null>()(OrgRef.strict()),
  'client.add': call<Client>()(z.object({ org: Name, client: ClientInput, secret: Secret.optional() }).strict()),
  'client.update': call<Client>()(ClientRef.extend({ changes: ClientOptions }).strict()),
  'client.setSecret': call<Client>()(ClientRef.extend({ secret: Secret }).strict()),
  'client.remove': call<null>()(ClientRef.strict()),
  'key.generate': call<GeneratedKey>()(OrgRef.extend({ kid: KeyId }).strict()),
  'key.import': call<SigningKey>()(OrgRef.extend({ kid: KeyId, pem: Pem }).strict()),
  'key.retire': call<SigningKey>()(OrgRef.extend({ kid: KeyId }).strict()),
  'key.remove': call<null>()(OrgRef.extend({ kid: KeyId }).strict()),
  'tokens.list': call<TokenView[]>()(z.object({}).strict()),
  // Makes (or reuses) the client's credential and copies it in main; the value never comes back.
  'tokens.copy': call<CopyResult>()(
    ClientRef.extend({
      scheme: z.enum(SCHEMES).optional(),
      sub: z.string().max(200).optional(),
      ttlSeconds: LifetimeSeconds.optional(),
      fresh: z.boolean().optional(),
    }).strict(),
  ),
  'tokens.copyCached': call<CopyResult>()(TokenRef),
  // The only call that returns a token value: the user asked to see it.
  'tokens.reveal': call<{ value: string }>()(TokenRef),
  'tokens.inspect': call<DecodedJwt>()(TokenRef),
  'tokens.refresh': call<TokenView>()(TokenRef),
  'tokens.discard': call<null>()(TokenRef),
} as const;

/** What main pushes to the renderer. */
export interface Events {
  'tokens.changed': TokenEvent;
}
export type EventName = keyof Events;
export const EVENT_NAMES: EventName[] = ['tokens.changed'];

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

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

type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** Builds the API object from any transport (Electron IPC in the preload, a WebSocket in tests). */
export function buildApi(invoke: (channel: Channel, input: unknown) => Promise<unknown>, subscribe: Subscribe): TokendeckApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const [group, method] = channel.split('.') as [string, string];
    ((api[group] ??= {}) as Record<string, unknown>)[method] = (input: unknown) => invoke(channel, input ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    return subscribe(event, listener);
  };
  return api as unknown as TokendeckApi;
}
