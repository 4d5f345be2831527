// Exit codes a script can trust (issue 26, item 2), through the built `tokendeck`: `request` exits 1
// when the final status is >= 400, the body still on stdout and the status on stderr, like `gh api`;
// `--all-envs` exits 1 when every environment refused alike, 3 (not 1) when they differ; and
// `tokendeck --help` prints the one exit-code table.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODE_TABLE } from '../../main/cli/exit-codes.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';
import { addThreeEnvironments, type ThreeEnvironments } from '../support/three-environments.js';

const CLIENT_ID = '2cf82db3-4064-4235-8253-16994eb51773';

let sandbox: Sandbox;
let server: http.Server;
beforeEach(async () => {
  sandbox = createSandbox();
  // A loopback stand-in: /ok answers 200, /private 401 (with the server's reason as its body), anything else 404.
  server = http.createServer((req, res) => {
    if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (req.url === '/private') return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"needs a DevToken"}');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await sandbox.vault.addOrganization({ name: 'studio', provider: 'musicapi', apiBaseUrl: origin });
  await sandbox.vault.addClient('studio', { name: 'web', environment: 'development', clientId: CLIENT_ID });
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sandbox.cleanup();
});

const tokendeck = (...args: string[]) => runTokendeck(args, { env: sandbox.env });

describe('request exit codes', () => {
  it('exits 0 on a 2xx, with no status line on stderr', async () => {
    const run = await tokendeck('request', 'studio/web', 'GET', '/ok', '--scheme', 'token');
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^HTTP 200 /);
    expect(run.stderr).toBe('');
  });

  it('exits 1 on a 401, the response and its body still on stdout and the status on stderr', async () => {
    const run = await tokendeck('request', 'studio/web', 'GET', '/private', '--scheme', 'token');
    expect(run.code).toBe(EXIT.failure);
    expect(run.stdout).toMatch(/^HTTP 401 Unauthorized\n/);
    expect(run.stdout).toContain('{"error":"needs a DevToken"}');
    expect(run.stderr).toBe('tokendeck: the server answered HTTP 401 Unauthorized (exit 1).\n');
  });

  it('exits 1 on a 404 with --json too, the JSON answer whole on stdout', async () => {
    const run = await tokendeck('request', 'studio/web', 'GET', '/missing', '--json', '--scheme', 'token');
    expect(run.code).toBe(EXIT.failure);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 404, body: 'no such page' });
    expect(run.stderr).toContain('HTTP 404 Not Found (exit 1)');
  });
});

describe('request --all-envs exit codes', () => {
  let tri: ThreeEnvironments;
  beforeEach(async () => {
    tri = await addThreeEnvironments(sandbox.vault);
  });
  afterEach(() => tri.close());

  it('exits 1 when every environment answered the same status >= 400, saying which; 3 when one differs', async () => {
    expect((await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs')).code).toBe(EXIT.ok);
    // Both cached tokens refused from now on: a 401 from each.
    tri.servers.development.revokeAll();
    tri.servers.staging.revokeAll();
    const run = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs');
    expect(run.code, run.stdout + run.stderr).toBe(EXIT.failure);
    expect(run.stdout).toMatch(/development +dev-app +401/);
    expect(run.stdout).toMatch(/staging +staging-app +401/);
    expect(run.stderr).toBe('Every environment answered 401 (exit 1).\n');
    // One environment answering otherwise is a difference: 3, not 1.
    await tri.servers.staging.close();
    expect((await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs')).code).toBe(EXIT.outcomesDiffer);
  });
});

describe('the exit-code table', () => {
  it('is printed by tokendeck --help, one line per code the CLI answers with', async () => {
    const run = await tokendeck('--help');
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain(EXIT_CODE_TABLE);
    for (const code of Object.values(EXIT)) expect(EXIT_CODE_TABLE).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  });
});
