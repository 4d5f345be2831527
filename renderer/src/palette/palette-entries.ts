// What the palette offers, built from the vault's outline: a copy for each scheme the client's
// organization offers (its provider's spec, as main reads it: `schemes` in the outline), and the
// places to go (an organization, a client, a console, the inspector, an environment). Every label
// reads as a sentence; each entry is found by the words of its label and a few more (the scheme's
// id, the environment).
import { environmentNames } from '../../../main/core/model/environments.js';
import { sameName } from '../../../main/core/model/names.js';
import type { Scheme } from '../../../main/core/providers/schemes.js';
import type { VaultOutline } from '../../../preload/contract.js';
import type { Selection } from '../selection.js';
import { shownInEnvironment } from '../state/environment-filter.js';

/** A scheme as the palette names what it copies: "Copy Token header — studio/web". */
const COPIED: Readonly<Record<Scheme, string>> = {
  token: 'Token header',
  basic: 'Basic header',
  devtoken: 'DevToken',
  bearer: 'bearer token',
  jwt: 'signed JWT',
  apikey: 'API key',
};

export const copiedName = (scheme: Scheme) => COPIED[scheme];

export interface CopyEntry {
  kind: 'copy';
  org: string;
  client: string;
  /** The client's uuid as the outline had it: main refuses the copy if it is no longer that client. */
  seenClient: string;
  environment: string;
  production: boolean;
  scheme: Scheme;
  label: string;
  /** Said beside the label, muted: the client's environment. */
  detail: string;
  words: string;
}

export interface GoEntry {
  kind: 'go';
  label: string;
  detail?: string;
  /** A view to open, or an environment for the title bar's switcher (null: All). */
  to: { selection: Selection } | { environment: string | null };
  words: string;
}

export type PaletteEntry = CopyEntry | GoEntry;

export const MAX_SHOWN = 50;

/**
 * The entries matching every word typed (case aside): copies first, then places. `environment`:
 * the switcher's; only its clients are offered (their organizations and consoles stay reachable).
 */
export function paletteEntries(tree: VaultOutline, query: string, environment: string | null): PaletteEntry[] {
  const typed = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found: PaletteEntry[] = [];
  const offer = (entry: PaletteEntry) => {
    const words = `${entry.label} ${entry.detail ?? ''} ${entry.words}`.toLowerCase();
    if (found.length < MAX_SHOWN && typed.every((w) => words.includes(w))) found.push(entry);
  };
  for (const org of tree.organizations) {
    for (const client of org.clients) {
      if (!shownInEnvironment(client.environment, environment)) continue;
      for (const scheme of org.schemes) {
        const path = `${org.name}/${client.name}`;
        offer({ kind: 'copy', org: org.name, client: client.name, seenClient: client.id, environment: client.environment, production: client.production, scheme, label: `Copy ${COPIED[scheme]} — ${path}`, detail: client.environment, words: `copy token ${scheme} ${org.provider}` });
      }
    }
  }
  // Places: with nothing typed the copies come first, and the places follow as far as there is room.
  for (const org of tree.organizations) {
    offer({ kind: 'go', label: `Open organization ${org.name}`, detail: org.provider, to: { selection: { kind: 'org', org: org.name } }, words: 'go view' });
    for (const client of org.clients) {
      if (!shownInEnvironment(client.environment, environment)) continue;
      offer({ kind: 'go', label: `Open client ${org.name}/${client.name}`, detail: client.environment, to: { selection: { kind: 'client', org: org.name, client: client.name } }, words: 'go view' });
    }
    offer({ kind: 'go', label: `Open the console — ${org.name}`, to: { selection: { kind: 'console', org: org.name } }, words: 'go request send http' });
  }
  offer({ kind: 'go', label: 'Open the inspector', detail: 'decode a token', to: { selection: { kind: 'inspector' } }, words: 'go jwt inspect' });
  offer({ kind: 'go', label: 'Open the live tokens', to: { selection: { kind: 'tokens' } }, words: 'go list cache' });
  for (const name of environmentNames(tree.organizations)) {
    if (environment !== null && sameName(name, environment)) continue;
    offer({ kind: 'go', label: `Switch to environment ${name}`, to: { environment: name }, words: 'env show filter' });
  }
  if (environment !== null) offer({ kind: 'go', label: 'Switch to all environments', to: { environment: null }, words: 'env show filter every' });
  return found;
}
