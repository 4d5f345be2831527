// The device authorization grant (RFC 8628) for terminals and headless machines: ask the server
// for a user code and a verification URI to show, then poll the token endpoint at its interval
// until the person approves in a browser elsewhere, refuses, or the code expires. The device_code
// is a secret the person never sees: it stays in this module, keyed by the object shown.
import { TokendeckError } from '../errors.js';
import { TokenEndpointRefusal, postToTokenEndpoint } from '../http/token-endpoint.js';
import type { Transport } from '../http/transport.js';
import { HttpsUrl, plainTextProblem } from '../model/primitives.js';
import { authenticateClient, type OAuthClientAuth } from '../schemes/oauth2.js';
import { checkServerToken } from '../schemes/server-token.js';
import { UserFlowError } from './flow-errors.js';
import { userTokens, type UserTokens } from './user-tokens.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** §3.2: without `interval`, the client waits 5 seconds between polls. */
const DEFAULT_INTERVAL_SECONDS = 5;
/** §3.5: each slow_down adds 5 seconds to the interval, for this and every later poll. */
const SLOW_DOWN_STEP_SECONDS = 5;
const MAX_INTERVAL_SECONDS = 300;
const MAX_LIFETIME_SECONDS = 86_400;
const DEFAULT_TIMEOUT_MS = 30_000;

export interface DeviceAuthorizationRequest {
  deviceAuthorizationUrl: string;
  tokenUrl: string;
  client: OAuthClientAuth;
  scope?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
  /** The organization's proxy and CA, for the request and every poll; the environment's when not given. */
  transport?: Transport | undefined;
}

/** What the person is shown. Holds no secret: it may be printed or sent to the page whole. */
export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  /** The URI with the code in it (§3.3.1), for a link or a QR code. */
  verificationUriComplete?: string;
  /** Epoch ms: polling stops here. */
  expiresAt: number;
  /** Seconds between polls, as the server asked. */
  interval: number;
}

interface PollingState {
  deviceCode: string;
  tokenUrl: string;
  client: OAuthClientAuth;
  scope: string | undefined;
  timeoutMs: number;
  transport: Transport | undefined;
}

const polling = new WeakMap<DeviceAuthorization, PollingState>();

function protocol(message: string): TokendeckError {
  return new TokendeckError('EXCHANGE_PROTOCOL', `The device authorization answer ${message}. Check the device authorization URL.`);
}

/** A URI shown to the person to open: https (http on loopback alone), one plain line, no user:password. */
function shownUri(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw protocol(`lacks ${field}`);
  const problem = value.length > 2048 ? 'is over 2048 characters' : plainTextProblem(value);
  if (problem) throw protocol(`has a ${field} that ${problem.replace(/^must be/, 'is not')}`);
  const parsed = HttpsUrl.safeParse(value);
  if (!parsed.success) throw protocol(`has a ${field} that is not an https:// address without a user name or password`);
  return value;
}

/** §3.2: a code the person types; printable ASCII, short enough to read out. */
function userCodeOf(value: unknown): string {
  if (typeof value !== 'string' || !/^[\x21-\x7E](?:[\x20-\x7E]{0,30}[\x21-\x7E])?$/.test(value)) {
    throw protocol('has a user_code that is not 1 to 32 printable ASCII characters');
  }
  return value;
}

function seconds(value: unknown, field: string, fallback: number | undefined, max: number): number {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > max) {
    throw protocol(`has ${field} that is not a whole number of seconds from 1 to ${max}`);
  }
  return number;
}

