// How many cached tokens are live and how many expired: an expired token stays listed (dimmed, last)
// until it is pruned, but is not one to use, so neither the sidebar nor the view counts it as live.
import { liveCounts } from '../../../main/core/token-timing.js';
import { useClockValue } from '../state/clock.js';

export function useTokenCounts(tokens: readonly { expiresAt: string }[]): { live: number; expired: number } {
  const expired = useClockValue((now) => liveCounts(tokens, now).expired);
  return { live: tokens.length - expired, expired };
}
