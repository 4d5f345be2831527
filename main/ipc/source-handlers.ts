// The secret-source channels (issue 24) over the core: set up, view, check, pull, take down, and a
// client or key reading from a source. Re-pointing a source that is set up, taking one down and
// pointing a client at a new reference change which secret is read and where it goes: each is
// asked about by main's own dialog (`ask`), which the page cannot draw or answer. The audit reads
// every reference in use (never answering a value); dropping the cached tokens of clients whose
// source cannot be read re-audits here and is asked about the same way.
import path from 'node:path';
import type { DestinationChange, DestinationChangeQuestion } from '../core/destination-change.js';
import { destinationChangeRefused } from '../core/destination-change.js';
import type { Core } from '../core/open-vault.js';
import { auditSources, dropTokensOfUnreadable, tokensOfUnreadable } from '../core/source-audit.js';
import { viewSourceAudit } from '../core/source-audit-view.js';
import { removeSource, replacementOf, setUpPass, setUpVault, type SourceReplacement } from '../core/sources/source-setup.js';
import type { PassSourceSettings, VaultSourceSettings } from '../core/sources/source-settings.js';
import { viewSources } from '../core/sources/source-view.js';
import type { Handlers } from './handlers.js';
import { checkSeenClient } from './stale-view.js';

type SourceChannel = 'sources.view' | 'sources.setUpPass' | 'sources.setUpVault' | 'sources.remove' | 'sources.pull' | 'sources.check' | 'sources.audit' | 'sources.dropUnreadableTokens' | 'client.setSecretSource' | 'key.importFromSource';
/** The change once the user confirmed it; undefined when there is none or no one to ask; throws CANCELLED when declined. */
export type Ask = (action: DestinationChangeQuestion['action'], change: DestinationChange | undefined) => Promise<DestinationChange | undefined>;

/** A re-pointed source as the dialog names it: the old and the new, and what follows from it. */
function replacementChange(replacement: NonNullable<SourceReplacement>): DestinationChange {
  const what = replacement.kind === 'command' ? `the command "${replacement.name}"` : `the ${replacement.kind} source`;
  return {
    what,
    fields: [replacement.kind],
    destinations: [replacement.after],
    message: `${what} would read from ${replacement.after} instead of ${replacement.before}: every secret referenced through it comes from there${replacement.kind === 'vault' ? ', and the Vault token is sent there' : ''}`,
  };
}

/** The drop as the dialog names it: which clients, how many tokens, and that they come back. */
function tokenDropChange(clients: string[], count: number): DestinationChange {
  const what = `the cached tokens of ${clients.join(', ')}`;
  return {
    what,
    fields: ['tokens'],
    destinations: [],
    message: `${what} would be deleted (${count} token${count === 1 ? '' : 's'}): ${clients.length === 1 ? 'its' : 'their'} secret source can no longer be read, so they were minted with a secret you may no longer hold; a token is made again once the source can be read`,
  };
}

export function sourceHandlers({ vault, tokens }: Core, ask: Ask): Pick<Handlers, SourceChannel> {
  const { sources } = vault;
  /** Whether `replace` was confirmed: false when nothing is re-pointed (the core refuses a re-point without it). */
  const replaceConfirmed = async (next: { pass?: PassSourceSettings; vault?: VaultSourceSettings }) => {
    const replacement = replacementOf(sources.settingsOrNone(), next);
    return replacement ? (await ask('source change', replacementChange(replacement))) !== undefined : false;
  };
  return {
    'sources.view': () => viewSources(sources),
    'sources.setUpPass': async (input) => {
      const next = { storeDir: path.resolve(input.storeDir), gnupgHome: input.gnupgHome ? path.resolve(input.gnupgHome) : undefined, prefixes: [], pull: false };
      return setUpPass(sources, input, await replaceConfirmed({ pass: next }));
    },
    'sources.setUpVault': async (input) => {
      const next = { address: input.address, namespace: input.namespace, prefixes: [], auth: { method: 'env' as const } };
      let replace = false;
      // An address that is not a URL is refused by the core with its own words, before any dialog.
      if (URL.canParse(input.address)) replace = await replaceConfirmed({ vault: next });
      return setUpVault(sources, sources.keychain, input, replace);
    },
    'sources.remove': async ({ kind, name }) => {
      const what = kind === 'command' ? `the command "${name ?? ''}"` : `the ${kind} source`;
      const change: DestinationChange = { what, fields: [kind], destinations: [], message: `${what} would be taken down on this machine${kind === 'vault' ? ' (its token or secret id leaves the keychain)' : ''}: every client and key reading from it fails until it is set up again` };
      if (!(await ask('source change', change))) throw destinationChangeRefused([change], 'Take it down from the app (it asks you to confirm).');
      await removeSource(sources, sources.keychain, kind, name);
      return null;
    },
    'sources.pull': () => sources.pull(),
    'sources.check': ({ reference }) => sources.check(reference),
    'sources.audit': async () => viewSourceAudit(tokens, await auditSources(vault)),
    // Audited again here: which tokens go is main's finding, never a list from the page.
    'sources.dropUnreadableTokens': async () => {
      const audit = await auditSources(vault);
      const doomed = tokensOfUnreadable(tokens, audit);
      if (!doomed.length) return { dropped: 0 };
      const clients = [...new Set(doomed.map((t) => audit.findings.find((f) => f.clientRef === t.clientRef)!.what.replace(/ secret$/, '')))];
      const change = tokenDropChange(clients, doomed.length);
      if (!(await ask('source change', change))) throw destinationChangeRefused([change], 'Drop them from the app (it asks you to confirm), or run `tokendeck doctor --fix`.');
      return { dropped: await dropTokensOfUnreadable(tokens, audit) };
    },
    'client.setSecretSource': async ({ org, client, source, seenClient }) => {
      checkSeenClient(vault, { org, client }, seenClient);
      return vault.setClientSecretSource(org, client, source, await ask('client edit', vault.clientSourceDestinationChange(org, client, source)));
    },
    'key.importFromSource': async ({ org, kid, source }) => vault.importKeyFromSource(org, kid, source, await ask('source change', vault.keyImportDestinationChange(org, kid, source))),
  };
}
