// The one store for what comes from main: the vault tree and the cached tokens. Token events
// pushed by main refresh the token list; vault changes made here reload the tree.
import { useSyncExternalStore } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import type { TokenEvent, TokenView, VaultTree } from '../../../preload/contract.js';
import { call, errorPayload, tokendeck } from '../bridge.js';

export interface DeckState {
  tree: VaultTree | undefined;
  tokens: TokenView[];
  loadError: ErrorPayload | undefined;
  lastEvent: TokenEvent | undefined;
}

let state: DeckState = { tree: undefined, tokens: [], loadError: undefined, lastEvent: undefined };
const listeners = new Set<() => void>();

function set(patch: Partial<DeckState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

export async function reloadVault(): Promise<void> {
  try {
    const [tree, tokens] = await Promise.all([call('vault.tree', {}), call('tokens.list', {})]);
    // Marks when the data arrived, for the benchmark's render figure (deck-rendered follows).
    if (performance.getEntriesByName('deck-data').length === 0) performance.mark('deck-data');
    set({ tree, tokens, loadError: undefined });
  } catch (error) {
    set({ loadError: errorPayload(error) });
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
/** Loads once and listens to main's token events for the life of the page. */
export function startDeckStore(): void {
  if (started) return;
  started = true;
  tokendeck().on('tokens.changed', (event) => {
    set({ lastEvent: event });
    void reloadTokens();
  });
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
