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
