// The stand-ins for issue 17's signed-JWT presets, checked on their own: each accepts a token
// built to its vendor's rules and refuses each broken claim, bound and forged algorithm. The
// tokens here are signed with node:crypto (test/support/jws-sign.ts), not by product code.
import { constants, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacWithPublicKeyJws, signJws, unsignedJws } from '../support/jws-sign.js';
import { startAppStoreConnectStandIn, type AppStoreConnectStandIn } from './app-store-connect.js';
import { startAppleMusicStandIn, type AppleMusicStandIn } from './apple-music.js';
import { JWT_BEARER_CLIENT_ASSERTION, JWT_BEARER_GRANT, startAssertionOAuthStandIn, type AssertionOAuthStandIn } from './assertion-oauth.js';
import { startGitHubStandIn, type GitHubStandIn } from './github-app.js';
import { nowSeconds, verifyCompactJws, type JwsAlgorithm } from './jwt-verify.js';

type Claims = Record<string, unknown>;
type Edit = (header: Claims, payload: Claims, now: number) => void;

interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pem: string;
}

function keyPair(kind: 'P-256' | 'P-384' | 'ed25519' | 'rsa2048' | 'rsa1024'): KeyPair {
  const pair =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : kind.startsWith('rsa')
        ? generateKeyPairSync('rsa', { modulusLength: kind === 'rsa2048' ? 2048 : 1024 })
        : generateKeyPairSync('ec', { namedCurve: kind });
  return { ...pair, pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  text: string;
}

/** One request with exactly these headers (fetch would add a User-Agent of its own). */
function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers ?? {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined, text }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

const ES256 = keyPair('P-256');
const ES256_OTHER = keyPair('P-256');
const ES384 = keyPair('P-384');
const ED25519 = keyPair('ed25519');
const RSA = keyPair('rsa2048');
const RSA_OTHER = keyPair('rsa2048');

describe('jwt-verify', () => {
  const payload = { sub: 'x' };

  it.each<[JwsAlgorithm, KeyPair]>([
    ['ES256', ES256],
    ['ES384', ES384],
    ['RS256', RSA],
    ['PS256', RSA],
    ['EdDSA', ED25519],
  ])('verifies %s with node:crypto', (alg, pair) => {
    const verdict = verifyCompactJws(signJws(alg, pair.privateKey, {}, payload), [alg], () => pair.pem);
    expect(verdict).toEqual({ ok: true, header: { alg }, payload });
  });

  it.each<[string, () => string, JwsAlgorithm, KeyPair, RegExp]>([
    ['alg none', () => unsignedJws({}, payload), 'ES256', ES256, /alg must be one of/],
    ['HS256 keyed with the public key', () => hmacWithPublicKeyJws(RSA.pem, {}, payload), 'RS256', RSA, /alg must be one of/],
    ['an ES384 token where ES256 is asked', () => signJws('ES384', ES384.privateKey, {}, payload), 'ES256', ES384, /alg must be one of/],
    ['ES256 over a P-384 key', () => signJws('ES384', ES384.privateKey, { alg: 'ES256' }, payload), 'ES256', ES384, /P-256/],
    ['ES256 over an Ed25519 key', () => signJws('EdDSA', ED25519.privateKey, { alg: 'ES256' }, payload), 'ES256', ED25519, /P-256/],
    ['EdDSA over an RSA key', () => signJws('RS256', RSA.privateKey, { alg: 'EdDSA' }, payload), 'EdDSA', RSA, /Ed25519/],
    ['RS256 with a 1024-bit key', () => signJws('RS256', keyPair('rsa1024').privateKey, {}, payload), 'RS256', keyPair('rsa1024'), /2048/],
    ['a signature by another key', () => signJws('ES256', ES256_OTHER.privateKey, {}, payload), 'ES256', ES256, /signature/],
    ['an RS256 signature under PS256', () => signJws('RS256', RSA.privateKey, { alg: 'PS256' }, payload), 'PS256', RSA, /signature/],
    ['two parts', () => signJws('ES256', ES256.privateKey, {}, payload).split('.').slice(0, 2).join('.'), 'ES256', ES256, /three/],
    ['padded base64url', () => signJws('ES256', ES256.privateKey, {}, payload).replace('.', '=.'), 'ES256', ES256, /base64url/],
    ['a payload that is an array', () => `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('[1]').toString('base64url')}.AA`, 'ES256', ES256, /JSON objects/],
  ])('refuses %s', (_name, token, alg, pair, reason) => {
    const verdict = verifyCompactJws(token(), [alg], () => pair.pem);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it('refuses PS256 with a salt shorter than the hash', () => {
    const input = `${Buffer.from('{"alg":"PS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), { key: RSA.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
    expect(verifyCompactJws(`${input}.${signature.toString('base64url')}`, ['PS256'], () => RSA.pem)).toEqual({ ok: false, reason: 'signature does not verify' });
  });
});

describe('Apple Music API stand-in', () => {
  const TEAM = 'TEAM123456';
  const KID = 'KEY1234567';
  let server: AppleMusicStandIn;

  beforeAll(async () => {
    server = await startAppleMusicStandIn({ teamId: TEAM });
    server.registerKey(KID, ES256.pem);
    server.registerKey('KEY123456', ES256.pem); // nine characters: registered, still refused
  });
  afterAll(() => server.close());

  function token(edit: Edit = () => {}, key: KeyObject = ES256.privateKey, alg: JwsAlgorithm = 'ES256'): string {
    const now = nowSeconds();
    const header: Claims = { kid: KID };
    const payload: Claims = { iss: TEAM, iat: now, exp: now + 3600 };
    edit(header, payload, now);
    return signJws(alg, key, header, payload);
  }
  const song = (bearer: string, headers: Record<string, string> = {}) => call(`${server.origin}/v1/catalog/us/songs/203709340`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });

  it('answers a catalog song for a developer token made to the rules', async () => {
    const answer = await song(token());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: [{ id: '203709340', type: 'songs', href: '/v1/catalog/us/songs/203709340', attributes: { name: 'Stand-in song 203709340' } }] });
    expect(server.seen.at(-1)).toMatchObject({ method: 'GET', path: '/v1/catalog/us/songs/203709340' });
  });

  it('answers /v1/test, and takes the whole six months', async () => {
    const sixMonths = token((_h, p, now) => void ((p.iat = now), (p.exp = now + 15_777_000)));
    expect((await call(`${server.origin}/v1/test`, { headers: { authorization: `Bearer ${sixMonths}` } })).status).toBe(200);
  });

  it('takes a web token from a listed origin, and without an Origin header', async () => {
    const web = token((_h, p) => void (p.origin = ['https://music.example']));
    expect((await song(web, { origin: 'https://music.example' })).status).toBe(200);
    expect((await song(web)).status).toBe(200);
  });

  it.each<[string, () => string, RegExp, Record<string, string>?]>([
    ['a nine-character kid', () => token((h) => void (h.kid = 'KEY123456')), /registered key/],
    ['an unknown kid', () => token((h) => void (h.kid = 'UNKNOWN123')), /registered key/],
    ['no kid', () => token((h) => void delete h.kid), /registered key/],
    ['another team', () => token((_h, p) => void (p.iss = 'OTHER12345')), /Team ID of this key/],
    ['an iss that is not 10 characters', () => token((_h, p) => void (p.iss = 'TEAM12345')), /10-character Team ID/],
    ['no iat', () => token((_h, p) => void delete p.iat), /iat is required/],
    ['iat in milliseconds', () => token((_h, p, now) => void (p.iat = now * 1000)), /milliseconds/],
    ['iat as a string', () => token((_h, p, now) => void (p.iat = String(now))), /NumericDate/],
    ['iat in the future', () => token((_h, p, now) => void ((p.iat = now + 600), (p.exp = now + 1200))), /iat is in the future/],
    ['no exp', () => token((_h, p) => void delete p.exp), /exp is required/],
    ['an expired token', () => token((_h, p, now) => void ((p.iat = now - 7200), (p.exp = now - 3600))), /expired/],
    ['a lifetime over 15777000 s', () => token((_h, p, now) => void ((p.iat = now - 10), (p.exp = now - 10 + 15_777_001))), /15777000/],
    ['an origin that is not a list', () => token((_h, p) => void (p.origin = 'https://music.example')), /list of strings/],
    ['a request from an unlisted origin', () => token((_h, p) => void (p.origin = ['https://music.example'])), /Origin is not in/, { origin: 'https://evil.example' }],
    ['a signature by another key', () => token(() => {}, ES256_OTHER.privateKey), /signature/],
    ['an ES384 token', () => token(() => {}, ES384.privateKey, 'ES384'), /alg must be one of ES256/],
    ['alg none', () => unsignedJws({ kid: KID }, { iss: TEAM, iat: nowSeconds(), exp: nowSeconds() + 3600 }), /alg must be one of ES256/],
    ['HS256 keyed with the public key', () => hmacWithPublicKeyJws(ES256.pem, { kid: KID }, { iss: TEAM, iat: nowSeconds(), exp: nowSeconds() + 3600 }), /alg must be one of ES256/],
  ])('refuses %s with 401 and an Apple error', async (_name, make, detail, headers) => {
    const bearer = make();
    const answer = await song(bearer, headers);
    expect(answer.status).toBe(401);
    expect(answer.body.errors).toEqual([{ id: expect.any(String), title: 'Unauthorized', detail: expect.stringMatching(detail), status: '401', code: '40100' }]);
    expect(answer.text).not.toContain(bearer.split('.')[1]);
  });

  it('refuses a request without a Bearer developer token', async () => {
    const answer = await call(`${server.origin}/v1/test`, { headers: { authorization: `DevToken ${token()}` } });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].code).toBe('40100');
  });
});

describe('App Store Connect API stand-in', () => {
  const ISSUER = randomUUID();
  const TEAM_KID = 'TEAMKEY001';
  const USER_KID = 'USERKEY001';
  let server: AppStoreConnectStandIn;

  beforeAll(async () => {
    server = await startAppStoreConnectStandIn({ issuerId: ISSUER });
    server.registerKey(TEAM_KID, ES256.pem, 'team');
    server.registerKey(USER_KID, ES256_OTHER.pem, 'individual');
  });
  afterAll(() => server.close());

  function teamToken(edit: Edit = () => {}, key: KeyObject = ES256.privateKey, alg: JwsAlgorithm = 'ES256'): string {
    const now = nowSeconds();
    const header: Claims = { kid: TEAM_KID, typ: 'JWT' };
    const payload: Claims = { iss: ISSUER, iat: now, exp: now + 1200, aud: 'appstoreconnect-v1' };
    edit(header, payload, now);
    return signJws(alg, key, header, payload);
  }
  function individualToken(edit: Edit = () => {}): string {
    const now = nowSeconds();
    const header: Claims = { kid: USER_KID, typ: 'JWT' };
    const payload: Claims = { sub: 'user', iat: now, exp: now + 1200, aud: 'appstoreconnect-v1' };
    edit(header, payload, now);
    return signJws('ES256', ES256_OTHER.privateKey, header, payload);
  }
  const apps = (bearer: string, query = '') => call(`${server.origin}/v1/apps${query}`, { headers: { authorization: `Bearer ${bearer}` } });

  it('lists apps for a team key token made to the rules', async () => {
    const answer = await apps(teamToken());
    expect(answer.status).toBe(200);
    expect(answer.body.data[0]).toMatchObject({ type: 'apps' });
    expect(server.seen.at(-1)).toMatchObject({ method: 'GET', path: '/v1/apps' });
  });

  it('lists apps for an individual key token (sub "user", no iss)', async () => {
    expect((await apps(individualToken())).status).toBe(200);
  });

  it('takes a scope that lists the request, query included', async () => {
    expect((await apps(teamToken((_h, p) => void (p.scope = ['GET /v1/apps'])))).status).toBe(200);
    expect((await apps(teamToken((_h, p) => void (p.scope = ['GET /v1/apps?filter[bundleId]=com.example'])), '?filter[bundleId]=com.example')).status).toBe(200);
  });

  it.each<[string, () => string, RegExp, string?]>([
    ['no typ', () => teamToken((h) => void delete h.typ), /typ must be JWT/],
    ['an unknown kid', () => teamToken((h) => void (h.kid = 'NOSUCHKEY1')), /registered key/],
    ['another aud', () => teamToken((_h, p) => void (p.aud = 'appstoreconnect-v2')), /aud must be/],
    ['another issuer id', () => teamToken((_h, p) => void (p.iss = randomUUID())), /issuer id/],
    ['a team key token without iss', () => teamToken((_h, p) => void (delete p.iss, (p.sub = 'user'))), /issuer id/],
    ['an individual key token with iss', () => individualToken((_h, p) => void (p.iss = ISSUER)), /sub "user" and no iss/],
    ['an individual key token with another sub', () => individualToken((_h, p) => void (p.sub = 'someone')), /sub "user" and no iss/],
    ['no iat', () => teamToken((_h, p) => void delete p.iat), /iat is required/],
    ['exp in milliseconds', () => teamToken((_h, p, now) => void (p.exp = (now + 600) * 1000)), /milliseconds/],
    ['iat in the future', () => teamToken((_h, p, now) => void ((p.iat = now + 300), (p.exp = now + 600))), /iat is in the future/],
    ['an expired token', () => teamToken((_h, p, now) => void ((p.iat = now - 1200), (p.exp = now - 1))), /expired/],
    ['a lifetime over 20 minutes', () => teamToken((_h, p, now) => void ((p.iat = now - 600), (p.exp = now + 601))), /20 minutes after iat/],
    ['an exp over 20 minutes ahead', () => teamToken((_h, p, now) => void ((p.iat = now + 50), (p.exp = now + 1250))), /20 minutes ahead/],
    ['a scope without this request', () => teamToken((_h, p) => void (p.scope = ['GET /v1/builds'])), /scope does not allow/],
    ['a scope for another query', () => teamToken((_h, p) => void (p.scope = ['GET /v1/apps?limit=1'])), /scope does not allow/],
    ['a scope that is not a list', () => teamToken((_h, p) => void (p.scope = 'GET /v1/apps')), /list of strings/],
    ['a signature by another key', () => teamToken(() => {}, ES256_OTHER.privateKey), /signature/],
    ['an ES384 token', () => teamToken(() => {}, ES384.privateKey, 'ES384'), /alg must be one of ES256/],
    ['alg none', () => unsignedJws({ kid: TEAM_KID, typ: 'JWT' }, { iss: ISSUER, iat: nowSeconds(), exp: nowSeconds() + 600, aud: 'appstoreconnect-v1' }), /alg must be one of ES256/],
    ['HS256 keyed with the public key', () => hmacWithPublicKeyJws(ES256.pem, { kid: TEAM_KID, typ: 'JWT' }, { iss: ISSUER, iat: nowSeconds(), exp: nowSeconds() + 600, aud: 'appstoreconnect-v1' }), /alg must be one of ES256/],
  ])('refuses %s with NOT_AUTHORIZED', async (_name, make, detail, query) => {
    const bearer = make();
    const answer = await apps(bearer, query);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ errors: [{ status: '401', code: 'NOT_AUTHORIZED', title: 'Authentication credentials are missing or invalid.', detail: expect.stringMatching(detail) }] });
    expect(answer.text).not.toContain(bearer.split('.')[1]);
  });
});

describe('GitHub App stand-in', () => {
  const CLIENT_ID = 'Iv23liStandIn0001';
  const APP_ID = 424242;
  let server: GitHubStandIn;
  const ua = { 'user-agent': 'tokendeck-test' };

  beforeAll(async () => {
    server = await startGitHubStandIn({ clientId: CLIENT_ID, appId: APP_ID, installations: ['1001'] });
    server.registerKey(RSA.pem);
  });
  afterAll(() => server.close());

  function appJwt(edit: Edit = () => {}, key: KeyObject = RSA.privateKey, alg: JwsAlgorithm = 'RS256'): string {
    const now = nowSeconds();
    const header: Claims = { typ: 'JWT' };
    // GitHub's advice: iat 60 s in the past, exp 10 minutes ahead at most.
    const payload: Claims = { iss: CLIENT_ID, iat: now - 60, exp: now + 540 };
    edit(header, payload, now);
    return signJws(alg, key, header, payload);
  }
  const app = (authorization: string, headers: Record<string, string> = ua) => call(`${server.origin}/app`, { headers: { authorization, ...headers } });
  const exchange = (jwt: string, installation = '1001') =>
    call(`${server.origin}/app/installations/${installation}/access_tokens`, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, accept: 'application/vnd.github+json', ...ua } });
  const repositories = (authorization: string) => call(`${server.origin}/installation/repositories`, { headers: { authorization, ...ua } });

  it('answers GET /app for an app JWT with the client id as iss', async () => {
    const answer = await app(`Bearer ${appJwt()}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: APP_ID, client_id: CLIENT_ID });
  });

  it('takes the numeric app id as iss, and the full 660 s from a back-dated iat', async () => {
    expect((await app(`Bearer ${appJwt((_h, p) => void (p.iss = APP_ID))}`)).status).toBe(200);
    expect((await app(`Bearer ${appJwt((_h, p, now) => void ((p.iat = now - 60), (p.exp = now + 600)))}`)).status).toBe(200);
  });

  it('refuses any request without a User-Agent with 403', async () => {
    const answer = await app(`Bearer ${appJwt()}`, {});
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/User-Agent/);
  });

  it.each<[string, () => string, RegExp]>([
    ['another iss', () => appJwt((_h, p) => void (p.iss = 'Iv23liSomeoneElse')), /client ID or app ID/],
    ['no iss', () => appJwt((_h, p) => void delete p.iss), /client ID or app ID/],
    ['no iat', () => appJwt((_h, p) => void delete p.iat), /iat is required/],
    ['iat in milliseconds', () => appJwt((_h, p, now) => void (p.iat = now * 1000)), /milliseconds/],
    ['iat in the future', () => appJwt((_h, p, now) => void ((p.iat = now + 300), (p.exp = now + 600))), /'iat'\) is in the future/],
    ['no exp', () => appJwt((_h, p) => void delete p.exp), /exp is required/],
    ['an expired JWT', () => appJwt((_h, p, now) => void ((p.iat = now - 700), (p.exp = now - 100))), /in the past/],
    ['an exp over 10 minutes ahead', () => appJwt((_h, p, now) => void ((p.iat = now + 30), (p.exp = now + 650))), /too far in the future/],
    ['a lifetime over 660 s', () => appJwt((_h, p, now) => void ((p.iat = now - 120), (p.exp = now + 590))), /more than 10 minutes after/],
    ['a signature by another key', () => appJwt(() => {}, RSA_OTHER.privateKey), /signature/],
    ['a PS256 token', () => appJwt(() => {}, RSA.privateKey, 'PS256'), /alg must be one of RS256/],
    ['an ES256 token', () => appJwt(() => {}, ES256.privateKey, 'ES256'), /alg must be one of RS256/],
    ['alg none', () => unsignedJws({}, { iss: CLIENT_ID, iat: nowSeconds() - 60, exp: nowSeconds() + 540 }), /alg must be one of RS256/],
    ['HS256 keyed with the public key', () => hmacWithPublicKeyJws(RSA.pem, {}, { iss: CLIENT_ID, iat: nowSeconds() - 60, exp: nowSeconds() + 540 }), /alg must be one of RS256/],
  ])('refuses an app JWT with %s', async (_name, make, message) => {
    const jwt = make();
    for (const answer of [await app(`Bearer ${jwt}`), await exchange(jwt)]) {
      expect(answer.status).toBe(401);
      expect(answer.body.message).toMatch(message);
      expect(answer.text).not.toContain(jwt.split('.')[1]);
    }
  });

  it('exchanges an app JWT for a one-hour installation token', async () => {
    const before = Date.now();
    const answer = await exchange(appJwt());
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ token: expect.stringMatching(/^ghs_[A-Za-z0-9]{36}$/), expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), permissions: { contents: 'read' }, repository_selection: 'all' });
    const expiresAt = Date.parse(answer.body.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(server.issued.get(answer.body.token)).toMatchObject({ installationId: '1001' });
    expect(server.seen.at(-1)).toMatchObject({ method: 'POST', path: '/app/installations/1001/access_tokens' });
  });

  it('answers 404 for an installation the app does not have', async () => {
    const answer = await exchange(appJwt(), '9999');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ message: 'Not Found', documentation_url: expect.any(String) });
  });

  it('lists repositories for an issued installation token, as Bearer or token', async () => {
    const { token } = (await exchange(appJwt())).body;
    for (const authorization of [`Bearer ${token}`, `token ${token}`]) {
      const answer = await repositories(authorization);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ total_count: 1, repositories: [expect.objectContaining({ full_name: 'stand-in/stand-in' })] });
    }
  });

  it.each<[string, () => Promise<string>]>([
    ['the app JWT', async () => `Bearer ${appJwt()}`],
    ['a ghs_ token it never issued', async () => 'Bearer ghs_NeverIssuedNeverIssuedNeverIssued0000'],
    [
      'an expired installation token',
      async () => {
        const { token } = (await exchange(appJwt())).body;
        server.expire(token);
        return `token ${token}`;
      },
    ],
  ])('refuses repositories for %s', async (_name, authorization) => {
    expect((await repositories(await authorization())).status).toBe(401);
  });
});

