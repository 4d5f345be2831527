// The sandboxed preload imports this module, so it stays pure: no Node, no Electron, no zod.
// The contract's names without its schemas: what the preload needs to build `window.tokendeck`
// (contract.ts keeps the schemas for main and checks, with `satisfies`, that it declares
// exactly these channels and events, so the two lists cannot drift apart).
import type { TokendeckApi } from './contract.js';

const NAMES = [
  'vault.checkKeychain', 'vault.outline', 'vault.organization', 'vault.tree', 'vault.audit', 'vault.repair',
  'org.add', 'org.update', 'org.remove', 'org.rename', 'org.renameEnvironment', 'org.describeCaBundle',
  'client.add', 'client.update', 'client.setSecret', 'client.setSecretSource', 'client.remove', 'client.rename',
  'client.chooseCertificate', 'client.removeCertificate',
  'key.generate', 'key.import', 'key.importFromSource', 'key.setKid', 'key.retire', 'key.remove', 'key.public', 'key.copyPublic',
  'tokens.list', 'tokens.copy', 'tokens.make', 'tokens.copyCached', 'tokens.reveal', 'tokens.inspect', 'tokens.refresh',
  'tokens.discard', 'tokens.remintStale',
  'jwt.inspect',
  'console.send', 'console.sendAll', 'console.cancel', 'console.history', 'console.clearHistory', 'console.saved', 'console.save',
  'console.removeSaved', 'console.export', 'console.copyExportWithCredential',
  'handouts.list', 'handouts.forget',
  'setup.export', 'setup.preview', 'setup.import',
  'sources.view', 'sources.setUpPass', 'sources.setUpVault', 'sources.remove', 'sources.pull', 'sources.check', 'sources.audit',
  'sources.dropUnreadableTokens',
  'session.signIn', 'session.cancel', 'session.signOut', 'session.discover',
  'clipboard.copyText',
  'trash.list', 'trash.restore',
] as const;

/** A call's name: `group.method`, exposed as `window.tokendeck.group.method`. */
export type Channel = (typeof NAMES)[number];
export const CHANNELS: Channel[] = [...NAMES];

/** What main pushes to the renderer; contract.ts declares each event's payload. */
export const EVENT_NAMES = ['tokens.changed', 'vault.changed', 'session.deviceCode'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

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
