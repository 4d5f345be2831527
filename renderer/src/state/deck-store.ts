// The one store for what comes from main: the vault's outline (what the sidebar and palette
// show), the organizations opened so far in full, and the cached tokens. Token events pushed by
// main refresh the token list; vault changes, made here or outside the window (main's
// `vault.changed`), reload the outline and the open organizations together, so a view never shows
// one older than the other.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import type { OrganizationTree, TokenEvent, TokenView, VaultOutline } from '../../../preload/contract.js';
import { call, errorPayload, tokendeck, UiError } from '../bridge.js';

export interface DeckState {
  outline: VaultOutline | undefined;
  /** Organizations fetched in full (vault.organization), by name as the outline spells it. */
  organizations: ReadonlyMap<string, OrganizationTree>;
  tokens: TokenView[];
  loadError: ErrorPayload | undefined;
  lastEvent: TokenEvent | undefined;
}

let state: DeckState = { outline: undefined, organizations: new Map(), tokens: [], loadError: undefined, lastEvent: undefined };
const listeners = new Set<() => void>();

function set(patch: Partial<DeckState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/**
 * How many opened organizations are kept and reloaded with the outline: the one on screen and a
 * few the user moves between. Older ones are fetched again when opened.
 */
const KEPT_ORGANIZATIONS = 4;

/** The organization in full, or undefined once it is gone (renamed, removed). */
async function fetchOrganization(name: string): Promise<OrganizationTree | undefined> {
  try {
    return await call('vault.organization', { org: name });
  } catch (error) {
    if (error instanceof UiError && error.payload.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

async function fetchOrganizations(names: readonly string[]): Promise<Map<string, OrganizationTree>> {
  const fetched = await Promise.all(names.map(fetchOrganization));
  return new Map(names.flatMap((name, i) => (fetched[i] ? [[name, fetched[i]] as const] : [])));
}

/** Reloads started: only the latest one's answer is kept, so a slow earlier one never lands last. */
let reloads = 0;

export async function reloadVault(): Promise<void> {
  const reload = ++reloads;
  try {
    const [outline, tokens, organizations] = await Promise.all([call('vault.outline', {}), call('tokens.list', {}), fetchOrganizations([...state.organizations.keys()])]);
    if (reload !== reloads) return;
    // Marks when the data arrived, for the benchmark's render figure (deck-rendered follows).
    if (performance.getEntriesByName('deck-data').length === 0) performance.mark('deck-data');
    set({ outline, tokens, organizations, loadError: undefined });
  } catch (error) {
    if (reload === reloads) set({ loadError: errorPayload(error) });
  }
}

const asked = new Set<string>();
/** Fetches one organization in full once; the answer joins the kept ones (reloaded with the vault). */
async function openOrganization(name: string): Promise<void> {
  if (asked.has(name)) return;
  asked.add(name);
  try {
    const org = await fetchOrganization(name);
    if (!org) return;
    const kept = [...state.organizations].filter(([n]) => n !== name).slice(-(KEPT_ORGANIZATIONS - 1));
    set({ organizations: new Map([...kept, [name, org]]) });
  } catch (error) {
    set({ loadError: errorPayload(error) });
  } finally {
    asked.delete(name);
  }
}

export async function reloadTokens(): Promise<void> {
  try {
    set({ tokens: await call('tokens.list', {}) });
  } catch (error) {
    set({ loadError: errorPayload(error) });
  }
}

let started = false;
/**
 * Loads once and listens to main's token and vault events for the life of the page. Called before the first
 * render, so the data is on its way while the keychain check runs (neither needs the other).
 */
export function startDeckStore(): void {
  if (started) return;
  started = true;
  tokendeck().on('tokens.changed', (event) => {
    set({ lastEvent: event });
    void reloadTokens();
  });
  tokendeck().on('vault.changed', (change) => void (change.organizations ? reloadVault() : reloadTokens()));
  void reloadVault();
}

export function useDeck(): DeckState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** The organization in full, fetched when first asked for; undefined until it arrives. */
export function useOrganization(name: string | undefined): OrganizationTree | undefined {
  const { organizations } = useDeck();
  const org = name === undefined ? undefined : organizations.get(name);
  useEffect(() => {
    if (name !== undefined && !org) void openOrganization(name);
  }, [name, org]);
  return org;
}

/** The whole tree, for the one screen that weighs every organization (Connect's "left half-way"). */
export function useVaultTree(): OrganizationTree[] | undefined {
  const { outline } = useDeck();
  const [tree, setTree] = useState<OrganizationTree[]>();
  useEffect(() => {
    let current = true;
    if (outline) void call('vault.tree', {}).then((t) => current && setTree(t.organizations), (error: unknown) => current && set({ loadError: errorPayload(error) }));
    return () => void (current = false);
  }, [outline, setTree]);
  return tree;
}
