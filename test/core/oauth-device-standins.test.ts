// The device flow, refresh and revocation against a loopback stand-in that answers what
// oidc-provider never does on its own: slow_down, expired_token, a hostile device answer, a
// refresh without rotation, an unsupported token type. The waits are recorded by a fake sleep.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TokendeckError } from '../../main/core/errors.js';
import { pollDeviceToken, startDeviceAuthorization } from '../../main/core/oauth/device-flow.js';
import { UserFlowError } from '../../main/core/oauth/flow-errors.js';
import { refreshAccessToken } from '../../main/core/oauth/refresh.js';
import { revokeToken } from '../../main/core/oauth/revoke.js';
import type { OAuthClientAuth } from '../../main/core/schemes/oauth2.js';
import { readBody, sendJson, startLoopback, type Loopback } from '../servers/loopback.js';

const DEVICE_CODE = 'dc-secret-0123456789';
const client: OAuthClientAuth = { clientId: 'cli', clientSecret: 'the client secret', authMethod: 'client_secret_post' };

interface Answer {
  status: number;
  body: unknown;
}

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A device endpoint giving `device`, and a token endpoint giving `polls` in turn (the last repeats). */
async function standIn(device: Record<string, unknown>, polls: Answer[] = []) {
  const forms: URLSearchParams[] = [];
  server = await startLoopback(async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const form = new URLSearchParams(await readBody(request));
    if (request.url === '/device') return sendJson(response, 200, device);
    forms.push(form);
    const answer = polls[Math.min(forms.length, polls.length) - 1]!;
    if (answer.status === 0) return void request.socket.destroy();
    if (typeof answer.body === 'string') return void response.writeHead(answer.status, { 'content-type': 'text/html' }).end(answer.body);
    sendJson(response, answer.status, answer.body);
  });
  const origin = server.origin;
  const start = (overrides: { now?: () => number } = {}) =>
    startDeviceAuthorization({ deviceAuthorizationUrl: `${origin}/device`, tokenUrl: `${origin}/token`, client, scope: 'read', ...overrides });
  return { origin, forms, start };
}

