// Epoch milliseconds as the ISO 8601 text the store files, the contract and the CLI's JSON carry.

/** `undefined` (a credential that never expires) becomes null: "no expiry", not a date. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | undefined): string | null;
export function isoTime(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
