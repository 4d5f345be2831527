// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// When a token counts as expiring: inside the last 10% of its life or its last 5 minutes,
// whichever is longer. The scheduler refreshes auto-refresh tokens there, the UI warns there.

const FIVE_MINUTES_MS = 5 * 60_000;

export type TokenPhase = 'fresh' | 'expiring' | 'expired';

export function expiringFrom(issuedAtMs: number, expiresAtMs: number): number {
  const lead = Math.max((expiresAtMs - issuedAtMs) * 0.1, FIVE_MINUTES_MS);
  return expiresAtMs - lead;
}

export function tokenPhase(issuedAtMs: number, expiresAtMs: number, nowMs: number): TokenPhase {
  if (nowMs >= expiresAtMs) return 'expired';
  return nowMs >= expiringFrom(issuedAtMs, expiresAtMs) ? 'expiring' : 'fresh';
}

/**
 * Soonest to expire first, the expired after every live one (most recently expired first): the
 * order of the deck's Live tokens and of `tokendeck tokens`.
 */
export function byTimeLeft<T extends { expiresAt: string }>(tokens: readonly T[], nowMs: number): T[] {
  const at = (t: T) => Date.parse(t.expiresAt);
  const live = tokens.filter((t) => at(t) > nowMs).sort((a, b) => at(a) - at(b));
  const expired = tokens.filter((t) => at(t) <= nowMs).sort((a, b) => at(b) - at(a));
  return [...live, ...expired];
}

/** "3 live · 1 expired", "2 live": expired tokens counted apart, never as live. */
export function liveCounts(tokens: readonly { expiresAt: string }[], nowMs: number): { live: number; expired: number } {
  const expired = tokens.filter((t) => Date.parse(t.expiresAt) <= nowMs).length;
  return { live: tokens.length - expired, expired };
}

/** A hand-out is reminded of this long before it expires (an OS notification, once). */
export const REMIND_BEFORE_MS = 24 * 3600 * 1000;

/**
 * Whether a hand-out gets that reminder: only one that lives longer than the lead itself. A token
 * that lives an hour is inside its last day from the start: a notice then would be noise.
 */
export function remindedBeforeExpiry(handout: { handedOutAt: string; expiresAt: string }): boolean {
  return Date.parse(handout.expiresAt) - Date.parse(handout.handedOutAt) > REMIND_BEFORE_MS;
}
