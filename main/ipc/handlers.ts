// The contract's implementation over the core, free of Electron: the IPC registration, the
// browser test harness and the tests all dispatch through here. Every payload is parsed by the
// channel's schema first; every outcome is a Result, never a throw.
import { contract, type CallOutput, type Channel, type ParsedInput, type Result } from '../../preload/contract.js';
import type { ClipboardGuard } from '../core/clipboard-guard.js';
import { destinationChangeDeclined, type ConfirmDestinationChange, type DestinationChange, type DestinationChangeQuestion } from '../core/destination-change.js';
import { TokendeckError, toErrorPayload } from '../core/errors.js';
import { readCaBundle } from '../core/http/ca-bundle.js';
import { inspectPasted, inspectToken } from '../core/token-inspect.js';
import { findKey } from '../core/key-ref.js';
import type { Core } from '../core/open-vault.js';
import { copyCachedToken, copyRequestWithCredential, copyToken, makeToken, removeClient, removeOrganization } from '../core/operations.js';
import { renameClient, renameOrganization } from '../core/renames.js';
import { exportSetup, importSetup, planImport } from '../core/setup/share-setup.js';
import { publicJwk } from '../core/signing-keys.js';
import { parseInput } from '../core/validate.js';
import { certificateHandlers, type CertificateShell } from './certificate-handlers.js';
import { sessionHandlers, type SessionShell } from './session-handlers.js';
import { sourceHandlers } from './source-handlers.js';
import { checkSeenClient, inWindowWords, seenAmong } from './stale-view.js';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<CallOutput<C>> };

export interface HandlerOptions extends SessionShell, CertificateShell {
  /**
   * Asks the user, outside the page, before stored secrets may go to a new destination (an import
   * or an edit that re-points them): main passes a native dialog, the browser harness an answer
   * the test controls. The page has no say: no channel carries a flag that skips it. Without it,
   * such changes are refused.
   */
  confirmDestinationChange?: ConfirmDestinationChange;
  /** The keychain answered the window's check: the shell may start what needs it (the refresh scheduler). */
  keychainReady?: () => void;
}

