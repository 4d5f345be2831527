// The environment the deck shows: All (null), or one environment across every organization. The
// title bar's switcher sets it; the sidebar, the live tokens, the palette and the console follow
// it. Kept for this window's life only: a new window starts on All, so nothing is hidden unawares.
import { useSyncExternalStore } from 'react';
import { sameName } from '../../../main/core/model/names.js';

let current: string | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The environment shown, or null for All. */
export function useEnvironmentFilter(): string | null {
  return useSyncExternalStore(subscribe, () => current);
}

export function setEnvironmentFilter(environment: string | null): void {
  if (current === environment) return;
  current = environment;
  for (const listener of listeners) listener();
}

/** Whether a client of `environment` is shown under `filter` (null: All). */
export function shownInEnvironment(environment: string, filter: string | null): boolean {
  return filter === null || sameName(environment, filter);
}