const deviceAnswer = (extra: Record<string, unknown> = {}) => ({
  device_code: DEVICE_CODE,
  user_code: 'WDJB-MJHT',
  verification_uri: 'https://example.test/device',
  verification_uri_complete: 'https://example.test/device?user_code=WDJB-MJHT',
  expires_in: 600,
  interval: 2,
  ...extra,
});
const pending = { status: 400, body: { error: 'authorization_pending' } };
const slowDown = { status: 400, body: { error: 'slow_down' } };
/** The connection is dropped before any answer. */
const dropped = { status: 0, body: undefined };
const granted = { status: 200, body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-1', scope: 'read' } };

function recordingSleep() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe('device flow polling (RFC 8628 §3.4-3.5)', () => {
  it("waits the server's interval, adds 5 s for good at slow_down, and keeps polling while pending", async () => {
    const world = await standIn(deviceAnswer(), [slowDown, pending, pending, granted]);
    const { sleeps, sleep } = recordingSleep();
    const tokens = await pollDeviceToken(await world.start(), { sleep });
    expect(sleeps).toEqual([2000, 7000, 7000, 7000]);
    expect(tokens).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1', scope: 'read' });
    expect(world.forms.map((form) => Object.fromEntries(form))).toEqual(
      Array(4).fill({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: DEVICE_CODE, client_id: 'cli', client_secret: 'the client secret' }),
    );
  });

  it('backs off exponentially while the token endpoint cannot be reached, then goes on (§3.5)', async () => {
    const world = await standIn(deviceAnswer(), [dropped, dropped, pending, granted]);
    const { sleeps, sleep } = recordingSleep();
    const tokens = await pollDeviceToken(await world.start(), { sleep });
    expect(sleeps).toEqual([2000, 4000, 8000, 8000]);
    expect(tokens).toMatchObject({ accessToken: 'at-1' });
  });

  it('gives up with the network error after four polls in a row cannot reach the token endpoint', async () => {
    const world = await standIn(deviceAnswer(), [dropped]);
    const { sleeps, sleep } = recordingSleep();
    const error = await pollDeviceToken(await world.start(), { sleep }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect(sleeps).toEqual([2000, 4000, 8000, 16000]);
    expect(world.forms).toHaveLength(4);
  });

  it('waits 5 s when the server names no interval', async () => {
    const world = await standIn(deviceAnswer({ interval: undefined }), [pending, granted]);
    const { sleeps, sleep } = recordingSleep();
    await pollDeviceToken(await world.start(), { sleep });
    expect(sleeps).toEqual([5000, 5000]);
  });

  it('says the code expired when the server answers expired_token', async () => {
    const world = await standIn(deviceAnswer(), [pending, { status: 400, body: { error: 'expired_token' } }]);
    const error = await pollDeviceToken(await world.start(), recordingSleep()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserFlowError);
    expect(error).toMatchObject({ code: 'TIMEOUT', reason: 'code-expired', message: expect.stringMatching(/the code expired: start again/) });
  });

  it('stops polling at the code expiry even while the server still says pending', async () => {
    const world = await standIn(deviceAnswer({ expires_in: 11, interval: 5 }), [pending]);
    let clock = 1_000_000;
    const now = () => clock;
    const sleep = async (ms: number) => void (clock += ms);
    const error = await pollDeviceToken(await world.start({ now }), { sleep, now }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'code-expired' });
    expect(world.forms).toHaveLength(2);
  });

  it('says the sign-in was refused at access_denied', async () => {
    const world = await standIn(deviceAnswer(), [{ status: 400, body: { error: 'access_denied' } }]);
    const error = await pollDeviceToken(await world.start(), recordingSleep()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', reason: 'refused', message: expect.stringMatching(/sign-in was refused/) });
  });

  it("repeats any other refusal in the server's words, without the device code or the secret it echoed", async () => {
    const world = await standIn(deviceAnswer(), [{ status: 400, body: { error: 'invalid_client', error_description: `bad client for ${DEVICE_CODE} with the client secret` } }]);
    const error = await pollDeviceToken(await world.start(), recordingSleep()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokendeckError);
    expect(error).not.toBeInstanceOf(UserFlowError);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/refused the exchange \(HTTP 400\): "bad client for ‹redacted› with ‹redacted›"/) });
  });

  it('cancels through the signal while waiting, before the next poll', async () => {
    const world = await standIn(deviceAnswer(), [granted]);
    const started = await world.start();
    const controller = new AbortController();
    const polling = pollDeviceToken(started, { signal: controller.signal });
    controller.abort();
    await expect(polling).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(world.forms).toHaveLength(0);
  });

  it('cannot poll twice once the flow has ended', async () => {
    const world = await standIn(deviceAnswer(), [granted]);
    const started = await world.start();
    await pollDeviceToken(started, recordingSleep());
    await expect(pollDeviceToken(started, recordingSleep())).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('device authorization answer (RFC 8628 §3.2): what is shown is checked', () => {
  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a user code with a line break', { user_code: 'WDJB\r\nMJHT' }, /user_code that is not 1 to 32 printable/],
    ['a user code too long to read out', { user_code: 'A'.repeat(33) }, /user_code/],
    ['a user code with an escape sequence', { user_code: '\u001b[2JWDJB' }, /user_code/],
    ['a plain http verification URI off loopback', { verification_uri: 'http://example.test/device' }, /verification_uri that is not an https:\/\//],
    ['a verification URI with a line break', { verification_uri: 'https://example.test/\ndevice' }, /verification_uri that is not plain text/],
    ['a complete URI with an invisible character', { verification_uri_complete: 'https://example.test/device\u202e' }, /verification_uri_complete that is not plain text/],
    ['a verification URI with a password', { verification_uri: 'https://user:pw@example.test/device' }, /without a user name or password/],
    ['no device code', { device_code: undefined }, /lacks device_code/],
    ['an expiry that is not seconds', { expires_in: 'soon' }, /expires_in/],
    ['a zero interval', { interval: 0 }, /interval/],
  ];
  it.each(refused)('refuses %s', async (_, extra, message) => {
    const world = await standIn(deviceAnswer(extra));
    const error = await world.start().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain(DEVICE_CODE);
  });

  it('accepts plain http on loopback, and no complete URI', async () => {
    const world = await standIn(deviceAnswer({ verification_uri: 'http://127.0.0.1:9/device', verification_uri_complete: undefined }));
    expect(await world.start()).toEqual({ userCode: 'WDJB-MJHT', verificationUri: 'http://127.0.0.1:9/device', expiresAt: expect.any(Number), interval: 2 });
  });
});

describe('refresh and revocation against a stand-in', () => {
  it('keeps the refresh token it sent when the server does not rotate', async () => {
    const world = await standIn({}, [{ status: 200, body: { access_token: 'at-2', token_type: 'bearer', expires_in: 60 } }]);
    const session = await refreshAccessToken({ tokenUrl: `${world.origin}/token`, client, refreshToken: 'rt-old', scope: 'read' });
    expect(session).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-old', rotated: false });
    expect(Object.fromEntries(world.forms[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-old', scope: 'read', client_id: 'cli', client_secret: 'the client secret' });
  });

  it('refuses a rotated refresh token that could inject a header or split a command', async () => {
    const world = await standIn({}, [{ status: 200, body: { access_token: 'at-2', token_type: 'Bearer', expires_in: 60, refresh_token: 'rt\r\nX-Evil: 1' } }]);
    const error = await refreshAccessToken({ tokenUrl: `${world.origin}/token`, client, refreshToken: 'rt-old' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching(/refresh_token holds a control character/) });
  });

  it('ends the session at invalid_grant, quoting the server without the refresh token', async () => {
    const world = await standIn({}, [{ status: 400, body: { error: 'invalid_grant', error_description: 'refresh token rt-old was reused' } }]);
    const error = await refreshAccessToken({ tokenUrl: `${world.origin}/token`, client, refreshToken: 'rt-old' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SIGNED_OUT', message: expect.stringMatching(/sign in again\. .* said: "refresh token ‹redacted› was reused"\./) });
  });

  it('counts any 200 as revoked, whatever its body', async () => {
    const world = await standIn({}, [{ status: 200, body: '<html>ok</html>' }]);
    await expect(revokeToken({ revocationUrl: `${world.origin}/revoke`, client, token: 'rt-1', tokenTypeHint: 'refresh_token' })).resolves.toBeUndefined();
    expect(Object.fromEntries(world.forms[0]!)).toMatchObject({ token: 'rt-1', token_type_hint: 'refresh_token' });
  });

  it('says the server does not revoke that kind of token at unsupported_token_type, never quoting the token', async () => {
    const world = await standIn({}, [{ status: 400, body: { error: 'unsupported_token_type', error_description: 'cannot revoke at-secret-1' } }]);
    const error = await revokeToken({ revocationUrl: `${world.origin}/revoke`, client, token: 'at-secret-1', tokenTypeHint: 'access_token' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/does not revoke access tokens.*stays valid until it expires/) });
    expect((error as Error).message).not.toContain('at-secret-1');
  });

  it('says the session may still be live when the server fails, its words scrubbed of the token', async () => {
    const world = await standIn({}, [{ status: 503, body: { error: 'temporarily_unavailable', error_description: 'busy revoking rt-secret-2' } }]);
    const error = await revokeToken({ revocationUrl: `${world.origin}/revoke`, client, token: 'rt-secret-2', tokenTypeHint: 'refresh_token' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/^The refresh token was not revoked, so the session may still be live\. The revocation endpoint .*HTTP 503.*busy revoking ‹redacted›.*try again later/) });
  });
});
