// A token endpoint that answers with a hostile token (a line break and an injected header, an
// escape sequence, NUL, a space, non-ASCII, 17 KB) or hostile Musimap times (1e20, the year 5138,
// infinity, before 2000, issued after it expires). From the built CLI: EXCHANGE_PROTOCOL (exit
// 1), nothing on stdout, a message that does not quote the value, nothing cached, and the token
// cached before is still the one `token` prints.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { goodAnswer, startHostileTokenEndpoint, type EndpointKind, type HostileTokenEndpoint, type RawAnswer } from '../servers/hostile-token-endpoint.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const PATHS: Record<EndpointKind, string> = { musimap: 'mm/c', oauth2: 'oa/c' };

let sandbox: Sandbox;
let endpoint: HostileTokenEndpoint;

beforeEach(async () => {
  sandbox = createSandbox();
  endpoint = await startHostileTokenEndpoint();
  await sandbox.vault.addOrganization({ name: 'mm', provider: 'musimap', tokenUrl: endpoint.musimapUrl });
  await sandbox.vault.addClient('mm', { name: 'c', environment: 'dev', clientId: 'c0ffee00-1234-4abc-8def-0123456789ab' }, 'mm-secret-value');
  await sandbox.vault.addOrganization({ name: 'oa', provider: 'oauth2', tokenUrl: endpoint.oauthUrl });
  await sandbox.vault.addClient('oa', { name: 'c', environment: 'dev', clientId: 'oa-client' }, 'oa-secret-value');
});
afterEach(async () => {
  await endpoint.close();
  await sandbox.cleanup();
});

/** Caches a good token, then has the endpoint answer `hostile`; the CLI must refuse it and keep the good one. */
async function expectRefusedAndPreviousKept(kind: EndpointKind, hostile: RawAnswer, hostileValue: string): Promise<void> {
  const path = PATHS[kind];
  const previous = `${kind}.previous-good-token`;
  endpoint.answer = (k) => goodAnswer(k, previous);
  const first = await runTokendeck(['token', path], { env: sandbox.env });
  expect(first).toMatchObject({ code: 0, stdout: `${previous}\n` });

  endpoint.answer = () => hostile;
  const refused = await runTokendeck(['token', path, '--fresh'], { env: sandbox.env });
  expect(refused.stderr).toContain('tokendeck: EXCHANGE_PROTOCOL:');
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  // The message names what is wrong without repeating the value or any control character.
  expect(refused.stderr).not.toContain(hostileValue);
  expect(refused.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  expect(refused.stderr.length).toBeLessThan(1000);

  const again = await runTokendeck(['token', path], { env: sandbox.env });
  expect(again).toMatchObject({ code: 0, stdout: `${previous}\n` });
  recordCount('fault cases', 1);
}

const HOSTILE_TOKENS: Array<[string, string]> = [
  ['a CR LF and an injected header', 'abc\r\nX-Injected: yes'],
  ['a terminal escape sequence', 'abc\u001b]0;pwned\u0007\u001b[2Jdef'],
  ['a NUL', 'abc\u0000def'],
  ['a space', 'abc def'],
  ['a DEL', 'abc\u007fdef'],
  ['a character beyond ASCII', 'tok\u00e9n-abc'],
  ['a right-to-left override', 'abc\u202edef'],
  ['17 KB', 'a'.repeat(17 * 1024)],
];

function answerWithToken(kind: EndpointKind, token: string): RawAnswer {
  const now = Date.now();
  const body =
    kind === 'musimap' ? { status: 201, timestamp: now, data: { id: 't', token, issued_at: now, expires_at: now + 7_200_000 } } : { access_token: token, token_type: 'Bearer', expires_in: 3600 };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

describe('a token endpoint that sends a hostile token', () => {
  for (const kind of ['musimap', 'oauth2'] as const) {
    for (const [what, token] of HOSTILE_TOKENS) {
      it(`${kind}, a token with ${what}: EXCHANGE_PROTOCOL, nothing printed or cached, the previous token kept`, async () => {
        await expectRefusedAndPreviousKept(kind, answerWithToken(kind, token), token);
      });
    }
  }

  it("accepts Musimap's own token shape, with '=' in the middle (the seed's example)", async () => {
    // Padded base64, a dot, then more ending in padding again: `=` mid-token, which token68 refuses.
    const seedLike = 'eyJqdGkiOiIyMzJhMTVjMi0yZTM0fQ==.mWSJ8A6Yz8SMgly4PqOiyP1KSFMJdaQ9fIknKmXHecIomO_HhEk5Ot15LW8AW8cvsKb1Mwk6IGu1ZMSy-hD5w45kbWOcXG1bHveEYmA4k73nCo9Pzx7muPsSD7z8adsfkHQkf2dFc-YDzRSfziu21jO9alrmUPC2UbgvjZy8EZFj2yUzQfKIjYi04NmMzMjkwZDEwNTgiLCJvaWQiOiJlNDU3Nzc4NC1lMGE0LTQyZmYtODQ2Ni1iZjE3YWZiNmI1MmMiLCJzdWIiOiJDbGllbnQ6OmVlYjNlZDE1LTAwtNfKsDn4D9sCIw-97WO6Lf77ENPNu6Vgyl8d4j210kYMqcu8sGvAcpsE-_WVlAyiEi5ZhLMi_5EMcE9gK3h68109yjsceKvM0IxZw3WCnK2-2pMkiCmM27K92w6h2WIQ9XNbo4ibqYtFhOWPcmBZH9LOSOIWlQcwA==';
    endpoint.answer = (kind) => answerWithToken(kind, seedLike);
    expect(await runTokendeck(['token', 'mm/c'], { env: sandbox.env })).toMatchObject({ code: 0, stdout: `${seedLike}\n` });
  });
});

describe('a Musimap token endpoint that sends hostile times', () => {
  const now = Date.now();
  /** The envelope as raw text: `1e400` (infinity) cannot come out of JSON.stringify. */
  const envelope = (issuedAt: string, expiresAt: string): RawAnswer => ({
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: `{"status":201,"timestamp":${now},"data":{"id":"t","token":"mm.hostile-times","issued_at":${issuedAt},"expires_at":${expiresAt}}}`,
  });
  const soon = String(now + 7_200_000);
  const cases: Array<[string, RawAnswer]> = [
    ['issued_at 1e20 (past what a Date holds)', envelope('1e20', soon)],
    ['issued_at 99999999999999 (the year 5138)', envelope('99999999999999', soon)],
    ['issued_at 1e400 (infinity)', envelope('1e400', soon)],
    ['issued_at before 2000', envelope('946684799999', soon)],
    ['issued_at after expires_at', envelope(String(now + 3 * 3_600_000), soon)],
  ];
  for (const [what, answer] of cases) {
    it(`${what}: EXCHANGE_PROTOCOL, nothing printed or cached, the previous token kept`, async () => {
      await expectRefusedAndPreviousKept('musimap', answer, 'mm.hostile-times');
    });
  }
});
