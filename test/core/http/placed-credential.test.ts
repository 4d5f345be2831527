// A credential placed outside Authorization (an API key in its own header or query parameter),
// over real HTTP: sent on the scoped origin only, like Authorization; in the query, put back on a
// same-origin redirect, taken out on a cross-origin one, and a redirect that would still carry it
// elsewhere is not followed; the URLs the caller is shown never hold it.
import type http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialPlacement } from '../../../main/core/http/credential-placement.js';
import { sendRequest, type OutgoingRequest } from '../../../main/core/http/send-request.js';
import { percentEncodedStrictly } from '../../../main/core/scrub-secrets.js';
import { sendJson, startLoopback, type Loopback } from '../../servers/loopback.js';

/** Every character the encoders disagree on: a space, `+`, `*`, `'`, `!`, `~`, `&`, `%`, `=`, `/`. */
const KEY = "k3y+/= *'!~x&y%zQ9";
/** The spellings a key can have in a URL; none may be left where the caller can see it. */
const SPELLINGS = [KEY, encodeURIComponent(KEY), new URLSearchParams({ v: KEY }).toString().slice(2), percentEncodedStrictly(KEY)];

interface Seen {
  /** The request target as received: path and query, as written on the wire. */
  target: string;
  headers: http.IncomingHttpHeaders;
}

let home: Loopback;
let elsewhere: Loopback;
let seenHome: Seen[];
let seenElsewhere: Seen[];

/** The key as the home server read it from the query (api_key), for echoing it in a Location. */
const keyOf = (request: http.IncomingMessage) => new URL(request.url ?? '/', 'http://x').searchParams.get('api_key') ?? '';

beforeEach(async () => {
  seenHome = [];
  seenElsewhere = [];
  elsewhere = await startLoopback((request, response) => {
    seenElsewhere.push({ target: request.url ?? '', headers: request.headers });
    sendJson(response, 200, { elsewhere: true });
  });
  home = await startLoopback((request, response) => {
    seenHome.push({ target: request.url ?? '', headers: request.headers });
    const url = new URL(request.url ?? '/', home.origin);
    const redirect = (location: string) => response.writeHead(302, { location }).end();
    switch (url.pathname) {
      case '/same-dropping':
        return redirect('/landing?page=2');
      case '/same-keeping':
        return redirect(`/landing${url.search}`);
      case '/cross':
        return redirect(`${elsewhere.origin}/landing${url.search}`);
      case '/cross-echo': {
        // The server writes the key it was sent somewhere else in the Location.
        const key = keyOf(request);
        const host = new URL(elsewhere.origin);
        const shapes: Record<string, string> = {
          'other-param': `${elsewhere.origin}/landing?token=${encodeURIComponent(key)}`,
          path: `${elsewhere.origin}/landing/${encodeURIComponent(key)}`,
          'percent-encoded-strictly': `${elsewhere.origin}/landing?k=${percentEncodedStrictly(key)}`,
          'form-encoded': `${elsewhere.origin}/landing?k=${new URLSearchParams({ v: key }).toString().slice(2)}`,
          userinfo: `http://u:${encodeURIComponent(key)}@${host.host}/landing`,
          fragment: `${elsewhere.origin}/landing#${encodeURIComponent(key)}`,
        };
        return redirect(shapes[url.searchParams.get('shape') ?? '']!);
      }
      default:
        return sendJson(response, 200, { home: true });
    }
  });
});
afterEach(async () => {
  await home.close();
  await elsewhere.close();
});

const inHeader: CredentialPlacement = { in: 'header', name: 'X-API-Key' };
const inQuery: CredentialPlacement = { in: 'query', name: 'api_key' };

const send = (url: string, placement: CredentialPlacement, more: Partial<OutgoingRequest> = {}) =>
  sendRequest({ method: 'GET', url, headers: [], placed: { placement, value: KEY }, ...more });

/** The api_key values of a request target, decoded as a server's form parser reads them. */
const apiKeys = (target: string) => new URL(target, 'http://x').searchParams.getAll('api_key');

function expectNoKey(text: string): void {
  for (const spelling of SPELLINGS) expect(text).not.toContain(spelling);
}

