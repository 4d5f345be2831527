// The promise environments make, through the built `tokendeck`: a client's credential goes to its
// own environment's hosts and never to another environment's. Two hosts on loopback play
// development and production: each is a set of vendor stand-ins (MusicAPI, Musimap, OAuth 2.0,
// Apple Music, an RFC 7523 token endpoint, two API-key APIs), every one on its own port, so no
// server of one environment shares an origin with the other's. Every scheme the product has is
// used by `exec`, `token` and `request` in each environment (the client picked with --env or
// TOKENDECK_ENV); every request each server received is recorded, the token endpoints' too. Then
// each environment's credentials (client ids, secrets, keys, tokens; JWTs and Basic values read
// decoded) must appear in the records of its own host and nowhere in the other's.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import type { Scheme } from '../../main/core/providers/schemes.js';
import { startApiKeyServer, type ApiKeyServer } from '../servers/api-key.js';
import { startAppleMusicStandIn, type AppleMusicStandIn } from '../servers/apple-music.js';
import { startAssertionOAuthStandIn, type AssertionOAuthStandIn } from '../servers/assertion-oauth.js';
import type { SeenRequest } from '../servers/loopback.js';
import { startMusicApi, type MusicApiServer } from '../servers/musicapi.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startOAuth2, type OAuth2Server } from '../servers/oauth2.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const ENVIRONMENTS = ['development', 'production'] as const;
type Env = (typeof ENVIRONMENTS)[number];
const other = (env: Env): Env => (env === 'development' ? 'production' : 'development');

// Letters, digits and dashes only: each value is spelled the same raw, in JSON, in a form and in
// a query string, so one search finds it in any record.
const secret = (env: Env) => `${env.slice(0, 4)}-${randomBytes(12).toString('hex')}`;
const credentialsOf = (env: Env, team: string) => ({
  musicapi: { clientId: randomUUID(), secret: secret(env) },
  musimap: { clientId: randomUUID(), secret: secret(env) },
  oauthBasic: { clientId: `basic-${secret(env)}`, secret: secret(env) },
  oauthPost: { clientId: `post-${secret(env)}`, secret: secret(env) },
  /** Apple's Team ID: ten capitals and digits. */
  team,
  grant: `svc-${secret(env)}`,
  headerKey: `key-${secret(env)}`,
  queryKey: `key-${secret(env)}`,
});
const CREDENTIALS = { development: credentialsOf('development', 'DEVTEAM001'), production: credentialsOf('production', 'PRDTEAM002') };
const APPLE_KID = 'APPLEKID01';

/** One environment's host: a stand-in of each vendor, each on its own loopback port. */
interface Host {
  musicapi: MusicApiServer;
  musimap: MusimapServer;
  oauth: OAuth2Server;
  apple: AppleMusicStandIn;
  grant: AssertionOAuthStandIn;
  headerApi: ApiKeyServer;
  queryApi: ApiKeyServer;
}

async function startHost(env: Env): Promise<Host> {
  const c = CREDENTIALS[env];
  const [musicapi, musimap, oauth, apple, grant, headerApi, queryApi] = await Promise.all([
    startMusicApi([c.musicapi]),
    startMusimap([c.musimap]),
    startOAuth2([c.oauthBasic, c.oauthPost]),
    startAppleMusicStandIn({ teamId: c.team }),
    startAssertionOAuthStandIn(),
    startApiKeyServer(c.headerKey, { in: 'header', name: 'X-API-Key' }),
    startApiKeyServer(c.queryKey, { in: 'query', name: 'api_key' }),
  ]);
  return { musicapi, musimap, oauth, apple, grant, headerApi, queryApi };
}

/** Every request any server of the host received, token endpoints included. */
const seenBy = (host: Host): SeenRequest[] => [host.musicapi, host.musimap, host.oauth, host.apple, host.grant, host.headerApi, host.queryApi].flatMap((server) => server.seen);

