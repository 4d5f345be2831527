// Sanity bounds on the times a server sends: an expiry in the future and within a year, an
// issue time between 2000 and ten years from now and before the expiry. Out of bounds almost
// always means seconds and milliseconds were mixed up (1970 or the year 55,000); past the
// dates a Date can hold it would fail later as an INTERNAL error instead.
import { TokendeckError } from '../errors.js';
import { isoTimeIfDate } from '../iso-time.js';

const YEAR_MS = 366 * 24 * 3600 * 1000;
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_AHEAD_MS = 10 * YEAR_MS;

const shown = (ms: number) => isoTimeIfDate(ms) ?? String(ms);

export function checkExpiry(expiresAt: number, now: number, field: string, unit: string): number {
  if (!Number.isFinite(expiresAt) || expiresAt <= now) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} means the token expired already (${shown(expiresAt)}). It should be in ${unit}; the server may have sent another unit.`);
  }
  if (expiresAt - now > YEAR_MS) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} is absurdly far away (${shown(expiresAt)}). It should be in ${unit}; the server may have sent another unit.`);
  }
  return expiresAt;
}

/** An issue time the server sent, against the expiry checkExpiry() accepted. */
export function checkIssuedAt(issuedAt: number, expiresAt: number, now: number, field: string, unit: string): number {
  if (!Number.isFinite(issuedAt) || issuedAt < EARLIEST_MS || issuedAt > now + LATEST_AHEAD_MS) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} (${shown(issuedAt)}) is not between 2000 and ten years from now. It should be in ${unit}; the server may have sent another unit.`);
  }
  if (issuedAt >= expiresAt) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} (${shown(issuedAt)}) is not before the token's expiry (${shown(expiresAt)}). The server's token answer is inconsistent; check the token URL.`);
  }
  return issuedAt;
}
