// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The one error type of Tokendeck: a stable code from a closed union and a message written for
// the user (what happened and what to do). The bridge serialises it; the UI and CLI print it.

export const ERROR_CODES = [
  'USAGE',
  'VALIDATION',
  'NOT_FOUND',
  'KEYCHAIN_UNAVAILABLE',
  'SECRET_MISSING',
  'BAD_KEY',
  'STORE_CORRUPT',
  'STORE_UNWRITABLE',
  // Another live process holds the vault lock, or took it from this one while it was paused.
  'STORE_LOCKED',
  'EXCHANGE_REJECTED',
  'EXCHANGE_PROTOCOL',
  'NETWORK',
  // The server's TLS certificate did not verify: not signed by a trusted CA (the roots, or the
  // organization's own CA bundle), expired, or for another name. Adding the right CA mends it.
  'TLS_UNTRUSTED',
  'TIMEOUT',
  'CANCELLED',
  // A change would re-point where stored secrets are sent and nobody confirmed it (the CLI's
  // --allow-destination-change, the app's own dialog in main).
  'DESTINATION_CHANGE',
  'SCOPE',
  // A secret source outside the keychain (a pass store, HashiCorp Vault/OpenBao, a command) could
  // not give the secret: not a recipient, agent locked, permission denied, path missing, timed out.
  'SOURCE_UNAVAILABLE',
  'FORBIDDEN',
  // A user's session is over: the server refused its refresh token (reused, revoked, expired).
  // Only signing in again mends it; not the client's secret, not a retry.
  'SIGNED_OUT',
  // A certificate-bound token (RFC 8705 §3: its cnf names a TLS certificate) would go over a
  // connection without that certificate: not sent. Only the client's own certificate mends it.
  'CERTIFICATE_BINDING',
  // The agent (`tokendeck agent`, or the app) refused a caller: the app's user denied it, or the
  // caller is not a process of this user. Final: the CLI does not go round it by itself.
  'AGENT_DENIED',
  // An agent cannot start: its folder or socket is not the user's own, the path is too long,
  // or another agent already answers there.
  'AGENT_UNAVAILABLE',
  // The CLI's `--copy` could not use the system clipboard: its tool (xclip, wl-copy, pbcopy, clip)
  // is missing or failed, as it does without a display. Nothing was copied or printed.
  'CLIPBOARD_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What would fix the error, for the deck to offer in its own words with a button (the CLI prints
 * the message, which says it in commands). Names only, never a secret.
 */
export type ErrorAction =
  | { kind: 'set-secret'; org: string; client: string }
  | { kind: 'generate-key'; org: string }
  | { kind: 'set-kid'; org: string }
  /** The token endpoint (`host`: its origin) refused the client's credentials: its id or secret may be wrong, or the URL. */
  | { kind: 'check-secret'; org: string; client: string; host: string; said: string }
  | { kind: 'unlock-keychain' };

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /**
   * The input field a VALIDATION error is about, as a path in what was checked: `tokenUrl`,
   * `oauth2.scope`, `clients[0].clientId` (see `formatPath`). The message names it too; this
   * lets a form put main's verdict under that field.
   */
  field?: string;
  action?: ErrorAction;
}

export class TokendeckError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly action: ErrorAction | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; action?: ErrorAction } = {}) {
    super(message);
    this.name = 'TokendeckError';
    this.code = code;
    this.field = options.field;
    this.action = options.action;
  }

  toJSON(): ErrorPayload {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.action ? { action: this.action } : {}) };
  }
}

/**
 * NOT_FOUND for an organization, client, key or trash entry the caller named. The core's message
 * points to the CLI's listings; the window words it its own way (main/ipc/stale-view.ts), since
 * there a name it sent and main cannot find means its view of the vault is stale. `key` is how the
 * caller named the key; `trash` is a trash entry's reference.
 */
export class NotFoundError extends TokendeckError {
  constructor(
    readonly missing: { org: string; client?: string; key?: string } | { trash: string },
    message: string,
  ) {
    super('NOT_FOUND', message);
  }
}

export function isTokendeckError(value: unknown): value is TokendeckError {
  return value instanceof TokendeckError;
}

/**
 * Turns anything thrown into a payload safe to show. An unexpected error keeps only its class
 * name: its message could quote input (a PEM, a secret) that must never reach a log or the UI.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isTokendeckError(error)) return error.toJSON();
  const kind = error instanceof Error ? error.name : typeof error;
  return {
    code: 'INTERNAL',
    message: `Tokendeck hit an unexpected ${kind} and stopped this operation. Try again; if it repeats, please report it with the steps that led to it.`,
  };
}