export function createHandlers(core: Core, clipboard: ClipboardGuard, { confirmDestinationChange, keychainReady, chooseCertificateFiles, ...shell }: HandlerOptions = {}): Handlers {
  const { vault, tokens, requestConsole, handouts } = core;
  /** The change, once the user confirmed it; undefined when there is none (or no one to ask). */
  const confirmed = async (action: DestinationChangeQuestion['action'], change: DestinationChange | undefined) => {
    if (!change || !confirmDestinationChange) return undefined;
    if (await confirmDestinationChange({ action, changes: [change] })) return change;
    throw destinationChangeDeclined([change]);
  };

  /** A key's public half as the vault holds it (PEM, and JWK with its alg and Key ID). */
  const publicHalves = (org: string, thumbprint: string) => {
    const key = findKey(org, vault.organizationTree(org).keys, thumbprint);
    return { pem: key.publicKeyPem, jwk: publicJwk(key.publicKeyPem, key.algorithm, key.kid) };
  };

  return {
    'vault.checkKeychain': async () => {
      await vault.checkKeychain();
      keychainReady?.();
      return null;
    },
    'vault.outline': async () => vault.outline(),
    'vault.organization': async ({ org }) => vault.organizationTree(org),
    'vault.tree': async () => vault.tree(),
    'vault.audit': () => vault.auditKeychain(),
    'vault.repair': () => vault.repairKeychain(),
    'org.add': (input) => vault.addOrganization(input),
    'org.update': async ({ org, changes }) => vault.updateOrganization(org, changes, await confirmed('organization edit', vault.organizationUpdateDestinationChange(org, changes))),
    'org.remove': async ({ org }) => (await removeOrganization(core, org), null),
    'org.rename': ({ org, to }) => renameOrganization(core, org, to),
    'org.renameEnvironment': ({ org, from, to }) => vault.renameEnvironment(org, from, to),
    'org.describeCaBundle': async ({ pem }) => readCaBundle(pem, { field: 'pem' }).certificates,
    'client.add': ({ org, client, secret }) => vault.addClient(org, client, secret),
    'client.update': async ({ org, client, changes }) =>
      vault.updateClient(org, client, changes, await confirmed('client edit', vault.clientUpdateDestinationChange(org, client, changes))),
    'client.setSecret': ({ org, client, secret }) => vault.setClientSecret(org, client, secret),
    'client.remove': async ({ org, client }) => (await removeClient(core, org, client), null),
    'client.rename': ({ org, client, to }) => renameClient(core, org, client, to),
    'key.generate': ({ org, kid }) => vault.generateKey(org, kid),
    'key.import': ({ org, kid, pem }) => vault.importKey(org, kid, pem),
    'key.setKid': ({ org, thumbprint, kid }) => vault.setKeyId(org, thumbprint, kid),
    'key.retire': ({ org, kid }) => vault.retireKey(org, kid),
    'key.remove': async ({ org, kid }) => (await vault.removeKey(org, kid), null),
    'key.public': async ({ org, thumbprint }) => publicHalves(org, thumbprint),
    // Public: copied without the timed clear, as the page shows it (the JWK indented).
    'key.copyPublic': async ({ org, thumbprint, format }) => {
      const { pem, jwk } = publicHalves(org, thumbprint);
      await clipboard.copyPublic(format === 'pem' ? pem : JSON.stringify(jwk, null, 2));
      return null;
    },
    'tokens.list': async () => tokens.list(),
    'tokens.copy': async ({ seenClient, ...request }) => (checkSeenClient(vault, request, seenClient), copyToken(core, clipboard, request)),
    'tokens.make': async ({ seenClient, ...request }) => (checkSeenClient(vault, request, seenClient), makeToken(core, request)),
    'tokens.copyCached': ({ tokenId }) => copyCachedToken(core, clipboard, tokenId),
    'tokens.reveal': async ({ tokenId }) => ({ value: await tokens.reveal(tokenId) }),
    'tokens.inspect': async ({ tokenId }) => inspectToken(vault.tree().organizations, await tokens.reveal(tokenId), { org: tokens.view(tokenId).org, known: tokens.view(tokenId) }),
    'jwt.inspect': async ({ jwt, org }) => inspectPasted(vault.tree().organizations, tokens, jwt, org),
    'tokens.refresh': async ({ tokenId }) => tokens.view((await tokens.refresh(tokens.record(tokenId))).tokenId!),
    'tokens.discard': async ({ tokenId }) => (await tokens.discard(tokenId), null),
    'console.send': async ({ seenClient, ...input }) => (checkSeenClient(vault, input.request, seenClient), requestConsole.send(input)),
    'console.sendAll': ({ seenClients, ...input }) => requestConsole.sendToAllEnvironments(input, { accept: seenAmong(input.request.org, seenClients), wordError: inWindowWords }),
    'console.cancel': async ({ requestId }) => ({ cancelled: requestConsole.cancel(requestId) }),
    'console.history': async ({ org }) => requestConsole.history(org),
    'console.clearHistory': async ({ org }) => (await requestConsole.clearHistory(org), null),
    'console.saved': async ({ org }) => requestConsole.saved(org),
    'console.save': ({ name, request }) => requestConsole.save(name, request),
    'console.removeSaved': async ({ org, id }) => (await requestConsole.removeSaved(org, id), null),
    'console.export': async ({ format, request }) => ({ text: requestConsole.exportCode(format, request) }),
    'console.copyExportWithCredential': async ({ format, request, seenClient }) => (checkSeenClient(vault, request, seenClient), copyRequestWithCredential(core, clipboard, format, request)),
    'tokens.remintStale': async ({ org }) => ({ reminted: await tokens.remintStale(org) }),
    'handouts.list': async () => handouts.list(),
    'handouts.forget': async ({ id }) => (await handouts.forget(id), null),
    'setup.export': async () => ({ text: exportSetup(vault, requestConsole) }),
    'setup.preview': ({ text }) => planImport(vault, requestConsole, text),
    'setup.import': ({ text, skip }) => importSetup(vault, requestConsole, text, { confirmDestinationChange, ...(skip ? { skip } : {}) }),
    ...sourceHandlers(core, confirmed),
    ...sessionHandlers(core, shell),
    ...certificateHandlers(core, { chooseCertificateFiles }),
    'clipboard.copyText': async ({ text }) => (await clipboard.copyPublic(text), null),
    'trash.list': () => vault.trash(),
    'trash.restore': ({ id }) => vault.restoreFromTrash(id),
  };
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) {
      // Described without calling anything on it: a hostile value's toString may throw.
      const name = typeof channel === 'string' ? channel.slice(0, 80) : `a ${channel === null ? 'null' : typeof channel}`;
      throw new TokendeckError('VALIDATION', `Unknown call "${name}".`);
    }
    const input = parseInput(contract[channel].input, payload, channel);
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(input) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(inWindowWords(error)) };
  }
}
