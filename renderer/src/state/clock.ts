// One ticking clock for every countdown: a single interval, and only components that read it
// re-render each second.
import { useEffect, useSyncExternalStore } from 'react';

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/**
 * For the many countdowns: the clock calls `paint(now)` directly each second, with no React
 * render, so a tick costs a text update per visible row and nothing more.
 */
export function useTick(paint: (now: number) => void): void {
  useEffect(() => {
    paint(Date.now());
    return subscribe(() => paint(now));
  }, [paint]);
}

/**
 * A value read off the clock that re-renders only when it changes (a count, not the time): the
 * number of expired tokens, say, which reorders a list once per expiry rather than each second.
 */
export function useClockValue<T extends number | string | boolean>(read: (now: number) => T): T {
  return useSyncExternalStore(subscribe, () => read(now));
}
