// A placed credential (an API key in its own header or query parameter) where it leaves Tokendeck
// other than by sendRequest: curl and fetch exports (run for real against a loopback server),
// "copy as header", exec's environment, the console's list of what it adds, the scrubbing of a
// key's URL spellings, and the console's answer and history (its token service a stand-in that
// hands out a placed credential: the provider that makes one is not this module's).
import { execFile } from 'node:child_process';
import type http from 'node:http';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialEnv, credentialUseJson } from '../../main/cli/credential-env.js';
import { addedHeaders } from '../../main/core/console/added-headers.js';
import { ConsoleService } from '../../main/core/console/console-service.js';
import { exportRequest, type CredentialSource, type ExportCredential } from '../../main/core/console/export-code.js';
import type { PreparedRequest } from '../../main/core/console/prepared-request.js';
import { copiedHeaderForm } from '../../main/core/credential-forms.js';
import type { CredentialPlacement } from '../../main/core/http/credential-placement.js';
import { percentEncodedStrictly, scrubSecrets, scrubVerbatim, secretsOfCredential } from '../../main/core/scrub-secrets.js';
import type { IssuedCredential, TokenService } from '../../main/core/token-service.js';
import { sendJson, startLoopback, type Loopback } from '../servers/loopback.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

const run = promisify(execFile);

const KEY = "k3y+/= *'!~x&y%zQ9";
const SPELLINGS = [KEY, encodeURIComponent(KEY), new URLSearchParams({ v: KEY }).toString().slice(2), percentEncodedStrictly(KEY), encodeURIComponent(KEY).replace(/%20/g, '+')];
const inHeader: CredentialPlacement = { in: 'header', name: 'X-API-Key' };
const inQuery: CredentialPlacement = { in: 'query', name: 'api_key' };
const placed = (placement: CredentialPlacement) => ({ token: KEY, authorization: KEY, placement });

function expectNoKey(text: string): void {
  for (const spelling of SPELLINGS) expect(text).not.toContain(spelling);
}

let api: Loopback;
let seen: Array<{ target: string; headers: http.IncomingHttpHeaders }>;
beforeEach(async () => {
  seen = [];
  api = await startLoopback((request, response) => {
    seen.push({ target: request.url ?? '', headers: request.headers });
    const url = new URL(request.url ?? '/', 'http://x');
    // Echoes the key back everywhere a server might: a header, a same-origin Location, the body.
    if (url.pathname === '/bounce') return response.writeHead(302, { location: `/echo?seen=${encodeURIComponent(url.searchParams.get('api_key') ?? '')}` }).end();
    const key = url.searchParams.get('api_key') ?? String(request.headers['x-api-key'] ?? '');
    response.setHeader('x-echo', key);
    sendJson(response, 200, { key, target: request.url });
  });
});
afterEach(() => api.close());

/** What the server read as the key: from the query or the header. */
const keySeen = () => {
  const last = seen.at(-1)!;
  return new URL(last.target, 'http://x').searchParams.get('api_key') ?? last.headers['x-api-key'];
};

const prepared = (): PreparedRequest => ({ method: 'POST', url: new URL(`${api.origin}/items?q=a%20b`), headers: [['Accept', 'application/json']], body: '{"a":1}' });
const source = (placement: CredentialPlacement): CredentialSource => ({ org: 'keyed', client: 'app', scheme: 'bearer', placement });

/** Runs an exported curl with TOKENDECK_TOKEN already set (its first line, the `tokendeck token` assignment, dropped). */
async function runCurl(text: string): Promise<void> {
  const lines = text.split('\n');
  const script = (lines[0]!.startsWith('TOKENDECK_TOKEN=') ? lines.slice(1) : lines).join('\n').replace(/^curl /m, 'curl --silent --show-error --fail ');
  await run('sh', ['-c', script], { env: { ...process.env, TOKENDECK_TOKEN: KEY } });
}

async function runFetch(text: string): Promise<void> {
  await run(process.execPath, ['--input-type=module', '-e', text], { env: { ...process.env, TOKENDECK_TOKEN: KEY } });
}