describe('RFC 7523 assertion OAuth stand-in', () => {
  let server: AssertionOAuthStandIn;
  const CLIENTS: Array<[string, JwsAlgorithm, KeyPair]> = [
    ['svc-es256', 'ES256', ES256],
    ['svc-es384', 'ES384', ES384],
    ['svc-rs256', 'RS256', RSA],
    ['svc-ps256', 'PS256', RSA_OTHER],
    ['svc-eddsa', 'EdDSA', ED25519],
  ];

  beforeAll(async () => {
    server = await startAssertionOAuthStandIn();
    for (const [clientId, alg, pair] of CLIENTS) server.registerClient(clientId, pair.pem, alg);
  });
  afterAll(() => server.close());

  const form = 'application/x-www-form-urlencoded';
  const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    call(server.tokenUrl, { method: 'POST', headers: { 'content-type': form, ...headers }, body: new URLSearchParams(fields).toString() });

  /** A §2.1 grant assertion from svc-es256 for user alice. */
  function grantAssertion(edit: Edit = () => {}, key: KeyObject = ES256.privateKey, alg: JwsAlgorithm = 'ES256'): string {
    const now = nowSeconds();
    const header: Claims = { typ: 'JWT' };
    const payload: Claims = { iss: 'svc-es256', sub: 'alice@example.com', aud: server.tokenUrl, iat: now, exp: now + 600, jti: randomUUID() };
    edit(header, payload, now);
    return signJws(alg, key, header, payload);
  }
  /** A §2.2 client assertion from svc-es256. */
  function clientAssertion(edit: Edit = () => {}, key: KeyObject = ES256.privateKey, alg: JwsAlgorithm = 'ES256'): string {
    const now = nowSeconds();
    const header: Claims = {};
    const payload: Claims = { iss: 'svc-es256', sub: 'svc-es256', aud: server.tokenUrl, iat: now, exp: now + 120, jti: randomUUID() };
    edit(header, payload, now);
    return signJws(alg, key, header, payload);
  }
  const grant = (assertion: string, extra: Record<string, string> = {}) => token({ grant_type: JWT_BEARER_GRANT, assertion, ...extra });
  const clientCredentials = (assertion: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    token({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_CLIENT_ASSERTION, client_assertion: assertion, ...extra }, headers);

  it.each(CLIENTS)('grants a token for a %s assertion (%s), echoes scope, and serves /api/whoami', async (clientId, alg, pair) => {
    const now = nowSeconds();
    const assertion = signJws(alg, pair.privateKey, {}, { iss: clientId, sub: 'alice@example.com', aud: server.tokenUrl, exp: now + 600 });
    const answer = await grant(assertion, { scope: 'read write' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'read write' });
    const whoami = await call(`${server.origin}/api/whoami`, { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    expect(whoami.body).toEqual({ clientId, sub: 'alice@example.com', grant: 'jwt-bearer' });
  });

  it('takes an aud list that contains the token endpoint, and nbf in the past', async () => {
    const answer = await grant(grantAssertion((_h, p, now) => void ((p.aud = ['https://elsewhere.example', server.tokenUrl]), (p.nbf = now - 10))));
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('scope');
  });

  it.each<[string, () => string, RegExp]>([
    ['an unregistered iss', () => grantAssertion((_h, p) => void (p.iss = 'svc-nobody')), /registered client/],
    ['no sub', () => grantAssertion((_h, p) => void delete p.sub), /sub is required/],
    ['another aud', () => grantAssertion((_h, p) => void (p.aud = 'https://elsewhere.example/token')), /aud must be/],
    ['an aud list without the token endpoint', () => grantAssertion((_h, p) => void (p.aud = ['https://elsewhere.example/token'])), /aud must be/],
    ['no exp', () => grantAssertion((_h, p) => void delete p.exp), /exp is required/],
    ['exp in milliseconds', () => grantAssertion((_h, p, now) => void (p.exp = (now + 600) * 1000)), /milliseconds/],
    ['an expired assertion', () => grantAssertion((_h, p, now) => void (p.exp = now - 1)), /expired/],
    ['an exp over an hour ahead', () => grantAssertion((_h, p, now) => void (p.exp = now + 3700)), /3600 seconds ahead/],
    ['nbf in the future', () => grantAssertion((_h, p, now) => void (p.nbf = now + 600)), /nbf/],
    ['iat in the future', () => grantAssertion((_h, p, now) => void (p.iat = now + 600)), /iat is in the future/],
    ['a signature by another key', () => grantAssertion(() => {}, ES256_OTHER.privateKey), /signature/],
    ['an ES384 token where ES256 is registered', () => grantAssertion(() => {}, ES384.privateKey, 'ES384'), /alg must be one of ES256/],
    ['alg none', () => unsignedJws({}, { iss: 'svc-es256', sub: 'alice', aud: server.tokenUrl, exp: nowSeconds() + 600 }), /alg must be one of ES256/],
    ['HS256 keyed with the public key', () => hmacWithPublicKeyJws(RSA.pem, {}, { iss: 'svc-rs256', sub: 'alice', aud: server.tokenUrl, exp: nowSeconds() + 600 }), /alg must be one of RS256/],
  ])('refuses a grant assertion with %s: invalid_grant', async (_name, make, description) => {
    const assertion = make();
    const answer = await grant(assertion);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(description) });
    expect(answer.text).not.toContain(assertion.split('.')[1]);
  });

  it('refuses a grant assertion whose jti was used before: invalid_grant', async () => {
    const assertion = grantAssertion();
    expect((await grant(assertion)).status).toBe(200);
    const again = await grant(assertion);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'this jti has been used before' });
  });

  it('grants client credentials for a client assertion, with or without client_id', async () => {
    const answer = await clientCredentials(clientAssertion(), { scope: 'reports' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'reports' });
    expect((await clientCredentials(clientAssertion(), { client_id: 'svc-es256' })).status).toBe(200);
    const whoami = await call(`${server.origin}/api/whoami`, { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    expect(whoami.body).toEqual({ clientId: 'svc-es256', sub: 'svc-es256', grant: 'client_credentials' });
  });

  it.each<[string, () => string, RegExp, Record<string, string>?]>([
    ['sub other than iss', () => clientAssertion((_h, p) => void (p.sub = 'alice')), /sub must be the client id/],
    ['a client_id other than iss', () => clientAssertion(), /client_id does not match/, { client_id: 'svc-rs256' }],
    ['an unregistered iss', () => clientAssertion((_h, p) => void ((p.iss = 'svc-nobody'), (p.sub = 'svc-nobody'))), /registered client/],
    ['another aud', () => clientAssertion((_h, p) => void (p.aud = 'https://elsewhere.example/token')), /aud must be/],
    ['no jti', () => clientAssertion((_h, p) => void delete p.jti), /jti is required/],
    ['no exp', () => clientAssertion((_h, p) => void delete p.exp), /exp is required/],
    ['an expired assertion', () => clientAssertion((_h, p, now) => void (p.exp = now - 1)), /expired/],
    ['an exp over 300 s ahead', () => clientAssertion((_h, p, now) => void (p.exp = now + 400)), /300 seconds ahead/],
    ['a signature by another key', () => clientAssertion(() => {}, ES256_OTHER.privateKey), /signature/],
    ['an ES384 token where ES256 is registered', () => clientAssertion(() => {}, ES384.privateKey, 'ES384'), /alg must be one of ES256/],
    ['alg none', () => unsignedJws({}, { iss: 'svc-es256', sub: 'svc-es256', aud: server.tokenUrl, exp: nowSeconds() + 60, jti: randomUUID() }), /alg must be one of ES256/],
  ])('refuses a client assertion with %s: 401 invalid_client', async (_name, make, description, extra) => {
    const assertion = make();
    const answer = await clientCredentials(assertion, extra);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'invalid_client', error_description: expect.stringMatching(description) });
    expect(answer.text).not.toContain(assertion.split('.')[1]);
  });

  it('refuses a client assertion whose jti was used before: invalid_client', async () => {
    const assertion = clientAssertion();
    expect((await clientCredentials(assertion)).status).toBe(200);
    const again = await clientCredentials(assertion);
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ error: 'invalid_client', error_description: 'this jti has been used before' });
  });

  it.each<[string, () => Promise<Answer>, number, string]>([
    ['an assertion beside a client_secret', () => clientCredentials(clientAssertion(), { client_secret: 's3cret' }), 400, 'invalid_request'],
    ['an assertion beside HTTP Basic', () => clientCredentials(clientAssertion(), {}, { authorization: `Basic ${Buffer.from('svc-es256:s3cret').toString('base64')}` }), 400, 'invalid_request'],
    ['another client_assertion_type', () => clientCredentials(clientAssertion(), { client_assertion_type: 'urn:example:other' }), 400, 'invalid_request'],
    ['client credentials without an assertion', () => token({ grant_type: 'client_credentials' }), 401, 'invalid_client'],
    ['the jwt-bearer grant without an assertion', () => token({ grant_type: JWT_BEARER_GRANT }), 400, 'invalid_request'],
    ['another grant type', () => token({ grant_type: 'password', username: 'a', password: 'b' }), 400, 'unsupported_grant_type'],
    ['a JSON body', () => call(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: JWT_BEARER_GRANT, assertion: grantAssertion() }) }), 400, 'invalid_request'],
  ])('refuses %s', async (_name, send, status, error) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
  });

  it('refuses /api/whoami without an access token it issued', async () => {
    expect((await call(`${server.origin}/api/whoami`, { headers: { authorization: 'Bearer at.not-issued' } })).status).toBe(401);
    expect(server.seen.at(-1)).toMatchObject({ method: 'GET', path: '/api/whoami' });
  });
});
