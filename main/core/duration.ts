// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Lifetimes as people type them: "14d", "12h", "90m", "3600s", "1d12h" or plain seconds.
import { TokendeckError } from './errors.js';

const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };

export function parseDuration(text: string, option = '--ttl'): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+)([wdhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new TokendeckError('VALIDATION', `Invalid ${option}: "${text}" is not a duration (e.g. 14d, 12h, 30m, 3600s, 1d12h).`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_SECONDS[unit!]!, 0);
}

/** What is left until an ISO expiry, in words: "13 d 23 h", or "expired". The deck and the CLI say it alike. */
export function timeLeft(expiresAt: string, now: number): string {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  return seconds <= 0 ? 'expired' : formatDuration(seconds);
}

/** "13 d 23 h", "59 m 58 s": the two largest units. */
export function formatDuration(seconds: number): string {
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]];
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (rest >= size || (name === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
