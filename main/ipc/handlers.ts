// The contract's implementation over the core, free of Electron: the IPC registration, the
// browser test harness and the tests all dispatch through here. Every payload is parsed by the
// channel's schema first; every outcome is a Result, never a throw.
import { contract, type CallOutput, type Channel, type ParsedInput, type Result } from '../../preload/contract.js';
import { TokendeckError, toErrorPayload } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import type { Vault } from '../core/vault.js';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<CallOutput<C>> };

export function createHandlers(vault: Vault): Handlers {
  return {
    'vault.tree': async () => vault.tree(),
    'org.add': (input) => vault.addOrganization(input),
    'org.remove': async ({ org }) => (await vault.removeOrganization(org), null),
    'client.add': ({ org, client, secret }) => vault.addClient(org, client, secret),
    'client.setSecret': ({ org, client, secret }) => vault.setClientSecret(org, client, secret),
    'client.remove': async ({ org, client }) => (await vault.removeClient(org, client), null),
    'key.generate': ({ org, kid }) => vault.generateKey(org, kid),
    'key.import': ({ org, kid, pem }) => vault.importKey(org, kid, pem),
    'key.remove': async ({ org, kid }) => (await vault.removeKey(org, kid), null),
  };
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new TokendeckError('VALIDATION', `Unknown call "${String(channel).slice(0, 80)}".`);
    const input = parseInput(contract[channel].input, payload, channel);
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(input) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}
