// The API-key provider from the command line, as a script sets it up and uses it: `org add
// --key-query`, the key on stdin, `token`, `request` and `exec` against a stand-in API that takes
// the key only where the organization says, a change of where it goes refused without
// --allow-destination-change, and an export that names the placement, never the key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiKeyServer, type ApiKeyServer } from '../servers/api-key.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const KEY = 'k3y+with/odd=chars&more%20 ~end';
const spellings = [KEY, encodeURIComponent(KEY), new URLSearchParams({ k: KEY }).toString().slice(2)];
const leaks = (text: string) => spellings.filter((s) => text.includes(s));

let sandbox: Sandbox;
let api: ApiKeyServer;
beforeEach(async () => {
  sandbox = createSandbox();
  api = await startApiKeyServer(KEY, { in: 'query', name: 'api_key' });
});
afterEach(async () => {
  await api.close();
  await sandbox.cleanup();
});

const tokendeck = (args: string[], stdin?: string) => runTokendeck(args, { env: sandbox.env, ...(stdin === undefined ? {} : { stdin }) });

async function ok(args: string[], stdin?: string) {
  const run = await tokendeck(args, stdin);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

async function connect() {
  await ok(['org', 'add', 'weather', '--provider', 'apikey', '--api-url', api.origin, '--key-query', 'api_key']);
  await ok(['client', 'add', 'weather/ci', '--env', 'dev', '--client-id', 'ci-readonly', '--secret-stdin'], `${KEY}\n`);
}

describe('tokendeck with an API key', () => {
  it('prints the key, and where it goes with --json', async () => {
    await connect();
    expect((await ok(['token', 'weather/ci'])).stdout).toBe(`${KEY}\n`);
    const json = JSON.parse((await ok(['token', 'weather/ci', '--json'])).stdout);
    expect(json).toMatchObject({ scheme: 'apikey', token: KEY, placement: { in: 'query', name: 'api_key' } });
    expect(json.authorization).toBeUndefined();
  });

  it('sends a request with the key in its query parameter, and shows the URL without it', async () => {
    await connect();
    const run = await ok(['request', 'weather/ci', 'GET', '/forecast?days=3', '--json']);
    expect(new URL(api.seen.at(-1)!.path, api.origin).searchParams.getAll('api_key')).toEqual([KEY]);
    expect(JSON.parse(run.stdout).status).toBe(200);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  it('gives exec the key and its query piece, never an Authorization value', async () => {
    await connect();
    const run = await ok(['exec', 'weather/ci', '--', 'node', '-e', 'console.log(JSON.stringify([process.env.TOKENDECK_TOKEN, process.env.TOKENDECK_QUERY, process.env.TOKENDECK_AUTHORIZATION ?? null]))']);
    const [token, query, authorization] = JSON.parse(run.stdout) as [string, string, string | null];
    expect(token).toBe(KEY);
    expect(new URLSearchParams(query).get('api_key')).toBe(KEY);
    expect(authorization).toBeNull();
  });

  it('refuses to move the key to a header without --allow-destination-change, naming where it would go', async () => {
    await connect();
    const refused = await tokendeck(['org', 'update', 'weather', '--key-header', 'X-Weather-Key']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('the X-Weather-Key header');
    expect(refused.stderr).toContain('was the api_key query parameter');
    await ok(['org', 'update', 'weather', '--key-header', 'X-Weather-Key', '--allow-destination-change']);
    api.expects = { in: 'header', name: 'X-Weather-Key' };
    const run = await ok(['request', 'weather/ci', 'GET', '/forecast', '--json']);
    expect(JSON.parse(run.stdout).status).toBe(200);
    expect(api.seen.at(-1)!.headers['x-weather-key']).toBe(KEY);
  });

  it('refuses an API-key organization that does not say where its key goes', async () => {
    const run = await tokendeck(['org', 'add', 'weather', '--provider', 'apikey', '--api-url', api.origin]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--key-header');
  });

  it('exports the placement and never the key; the key is nowhere in the home', async () => {
    await connect();
    const exported = (await ok(['export'])).stdout;
    expect(JSON.parse(exported).organizations[0].apiKey).toEqual({ in: 'query', name: 'api_key' });
    expect(leaks(exported)).toEqual([]);
    expect(leaks(readAllFiles(sandbox.home))).toEqual([]);
  });
});
