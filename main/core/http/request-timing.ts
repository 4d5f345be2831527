// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Where a response's time went, as the console shows it. A type of its own, apart from the
// undici pool that measures it, so the page can read it without Node's types.

/** Where one request's time went, in milliseconds from the moment it was handed to the pool. */
export interface RequestTiming {
  /** TCP handshake, when this request opened a new connection. */
  connectMs?: number;
  /** TLS handshake after TCP, for a new https connection. */
  tlsMs?: number;
  /** Until the response headers arrived. */
  firstByteMs: number;
  /** Until the whole body was read (including earlier redirect hops, when there were some). */
  totalMs: number;
  reusedConnection: boolean;
}
