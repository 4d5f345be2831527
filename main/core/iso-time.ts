// Epoch milliseconds as the ISO 8601 text the store files, the contract and the CLI's JSON carry.

/** `undefined` (a credential that never expires) becomes null: "no expiry", not a date. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | undefined): string | null;
export function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** Dates hold ±8.64e15 ms (ECMA-262, "Time Values and Time Range"): a time a server or a JWT sent may lie beyond. */
export const LATEST_DATE_MS = 8.64e15;

/** A time someone else sent, as ISO text; null when it is not a number a Date can hold. */
export function isoTimeIfDate(ms: number): string | null {
  return Number.isFinite(ms) && Math.abs(ms) <= LATEST_DATE_MS ? new Date(ms).toISOString() : null;
}
