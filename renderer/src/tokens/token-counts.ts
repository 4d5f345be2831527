// How many cached tokens are live and how many expired: an expired token stays listed (dimmed, last)
// until it is pruned, but is not one to use, so neither the sidebar nor the view counts it as live.
import { useMemo } from 'react';
import { useClockValue } from '../state/clock.js';

/**
 * The expiries, parsed and sorted once per token list, so the clock's read each second is a binary
 * search (how many expired by now) instead of parsing every token's date: a thousand tokens read
 * by three counters was most of a tick. Counts as `liveCounts` (token-timing.ts) does: expired at
 * its expiry, a date that does not parse never expired.
 */
export function expiredCounter(tokens: readonly { expiresAt: string }[]): (now: number) => number {
  const expiries = tokens
    .map((t) => Date.parse(t.expiresAt))
    .filter((at) => !Number.isNaN(at))
    .sort((a, b) => a - b);
  return (now) => {
    let low = 0;
    let high = expiries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (expiries[middle]! <= now) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

export function useTokenCounts(tokens: readonly { expiresAt: string }[]): { live: number; expired: number } {
  const counter = useMemo(() => expiredCounter(tokens), [tokens]);
  const expired = useClockValue(counter);
  return { live: tokens.length - expired, expired };
}