describe('a credential placed in a header', () => {
  it('is sent in its header on the scoped origin, with no Authorization', async () => {
    const response = await send(`${home.origin}/api`, inHeader);
    expect(response.credentialSentToFinalOrigin).toBe(true);
    expect(seenHome[0]?.headers['x-api-key']).toBe(KEY);
    expect(seenHome[0]?.headers.authorization).toBeUndefined();
  });

  it('goes along a same-origin redirect', async () => {
    const response = await send(`${home.origin}/same-dropping`, inHeader);
    expect(response.credentialSentToFinalOrigin).toBe(true);
    expect(seenHome.map((seen) => seen.headers['x-api-key'])).toEqual([KEY, KEY]);
  });

  it('is dropped on a redirect to another origin', async () => {
    const response = await send(`${home.origin}/cross`, inHeader);
    expect(response.status).toBe(200);
    expect(response.credentialSentToFinalOrigin).toBe(false);
    expect(seenElsewhere).toHaveLength(1);
    expect(seenElsewhere[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('refuses a request whose own headers already hold that header, whatever its case, before sending', async () => {
    await expect(send(`${home.origin}/api`, inHeader, { headers: [['x-api-KEY', 'mine']] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('X-API-Key') });
    expect(seenHome).toEqual([]);
  });

  it('refuses a header that is not a token or that belongs to the HTTP client, a proxy or the body', async () => {
    for (const name of ['Host', 'Content-Length', 'Cookie', 'Proxy-Authorization', 'Connection', 'X API Key', 'X-Key\r\nInjected']) {
      await expect(send(`${home.origin}/api`, { in: 'header', name })).rejects.toMatchObject({ code: 'VALIDATION' });
    }
    expect(seenHome).toEqual([]);
  });
});

describe('a credential placed in the query', () => {
  it('is appended to the URL, the rest of the query left as written, and the URL shown without it', async () => {
    const response = await send(`${home.origin}/api?q=a%20b&flag`, inQuery);
    expect(response.credentialSentToFinalOrigin).toBe(true);
    const { target, headers } = seenHome[0]!;
    expect(target.startsWith('/api?q=a%20b&flag&api_key=')).toBe(true);
    expect(apiKeys(target)).toEqual([KEY]);
    expect(headers.authorization).toBeUndefined();
    expect(response.url).toBe(`${home.origin}/api?q=a%20b&flag&api_key=‹redacted›`);
  });

  it('is put back when a same-origin redirect drops it, and the redirects shown hold it only redacted', async () => {
    const response = await send(`${home.origin}/same-dropping`, inQuery);
    expect(response.credentialSentToFinalOrigin).toBe(true);
    expect(apiKeys(seenHome[1]!.target)).toEqual([KEY]);
    expect(new URL(seenHome[1]!.target, 'http://x').searchParams.get('page')).toBe('2');
    expect(response.redirects).toEqual([`${home.origin}/landing?page=2&api_key=‹redacted›`]);
    expectNoKey(JSON.stringify([response.url, response.redirects]));
  });

  it('is sent once when a same-origin redirect keeps it', async () => {
    await send(`${home.origin}/same-keeping?x=1`, inQuery);
    expect(apiKeys(seenHome[1]!.target)).toEqual([KEY]);
  });

  it('is taken out of a redirect to another origin, which is followed with the rest of the query', async () => {
    const response = await send(`${home.origin}/cross?keep=1`, inQuery);
    expect(response.status).toBe(200);
    expect(response.credentialSentToFinalOrigin).toBe(false);
    expect(seenElsewhere).toHaveLength(1);
    expect(seenElsewhere[0]!.target).toBe('/landing?keep=1');
    expectNoKey(JSON.stringify([seenElsewhere, response.url, response.redirects]));
  });

  for (const shape of ['other-param', 'path', 'percent-encoded-strictly', 'form-encoded', 'userinfo', 'fragment']) {
    it(`refuses to follow a redirect to another origin that echoes the key elsewhere in the URL (${shape}), quoting it redacted`, async () => {
      const refusal = send(`${home.origin}/cross-echo?shape=${shape}`, inQuery);
      await expect(refusal).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('did not follow the redirect') });
      expectNoKey(((await refusal.catch((error: unknown) => error)) as Error).message);
      expect(seenElsewhere).toEqual([]);
    });
  }

  it('refuses a URL that already has the parameter, before sending', async () => {
    await expect(send(`${home.origin}/api?api_key=mine`, inQuery)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('api_key') });
    expect(seenHome).toEqual([]);
  });

  it('refuses a parameter name that would need encoding', async () => {
    await expect(send(`${home.origin}/api`, { in: 'query', name: 'api key&x' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(seenHome).toEqual([]);
  });

  it('scrubs the key from an error that quotes the Location', async () => {
    const loop = await startLoopback((_request, response) => response.writeHead(302, { location: `/again?echo=${encodeURIComponent(KEY)}` }).end());
    try {
      const error = (await send(`${loop.origin}/start`, inQuery).catch((caught: unknown) => caught)) as Error;
      expect(error).toMatchObject({ code: 'NETWORK', message: expect.stringContaining('More than 5 redirects') });
      expectNoKey(error.message);
    } finally {
      await loop.close();
    }
  });
});
