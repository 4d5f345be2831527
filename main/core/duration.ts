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

// When a moment is, in words: the one time format of the deck and the CLI (issue 26). Relative
// ("in 12 min", "3 min ago"), the two largest units, so the last hour ticks by the second; the
// exact moment beside it (the deck's hover, the CLI's brackets) in UTC, the same on every machine.
const MOMENT_UNITS: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];

/** "13 d 23 h", "1 h 59 min", "4 min 7 s", "42 s": the two largest units of a span. */
export function spanWords(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [name, size] of MOMENT_UNITS) {
    if (rest >= size || (name === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    } else if (parts.length > 0) {
      break;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** "in 12 min", "3 min ago", "just now" (within the second). */
export function relativeTime(iso: string, now: number): string {
  const seconds = Math.floor((Date.parse(iso) - now) / 1000);
  if (seconds === 0 || seconds === -1) return 'just now';
  return seconds > 0 ? `in ${spanWords(seconds)}` : `${spanWords(-seconds)} ago`;
}

/** "2026-12-07 05:30 UTC": the exact moment, to the minute. */
export function absoluteTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface ExpiryWords {
  /** "in 12 min", or "expired" once it has. */
  text: string;
  /** "expires 2026-12-07 05:30 UTC", "expired 3 min ago, 2026-12-07 05:30 UTC": for a hover or brackets. */
  exact: string;
  expired: boolean;
}

/** What the deck and the CLI say of an expiry. */
export function expiryWords(expiresAt: string, now: number): ExpiryWords {
  const expired = Date.parse(expiresAt) <= now;
  const exact = absoluteTime(expiresAt);
  return expired
    ? { text: 'expired', exact: `expired ${relativeTime(expiresAt, now)}, ${exact}`, expired }
    : { text: relativeTime(expiresAt, now), exact: `expires ${exact}`, expired };
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

/** The CLI's one line of it: "expires in 12 min (2026-12-07 05:30 UTC)", "expired 3 min ago (2026-12-07 05:30 UTC)". */
export function expiryLine(expiresAt: string, now: number): string {
  const relative = relativeTime(expiresAt, now);
  const when = Date.parse(expiresAt) <= now ? `expired ${relative}` : `expires ${relative}`;
  return `${when} (${absoluteTime(expiresAt)})`;
}
