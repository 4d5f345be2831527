// The one time format of the deck and the CLI (issue 26): relative words, the exact moment in UTC,
// the order of a token list, and which hand-outs are reminded of a day before they expire.
import { describe, expect, it } from 'vitest';
import { absoluteTime, expiryLine, expiryWords, relativeTime, spanWords } from '../../main/core/duration.js';
import { byTimeLeft, liveCounts, remindedBeforeExpiry } from '../../main/core/token-timing.js';

const NOW = Date.parse('2026-12-07T05:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

describe('time words', () => {
  it('says a span in its two largest adjacent units', () => {
    expect([42, 247, 720, 3_600, 7_140, 90_000, 1_209_540].map(spanWords)).toEqual(['42 s', '4 min 7 s', '12 min', '1 h', '1 h 59 min', '1 d 1 h', '13 d 23 h']);
  });

  it('says a moment relative to now, ahead or past', () => {
    expect(relativeTime(at(720), NOW)).toBe('in 12 min');
    expect(relativeTime(at(-180), NOW)).toBe('3 min ago');
    expect(relativeTime(at(0), NOW)).toBe('just now');
    expect(relativeTime(at(-0.5), NOW)).toBe('just now');
  });

  it('gives the exact moment in UTC, to the minute, the same on every machine', () => {
    expect(absoluteTime('2026-12-07T05:30:59.000Z')).toBe('2026-12-07 05:30 UTC');
    expect(absoluteTime('not a date')).toBe('not a date');
  });

  it('says an expiry for the deck (short, exact on hover) and for the CLI (one line)', () => {
    expect(expiryWords(at(720), NOW)).toEqual({ text: 'in 12 min', exact: 'expires 2026-12-07 05:12 UTC', expired: false });
    expect(expiryWords(at(-180), NOW)).toEqual({ text: 'expired', exact: 'expired 3 min ago, 2026-12-07 04:57 UTC', expired: true });
    expect(expiryLine(at(720), NOW)).toBe('expires in 12 min (2026-12-07 05:12 UTC)');
    expect(expiryLine(at(-180), NOW)).toBe('expired 3 min ago (2026-12-07 04:57 UTC)');
  });
});

describe('a token list', () => {
  const tokens = [
    { id: 'day', expiresAt: at(86_400) },
    { id: 'long-gone', expiresAt: at(-3_600) },
    { id: 'minutes', expiresAt: at(600) },
    { id: 'just-gone', expiresAt: at(-60) },
  ];

  it('puts the soonest to expire first and the expired last, most recent first', () => {
    expect(byTimeLeft(tokens, NOW).map((t) => t.id)).toEqual(['minutes', 'day', 'just-gone', 'long-gone']);
  });

  it('counts the expired apart', () => {
    expect(liveCounts(tokens, NOW)).toEqual({ live: 2, expired: 2 });
  });
});

describe('the day-before reminder', () => {
  it('applies only to a hand-out that lives longer than a day', () => {
    expect(remindedBeforeExpiry({ handedOutAt: at(0), expiresAt: at(3_600) })).toBe(false);
    expect(remindedBeforeExpiry({ handedOutAt: at(0), expiresAt: at(86_400) })).toBe(false);
    expect(remindedBeforeExpiry({ handedOutAt: at(0), expiresAt: at(14 * 86_400) })).toBe(true);
  });
});