/** The records as text to search, with each JWT's header and claims and each Basic value decoded beside them. */
function searchable(records: SeenRequest[]): string {
  const text = JSON.stringify(records);
  const decoded = [
    ...[...text.matchAll(/([\w-]{10,})\.([\w-]{10,})\.[\w-]*/g)].flatMap((jwt) => [jwt[1]!, jwt[2]!].map((part) => Buffer.from(part, 'base64url').toString('utf8'))),
    ...[...text.matchAll(/Basic ([A-Za-z0-9+/=]+)/g)].map((basic) => Buffer.from(basic[1]!, 'base64').toString('utf8')),
  ];
  return [text, ...decoded].join('\n');
}

type Credentials = (typeof CREDENTIALS)[Env];

interface Case {
  org: string;
  scheme: Scheme;
  /** A path under the environment's API URL that answers 200 to this scheme's credential; none: the credential is only made (a signed assertion). */
  path?: string;
  server: keyof Host;
  /** The stored value the environment's host must have received (read decoded where it is in a JWT or a Basic value). */
  sent?: (c: Credentials) => string;
}

const CASES: Case[] = [
  { org: 'musicapi', scheme: 'token', path: '/search/introspection', server: 'musicapi', sent: (c) => c.musicapi.clientId },
  { org: 'musicapi', scheme: 'basic', path: '/users/me', server: 'musicapi', sent: (c) => c.musicapi.secret },
  { org: 'musicapi', scheme: 'devtoken', path: '/users/me', server: 'musicapi', sent: (c) => c.musicapi.clientId },
  { org: 'musimap', scheme: 'bearer', path: '/v1/me', server: 'musimap', sent: (c) => c.musimap.secret },
  { org: 'oauth-basic', scheme: 'bearer', path: '/api/me', server: 'oauth', sent: (c) => c.oauthBasic.secret },
  { org: 'oauth-post', scheme: 'bearer', path: '/api/me', server: 'oauth', sent: (c) => c.oauthPost.secret },
  { org: 'apple', scheme: 'jwt', path: '/v1/test', server: 'apple', sent: (c) => c.team },
  { org: 'grant', scheme: 'bearer', path: '/api/whoami', server: 'grant', sent: (c) => c.grant },
  { org: 'grant', scheme: 'jwt', server: 'grant' },
  { org: 'key-header', scheme: 'apikey', path: '/forecast', server: 'headerApi', sent: (c) => c.headerKey },
  { org: 'key-query', scheme: 'apikey', path: '/forecast', server: 'queryApi', sent: (c) => c.queryKey },
];

let sandbox: Sandbox;
const hosts = {} as Record<Env, Host>;
/** Every credential of each environment: the stored ones, then each token the CLI handed out. */
const credentials: Record<Env, Set<string>> = { development: new Set(), production: new Set() };

/**
 * The organization's own URLs are one environment's and the other environment overrides them:
 * development overrides for every other organization, production for the rest, so both an
 * override and an inherited value are followed in each environment.
 */
function placed(at: number, endpoints: (host: Host) => { apiBaseUrl: string; tokenUrl?: string }) {
  const overriding = at % 2 === 0 ? 'development' : 'production';
  return { ...endpoints(hosts[other(overriding)]), environments: ENVIRONMENTS.map((name) => (name === overriding ? { name, ...endpoints(hosts[name]) } : { name })) };
}