/** §3.1–3.2: one POST for the codes; the answer checked before anything is shown. */
export async function startDeviceAuthorization(request: DeviceAuthorizationRequest): Promise<DeviceAuthorization> {
  const now = request.now ?? Date.now;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const form = new URLSearchParams();
  if (request.scope) form.set('scope', request.scope);
  const { headers, secrets } = authenticateClient(form, request.client);
  const requestedAt = now();
  const answer = await postToTokenEndpoint({ url: request.deviceAuthorizationUrl, endpoint: 'device authorization', headers, body: form.toString(), timeoutMs, secrets, signal: request.signal, transport: request.transport });
  const body = (answer ?? {}) as Record<string, unknown>;
  if (typeof body.device_code !== 'string' || body.device_code === '') throw protocol('lacks device_code');
  const shown: DeviceAuthorization = {
    userCode: userCodeOf(body.user_code),
    verificationUri: shownUri(body.verification_uri, 'verification_uri'),
    ...(body.verification_uri_complete === undefined ? {} : { verificationUriComplete: shownUri(body.verification_uri_complete, 'verification_uri_complete') }),
    expiresAt: requestedAt + seconds(body.expires_in, 'expires_in', undefined, MAX_LIFETIME_SECONDS) * 1000,
    interval: seconds(body.interval, 'interval', DEFAULT_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS),
  };
  const deviceCode = checkServerToken(body.device_code, 'device_code');
  polling.set(shown, { deviceCode, tokenUrl: request.tokenUrl, client: request.client, scope: request.scope, timeoutMs, transport: request.transport });
  return shown;
}

/** Polls in a row that could not reach the token endpoint before the sign-in gives up. */
const MAX_UNREACHABLE_POLLS = 4;

export interface PollOptions {
  signal?: AbortSignal;
  /** Waits `ms` or rejects when `signal` aborts; the tests pass one that records the waits. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

function cancelled(): TokendeckError {
  return new TokendeckError('CANCELLED', 'You cancelled the sign-in. Start it again when ready.');
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function codeExpired(): UserFlowError {
  return new UserFlowError('code-expired', 'The sign-in was not approved in time and the code expired: start again, and approve it in the browser before it runs out.');
}

/**
 * §3.4–3.5: polls until tokens come. authorization_pending waits another interval; slow_down
 * lengthens the interval by 5 s for good; expired_token, access_denied and the code's own expiry
 * end it with a typed error; any other refusal is EXCHANGE_REJECTED in the server's scrubbed words.
 */
export async function pollDeviceToken(started: DeviceAuthorization, options: PollOptions = {}): Promise<UserTokens> {
  const state = polling.get(started);
  if (!state) throw new TokendeckError('INTERNAL', 'This sign-in was not started by startDeviceAuthorization, or has already finished. Start it again.');
  const { signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  let interval = started.interval;
  let unreachable = 0;
  try {
    for (;;) {
      if (now() + interval * 1000 > started.expiresAt) throw codeExpired();
      await sleep(interval * 1000, signal);
      if (signal?.aborted) throw cancelled();
      const form = new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, device_code: state.deviceCode });
      const { headers, secrets } = authenticateClient(form, state.client, [state.deviceCode]);
      const requestedAt = now();
      let answer: unknown;
      try {
        answer = await postToTokenEndpoint({ url: state.tokenUrl, headers, body: form.toString(), timeoutMs: state.timeoutMs, secrets, signal, transport: state.transport });
      } catch (error) {
        // §3.5: a connection that fails or times out backs off exponentially, a few times, before
        // the sign-in gives up (the person may be approving on a flaky network).
        if (error instanceof TokendeckError && (error.code === 'NETWORK' || error.code === 'TIMEOUT') && !signal?.aborted && ++unreachable < MAX_UNREACHABLE_POLLS) {
          interval = Math.min(interval * 2, MAX_INTERVAL_SECONDS);
          continue;
        }
        if (!(error instanceof TokenEndpointRefusal)) throw error;
        unreachable = 0;
        if (error.oauthError === 'authorization_pending') continue;
        if (error.oauthError === 'slow_down') {
          interval = Math.min(interval + SLOW_DOWN_STEP_SECONDS, MAX_INTERVAL_SECONDS);
          continue;
        }
        if (error.oauthError === 'expired_token') throw codeExpired();
        if (error.oauthError === 'access_denied') throw new UserFlowError('refused', `The sign-in was refused (in the browser, or by ${new URL(state.tokenUrl).origin}'s policy). Start again to retry.`);
        throw error;
      }
      polling.delete(started);
      return await userTokens(answer, { requestedAt, askedScope: state.scope, secrets });
    }
  } catch (error) {
    if (error instanceof UserFlowError) polling.delete(started);
    throw error;
  }
}
