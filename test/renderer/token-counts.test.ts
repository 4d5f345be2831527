// The deck's live/expired counter reads the clock each second by a binary search over sorted
// expiries; it must count exactly as the core's liveCounts (the CLI's `tokens`) does.
import { describe, expect, it } from 'vitest';
import { liveCounts } from '../../main/core/token-timing.js';
import { expiredCounter } from '../../renderer/src/tokens/token-counts.js';

const NOW = Date.parse('2026-12-07T06:00:00.000Z');
const at = (offsetMs: number) => ({ expiresAt: new Date(NOW + offsetMs).toISOString() });

describe('expiredCounter', () => {
  it('counts a token expired at its expiry, and not a millisecond before', () => {
    const count = expiredCounter([at(0), at(1), at(-1)]);
    expect(count(NOW - 2)).toBe(0);
    expect(count(NOW - 1)).toBe(1);
    expect(count(NOW)).toBe(2);
    expect(count(NOW + 1)).toBe(3);
  });

  it('never counts an expiry that does not parse as expired', () => {
    const count = expiredCounter([{ expiresAt: 'not a date' }, at(-5_000)]);
    expect(count(NOW + 10 ** 12)).toBe(1);
    expect(liveCounts([{ expiresAt: 'not a date' }, at(-5_000)], NOW + 10 ** 12).expired).toBe(1);
  });

  it('agrees with liveCounts on lists with equal, past and future expiries, at every moment', () => {
    const tokens = [...Array(200).keys()].map((i) => at(((i * 7919) % 101) * 1_000 - 50_000));
    const count = expiredCounter(tokens);
    for (let moment = NOW - 60_000; moment <= NOW + 60_000; moment += 500) {
      expect(count(moment)).toBe(liveCounts(tokens, moment).expired);
    }
  });
});
