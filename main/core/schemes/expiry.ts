// Sanity bounds on an expiry a server sends: in the future and within a year. Out of bounds
// almost always means seconds and milliseconds were mixed up (1970 or the year 55,000).
import { TokendeckError } from '../errors.js';

const YEAR_MS = 366 * 24 * 3600 * 1000;

export function checkExpiry(expiresAt: number, now: number, field: string, unit: string): number {
  const shown = Number.isFinite(expiresAt) && Math.abs(expiresAt) < 8.64e15 ? new Date(expiresAt).toISOString() : String(expiresAt);
  if (!Number.isFinite(expiresAt) || expiresAt <= now) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} means the token expired already (${shown}). It should be in ${unit}; the server may have sent another unit.`);
  }
  if (expiresAt - now > YEAR_MS) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint's ${field} is absurdly far away (${shown}). It should be in ${unit}; the server may have sent another unit.`);
  }
  return expiresAt;
}
