// The one contract between the renderer and main: every call, its input schema (parsed by main
// before any handler runs) and its output type. Main implements it (main/ipc/handlers.ts), the
// preload exposes it as `window.tokendeck`, the renderer and the browser test harness consume it.
import { z } from 'zod';
import type { ErrorPayload } from '../main/core/errors.js';
import { ClientInput, KeyId, Name, OrganizationInput, type Client, type Organization, type SigningKey } from '../main/core/model.js';
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

export const contract = {
  'vault.tree': call<VaultTree>()(z.object({}).strict()),
  'org.add': call<Organization>()(OrganizationInput),
  'org.remove': call<null>()(OrgRef.strict()),
  'client.add': call<Client>()(z.object({ org: Name, client: ClientInput, secret: Secret.optional() }).strict()),
  'client.setSecret': call<Client>()(ClientRef.extend({ secret: Secret }).strict()),
  'client.remove': call<null>()(ClientRef.strict()),
  'key.generate': call<GeneratedKey>()(OrgRef.extend({ kid: KeyId }).strict()),
  'key.import': call<SigningKey>()(OrgRef.extend({ kid: KeyId, pem: Pem }).strict()),
  'key.remove': call<null>()(OrgRef.extend({ kid: KeyId }).strict()),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type CallInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type CallOutput<C extends Channel> = Contract[C]['output'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

type Group = Channel extends `${infer G}.${string}` ? G : never;

/** `window.tokendeck`: `tokendeck.client.add({...})` for channel "client.add". */
export type TokendeckApi = {
  [G in Group]: {
    [C in Channel as C extends `${G}.${infer M}` ? M : never]: (input: CallInput<C>) => Promise<Result<CallOutput<C>>>;
  };
};

/** Builds the API object from any transport (Electron IPC in the preload, a WebSocket in tests). */
export function buildApi(invoke: (channel: Channel, input: unknown) => Promise<unknown>): TokendeckApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [group, method] = channel.split('.') as [string, string];
    (api[group] ??= {})[method] = (input: unknown) => invoke(channel, input ?? {});
  }
  return api as unknown as TokendeckApi;
}