beforeAll(async () => {
  sandbox = createSandbox();
  delete sandbox.env.TOKENDECK_ENV;
  for (const env of ENVIRONMENTS) hosts[env] = await startHost(env);
  const { vault } = sandbox;
  const organizations = [
    { name: 'musicapi', provider: 'musicapi', endpoints: (h: Host) => ({ apiBaseUrl: h.musicapi.origin }) },
    { name: 'musimap', provider: 'musimap', endpoints: (h: Host) => ({ apiBaseUrl: h.musimap.origin, tokenUrl: h.musimap.tokenUrl }) },
    { name: 'oauth-basic', provider: 'oauth2', endpoints: (h: Host) => ({ apiBaseUrl: h.oauth.origin, tokenUrl: h.oauth.tokenUrl }) },
    { name: 'oauth-post', provider: 'oauth2', endpoints: (h: Host) => ({ apiBaseUrl: h.oauth.origin, tokenUrl: h.oauth.tokenUrl }) },
    { name: 'apple', provider: 'jwt', jwt: presetProfile('apple-music'), endpoints: (h: Host) => ({ apiBaseUrl: h.apple.origin }) },
    { name: 'grant', provider: 'jwt', jwt: { ...presetProfile('jwt-bearer'), alg: 'ES256' as const }, endpoints: (h: Host) => ({ apiBaseUrl: h.grant.origin, tokenUrl: h.grant.tokenUrl }) },
    { name: 'key-header', provider: 'apikey', apiKey: { in: 'header' as const, name: 'X-API-Key' }, endpoints: (h: Host) => ({ apiBaseUrl: h.headerApi.origin }) },
    { name: 'key-query', provider: 'apikey', apiKey: { in: 'query' as const, name: 'api_key' }, endpoints: (h: Host) => ({ apiBaseUrl: h.queryApi.origin }) },
  ] as const;
  for (const [at, { endpoints, ...org }] of organizations.entries()) await vault.addOrganization({ ...org, ...placed(at, endpoints) });

  // A signing key belongs to the organization: both environments' servers know its public half,
  // and tell the environments apart by the client each token names.
  const { key: musicapiKey } = await vault.generateKey('musicapi', 'KID-1');
  const { key: appleKey } = await vault.generateKey('apple', APPLE_KID);
  const { key: grantKey } = await vault.generateKey('grant', 'grant-key-1');
  for (const env of ENVIRONMENTS) {
    const c = CREDENTIALS[env];
    const host = hosts[env];
    host.musicapi.registerKey('KID-1', musicapiKey.publicKeyPem);
    host.apple.registerKey(APPLE_KID, appleKey.publicKeyPem);
    host.grant.registerClient(c.grant, grantKey.publicKeyPem, 'ES256');
    const client = (name: string, clientId: string, extra: object = {}) => ({ name, environment: env, clientId, ...extra });
    await vault.addClient('musicapi', client(env, c.musicapi.clientId), c.musicapi.secret);
    await vault.addClient('musimap', client(env, c.musimap.clientId), c.musimap.secret);
    await vault.addClient('oauth-basic', client(env, c.oauthBasic.clientId), c.oauthBasic.secret);
    await vault.addClient('oauth-post', client(env, c.oauthPost.clientId, { oauth2: { authMethod: 'client_secret_post' } }), c.oauthPost.secret);
    await vault.addClient('apple', client(env, c.team));
    await vault.addClient('grant', client(env, c.grant));
    await vault.addClient('key-header', client(env, 'ci'), c.headerKey);
    await vault.addClient('key-query', client(env, 'ci'), c.queryKey);
    for (const value of [c.musicapi, c.musimap, c.oauthBasic, c.oauthPost].flatMap((pair) => [pair.clientId, pair.secret]).concat(c.team, c.grant, c.headerKey, c.queryKey)) credentials[env].add(value);
  }
});

afterAll(async () => {
  for (const host of Object.values(hosts)) await Promise.all(Object.values(host).map((server) => server.close()));
  await sandbox?.cleanup();
});

const tokendeck = (args: string[], extra: NodeJS.ProcessEnv = {}) => runTokendeck(args, { env: { ...sandbox.env, ...extra } });

/** Neither host has seen a credential of the other environment's, in any record so far. */
function expectEachHostToSeeOnlyItsOwn(): void {
  for (const env of ENVIRONMENTS) {
    const elsewhere = searchable(seenBy(hosts[other(env)]));
    const leaked = [...credentials[env]].filter((value) => elsewhere.includes(value));
    expect(leaked, `${env} credentials seen by the ${other(env)} host`).toEqual([]);
  }
}