describe('exports of a placed credential', () => {
  for (const placement of [inHeader, inQuery]) {
    for (const format of ['curl', 'fetch'] as const) {
      it(`${format}, ${placement.in}: the \`tokendeck token\` variable, never the key, and the code sends the key as itself`, async () => {
        const text = exportRequest(format, prepared(), { kind: 'command', source: source(placement) });
        expectNoKey(text);
        expect(text).toContain('tokendeck token keyed/app --scheme bearer');
        expect(text).toContain('TOKENDECK_TOKEN');
        expect(text).not.toContain('TOKENDECK_AUTHORIZATION');
        expect(text).not.toMatch(/Authorization/i);
        await (format === 'curl' ? runCurl(text) : runFetch(text));
        expect(keySeen()).toBe(KEY);
        if (placement.in === 'query') expect(seen.at(-1)!.target.startsWith('/items?q=a%20b&api_key=')).toBe(true);
        expect(seen.at(-1)!.headers.authorization).toBeUndefined();
      });

      it(`${format}, ${placement.in}: with the value when asked, sent as itself`, async () => {
        const text = exportRequest(format, prepared(), { kind: 'value', placement, token: KEY });
        if (placement.in === 'header') expect(text).toContain(format === 'curl' ? `--header 'X-API-Key: ${KEY.replaceAll("'", `'\\''`)}'` : `["X-API-Key", ${JSON.stringify(KEY)}]`);
        else expect(text).toContain(`${api.origin}/items?q=a%20b&api_key=${percentEncodedStrictly(KEY)}`);
        await (format === 'curl' ? runCurl(text) : runFetch(text));
        expect(keySeen()).toBe(KEY);
      });
    }
  }

  it('refuses a request that already holds the header or the parameter, as sending does', () => {
    const withHeader = { ...prepared(), headers: [['x-api-key', 'mine']] as Array<[string, string]> };
    const withParam = { ...prepared(), url: new URL(`${api.origin}/items?api_key=mine`) };
    const cases: Array<[PreparedRequest, ExportCredential]> = [
      [withHeader, { kind: 'command', source: source(inHeader) }],
      [withHeader, { kind: 'value', placement: inHeader, token: KEY }],
      [withParam, { kind: 'command', source: source(inQuery) }],
      [withParam, { kind: 'value', placement: inQuery, token: KEY }],
    ];
    for (const [request, credential] of cases) expect(() => exportRequest('curl', request, credential)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('a placed credential for people and scripts', () => {
  it('copies "as header" as its own header line, or for the query its name=value pair', () => {
    expect(copiedHeaderForm(placed(inHeader))).toBe(`X-API-Key: ${KEY}`);
    expect(copiedHeaderForm(placed(inQuery))).toBe(`api_key=${percentEncodedStrictly(KEY)}`);
    expect(copiedHeaderForm({ token: 't', authorization: 'Bearer t' })).toBe('Authorization: Bearer t');
  });

  it('gives exec TOKENDECK_HEADER or TOKENDECK_QUERY, never a TOKENDECK_AUTHORIZATION, not even an inherited one', () => {
    const inherited = { PATH: '/bin', TOKENDECK_AUTHORIZATION: 'Bearer stale', TOKENDECK_QUERY: 'stale=1', TOKENDECK_HEADER: 'Stale: 1' };
    expect(credentialEnv(inherited, placed(inHeader))).toEqual({ PATH: '/bin', TOKENDECK_TOKEN: KEY, TOKENDECK_HEADER: `X-API-Key: ${KEY}` });
    expect(credentialEnv(inherited, placed(inQuery))).toEqual({ PATH: '/bin', TOKENDECK_TOKEN: KEY, TOKENDECK_QUERY: `api_key=${percentEncodedStrictly(KEY)}` });
    expect(credentialEnv(inherited, { token: 't', authorization: 'Bearer t' })).toEqual({ PATH: '/bin', TOKENDECK_TOKEN: 't', TOKENDECK_AUTHORIZATION: 'Bearer t' });
  });

  it('describes itself in `token --json` by its placement, not an Authorization value', () => {
    expect(credentialUseJson(placed(inQuery))).toEqual({ placement: inQuery });
    expect(credentialUseJson({ token: 't', authorization: 'Bearer t' })).toEqual({ authorization: 'Bearer t' });
  });

  it("is listed by the console as its header or query parameter, the value hidden", () => {
    const none = { kind: 'none' } as const;
    expect(addedHeaders('oauth2', 'bearer', [], none, undefined, inHeader)[0]).toMatchObject({ name: 'X-API-Key', shown: '…' });
    expect(addedHeaders('oauth2', 'bearer', [], none, undefined, inQuery)[0]).toMatchObject({ name: 'api_key', shown: '…', in: 'query' });
    expect(addedHeaders('oauth2', 'bearer', [], none)[0]).toMatchObject({ name: 'Authorization', shown: 'Bearer …' });
  });
});

describe('scrubbing a placed key', () => {
  it('finds it in each URL spelling, even in the verbatim pass of a long body', () => {
    const secrets = secretsOfCredential(placed(inQuery));
    for (const spelling of SPELLINGS) {
      const text = `GET /x?api_key=${spelling}&b=1`;
      expect(scrubVerbatim(text, secrets)).toBe('GET /x?api_key=‹redacted›&b=1');
      expect(scrubSecrets(text, secrets)).toBe('GET /x?api_key=‹redacted›&b=1');
    }
  });
});

describe('the console with a placed credential', () => {
  let world: VendorWorld;
  let console_: ConsoleService;
  let placement: CredentialPlacement;
  beforeEach(async () => {
    world = await startVendorWorld();
    await world.vault.addOrganization({ name: 'keyed', provider: 'oauth2', tokenUrl: `${api.origin}/token` });
    await world.vault.addClient('keyed', { name: 'app', environment: 'development', clientId: 'keyed-app' }, 'unused-secret');
    placement = inQuery;
    // Stands in for the provider that makes a placed credential (issue 22's API key), not for the console under test.
    // A stand-in issuing the placed key; its transport is the direct one (no proxy, CA or certificate).
    const tokens = { credential: async (): Promise<IssuedCredential> => ({ scheme: 'bearer', ...placed(placement), issuedAt: Date.now(), fromCache: false }), transport: async () => ({}) } as unknown as TokenService;
    console_ = new ConsoleService(world.vault, tokens, world.core.requestConsole.store);
  });
  afterEach(() => world.close());

  const request = (url: string) => ({ org: 'keyed', client: 'app', method: 'GET' as const, url, query: [], headers: [], body: { kind: 'none' as const }, allowAnyOrigin: false });

  it('answers without the key: url, redirects, an echoing header and body; history holds none', async () => {
    const answer = await console_.send({ requestId: 'r1', request: request(`${api.origin}/bounce`) });
    expect(keySeen()).toBe(KEY);
    expect(answer.redirects).toHaveLength(1);
    expect(answer.headers.find(([name]) => name === 'x-echo')?.[1]).toBe('‹redacted›');
    expectNoKey(JSON.stringify(answer));
    expectNoKey(JSON.stringify(await console_.history('keyed')));
  });

  it('sends a header-placed key and answers without it', async () => {
    placement = inHeader;
    const answer = await console_.send({ requestId: 'r2', request: request(`${api.origin}/echo`) });
    expect(seen.at(-1)!.headers['x-api-key']).toBe(KEY);
    expectNoKey(JSON.stringify(answer));
  });

  it('keeps a refused cross-origin redirect in history without the key', async () => {
    const other = await startLoopback((_request, response) => response.end());
    const echo = await startLoopback((request, response) => {
      const key = new URL(request.url ?? '/', 'http://x').searchParams.get('api_key') ?? '';
      response.writeHead(302, { location: `${other.origin}/?leak=${encodeURIComponent(key)}` }).end();
    });
    try {
      await expect(console_.send({ requestId: 'r3', request: { ...request(`${echo.origin}/x`), allowAnyOrigin: true } })).rejects.toMatchObject({ code: 'NETWORK' });
      const history = await console_.history('keyed');
      expect(history[0]?.outcome).toMatchObject({ errorCode: 'NETWORK' });
      expectNoKey(JSON.stringify(history));
    } finally {
      await echo.close();
      await other.close();
    }
  });

  it('exports with the real key placed, as sent', async () => {
    const { text } = await console_.exportCodeWithCredential('curl', request(`${api.origin}/items`));
    expect(text).toContain(`${api.origin}/items?api_key=${percentEncodedStrictly(KEY)}`);
    expect(text).not.toContain('Authorization');
  });
});
