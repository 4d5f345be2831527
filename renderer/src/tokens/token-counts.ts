// How many cached tokens are live and how many expired: an expired token stays listed (dimmed)
// until it is pruned, but is not one to use, so neither the sidebar nor the view counts it as live.
import type { TokenView } from '../../../preload/contract.js';
import { useNow } from '../state/clock.js';

export function useTokenCounts(tokens: readonly TokenView[]): { live: number; expired: number } {
  const now = useNow();
  const expired = tokens.filter((t) => Date.parse(t.expiresAt) <= now).length;
  return { live: tokens.length - expired, expired };
}