/** What the three commands did in one environment, judged after the hosts are searched. */
interface Outcome {
  env: Env;
  runs: Array<{ args: string; code: number; stderr: string }>;
  token: { token: string; authorization?: string } | undefined;
  request: { status: number; url: string } | undefined;
  /** The same request with the other environment's host as its URL. */
  elsewhere: { code: number; stderr: string; reached: number } | undefined;
  /** What the environment's own server received meanwhile. */
  received: string;
}

/** `exec` (with TOKENDECK_ENV; an exchange happens in its process), `token --fresh --json` and `request` (with --env), then `request` to the other host's URL. */
async function useIn(env: Env, { org, scheme, path, server }: Case): Promise<Outcome> {
  const own = hosts[env][server];
  const before = own.seen.length;
  const runs: Outcome['runs'] = [];
  const run = async (args: string[], extra?: NodeJS.ProcessEnv) => {
    const result = await tokendeck(args, extra);
    runs.push({ args: args.join(' '), code: result.code, stderr: result.stderr });
    return result;
  };
  const exec = await run(['exec', org, '--scheme', scheme, '--', 'sh', '-c', 'printf %s "$TOKENDECK_TOKEN"'], { TOKENDECK_ENV: env });
  const tokenRun = await run(['token', org, '--env', env, '--scheme', scheme, '--fresh', '--json']);
  const token = tokenRun.code === 0 ? (JSON.parse(tokenRun.stdout) as Outcome['token']) : undefined;
  for (const value of [exec.stdout, token?.token, token?.authorization?.split(' ').at(-1)]) if (value) credentials[env].add(value);
  let request: Outcome['request'];
  let elsewhere: Outcome['elsewhere'];
  if (path) {
    const sent = await run(['request', org, '--env', env, 'GET', path, '--scheme', scheme, '--json']);
    request = sent.code === 0 ? JSON.parse(sent.stdout) : undefined;
    const otherHost = seenBy(hosts[other(env)]).length;
    const refused = await tokendeck(['request', org, '--env', env, 'GET', `${hosts[other(env)][server].origin}${path}`, '--scheme', scheme]);
    elsewhere = { code: refused.code, stderr: refused.stderr, reached: seenBy(hosts[other(env)]).length - otherHost };
  }
  return { env, runs, token, request, elsewhere, received: searchable(own.seen.slice(before)) };
}

describe('a client\'s credential reaches only its own environment\'s host', () => {
  it.each(CASES)('$org, $scheme: exec, token and request in each environment', async (useCase) => {
    const outcomes: Outcome[] = [];
    for (const env of ENVIRONMENTS) outcomes.push(await useIn(env, useCase));
    // The property first: nothing of one environment's reached the other's host, in any record so far.
    expectEachHostToSeeOnlyItsOwn();
    for (const { env, runs, token, request, elsewhere, received } of outcomes) {
      expect(runs.filter((r) => r.code !== 0), env).toEqual([]);
      const own = hosts[env][useCase.server];
      if (useCase.path) {
        // Sent, by the client of this environment, to this environment's server, which took it.
        expect({ env, status: request?.status, origin: request && new URL(request.url).origin }).toEqual({ env, status: 200, origin: own.origin });
        expect(received, `${env}: the handed-out credential at its own host`).toContain(token!.token);
        // Asked to send to the other environment's host, it refuses before anything leaves.
        expect(elsewhere).toEqual({ code: 2, stderr: expect.stringContaining(`tokendeck: SCOPE: ${useCase.org}'s credentials are not sent to ${hosts[other(env)][useCase.server].origin}`), reached: 0 });
      } else {
        // The signed assertion itself: its audience is this environment's token URL.
        const claims = JSON.parse(Buffer.from(token!.token.split('.')[1]!, 'base64url').toString('utf8'));
        expect(claims).toMatchObject({ iss: CREDENTIALS[env].grant, aud: hosts[env].grant.tokenUrl });
      }
      if (useCase.sent) expect(received, `${env}: the stored credential at its own host`).toContain(useCase.sent(CREDENTIALS[env]));
    }
  });
});
