// The open view's organization or client, once the vault no longer has it: the CLI removed it (or
// removed it and added another under its name) while the window showed it. The view says so and
// the deck shows the nearest place that still exists, instead of a view of what is gone.
import type { VaultOutline } from '../../../preload/contract.js';
import type { Selection } from '../selection.js';

export interface GoneSelection {
  /** What is gone, as the window named it: `studio` or `studio/web`. */
  what: string;
  /** What the deck shows instead: the organization of a gone client, else the live tokens. */
  instead: Selection;
}

export function goneSelection(outline: VaultOutline, selection: Selection): GoneSelection | undefined {
  // A guided connection names its organization only once it made it: nothing to lose there.
  if (!('org' in selection) || selection.kind === 'connect' || selection.org === undefined) return undefined;
  const org = outline.organizations.find((o) => o.name === selection.org);
  if (!org) return { what: selection.org, instead: { kind: 'tokens' } };
  const client = 'client' in selection ? selection.client : undefined;
  if (client !== undefined && !org.clients.some((c) => c.name === client)) return { what: `${org.name}/${client}`, instead: { kind: 'org', org: org.name } };
  return undefined;
}
