// Who signed in when the token answer has no ID token: the issuer's UserInfo endpoint (OIDC Core
// §5.3), asked with the new access token only when it is on the token URL's or the issuer's
// origin, believed only for short printable claims and a sub that agrees. oidc-provider always
// sends an ID token for an `openid` scope, so loopback stand-ins play the endpoints here.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdTokenClaims } from '../../main/core/oauth/id-token.js';
import { whoSignedIn } from '../../main/core/oauth/session-flows.js';
import type { Organization } from '../../main/core/model/entities.js';
import { sendJson, startLoopback, type Loopback } from '../servers/loopback.js';

const ACCESS_TOKEN = 'at-userinfo-0123456789';
const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A userinfo endpoint answering `answer`, recording the Authorization headers it received. */
async function userinfoServer(answer: (response: http.ServerResponse) => void) {
  const seen: Array<string | undefined> = [];
  const server = await startLoopback((request, response) => {
    seen.push(request.headers.authorization);
    answer(response);
  });
  servers.push(server);
  return { origin: server.origin, seen };
}

const org = (tokenOrigin: string) => ({ name: 'idp', tokenUrl: `${tokenOrigin}/token` }) as Organization;
const metadata = (issuer: string, userinfoEndpoint: string) => ({ issuer, foundAt: `${issuer}/.well-known/openid-configuration`, userinfoEndpoint, authorizationResponseIssParameterSupported: false });

describe('the account of a session without an ID token', () => {
  it('is asked of the userinfo endpoint on the token URL origin, with the access token, and drops claims that are not plain text', async () => {
    const idp = await userinfoServer((response) => sendJson(response, 200, { sub: 'u-1', email: 'lin@example.test', name: 'Lin\u202egnp.exe', preferred_username: 'lin' }));
    const who = await whoSignedIn(org(idp.origin), metadata(idp.origin, `${idp.origin}/userinfo`), ACCESS_TOKEN, undefined, undefined);
    expect(idp.seen).toEqual([`Bearer ${ACCESS_TOKEN}`]);
    expect(who).toEqual({ account: 'lin@example.test', identity: { from: 'userinfo', subject: 'u-1', email: 'lin@example.test', preferredUsername: 'lin', issuer: idp.origin } });
  });

  it('is not asked of a userinfo endpoint on another origin: the access token stays home', async () => {
    const idp = await userinfoServer((response) => sendJson(response, 200, {}));
    const elsewhere = await userinfoServer((response) => sendJson(response, 200, { sub: 'u-1', email: 'lin@example.test' }));
    const who = await whoSignedIn(org(idp.origin), metadata(idp.origin, `${elsewhere.origin}/userinfo`), ACCESS_TOKEN, undefined, undefined);
    expect(elsewhere.seen).toEqual([]);
    expect(who).toEqual({});
  });

  it.each([
    ['a refusal', (response: http.ServerResponse) => sendJson(response, 401, { error: 'invalid_token' })],
    ['not JSON', (response: http.ServerResponse) => void response.writeHead(200, { 'content-type': 'application/jwt' }).end('eyJhbGciOi.x.y')],
    ['an array', (response: http.ServerResponse) => sendJson(response, 200, [{ sub: 'u-1' }])],
    ['a sub with a line break', (response: http.ServerResponse) => sendJson(response, 200, { sub: 'u-1\r\nX-Evil: 1', email: 'lin@example.test' })],
    ['an enormous answer', (response: http.ServerResponse) => sendJson(response, 200, { sub: 'u-1', padding: 'x'.repeat(100_000) })],
  ])('leaves the account unnamed, and the sign-in standing, on %s', async (_, answer) => {
    const idp = await userinfoServer(answer);
    await expect(whoSignedIn(org(idp.origin), metadata(idp.origin, `${idp.origin}/userinfo`), ACCESS_TOKEN, undefined, undefined)).resolves.toEqual({});
    expect(idp.seen).toHaveLength(1);
  });

  it('takes the verified ID token when there is one, without asking userinfo', async () => {
    const idp = await userinfoServer((response) => sendJson(response, 200, { sub: 'someone-else' }));
    const claims: IdTokenClaims = { sub: 'ada', email: 'ada@example.test', issuer: idp.origin, audience: ['deck'], algorithm: 'ES256', keyId: 'k1', verifiedWith: `${idp.origin}/jwks`, issuedAt: 1_800_000_000_000, expiresAt: 1_800_000_600_000 };
    const who = await whoSignedIn(org(idp.origin), metadata(idp.origin, `${idp.origin}/userinfo`), ACCESS_TOKEN, claims, undefined);
    expect(idp.seen).toEqual([]);
    expect(who).toEqual({
      account: 'ada@example.test',
      identity: { from: 'id_token', subject: 'ada', email: 'ada@example.test', issuer: idp.origin, audience: ['deck'], algorithm: 'ES256', keyId: 'k1', verifiedWith: `${idp.origin}/jwks`, issuedAt: new Date(1_800_000_000_000).toISOString(), expiresAt: new Date(1_800_000_600_000).toISOString() },
    });
  });
});
