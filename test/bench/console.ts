// The console's cost per request: a request through the contract (dispatch → zod → scope →
// cached credential → undici over a kept-alive connection → body → history queued) against curl
// to the same loopback endpoint, one curl process fetching every URL over one kept-alive
// connection, its own `time_total` per transfer. Medians of many requests each. The endpoint
// runs in its own process, as a real server would, so it does not share our event loop.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';
import { MUSICAPI_CLIENT } from '../support/vendors.js';
import { createSandbox } from '../support/sandbox.js';
import { median } from './stats.js';

export interface ConsoleFigures {
  consoleMs: number;
  curlMs: number;
  /** undici's request() alone, same endpoint, same kept-alive pool: Node's floor. */
  undiciMs: number;
  requests: number;
}

function curlTimes(urls: string[], headers: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const args = ['--silent', '--show-error', '--write-out', '%{time_total}\\n', ...headers.flatMap((h) => ['--header', h])];
    for (const url of urls) args.push(url, '--output', '/dev/null');
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').map((s) => Number(s) * 1000)) : reject(new Error(`curl exited ${code}`))));
  });
}

const SERVER = `
  const body = JSON.stringify({ endpoint: '/search/introspection', auth: 'token', clientId: ${JSON.stringify(MUSICAPI_CLIENT.clientId)} });
  const server = require('node:http').createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** The same small JSON answer for both, like an introspection call, from another process. */
async function startEndpoint(): Promise<{ origin: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('error', reject);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill())),
  };
}

export async function measureConsole(requests = 600): Promise<ConsoleFigures> {
  const server = await startEndpoint();
  const sandbox = createSandbox();
  try {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi', apiBaseUrl: server.origin });
    await sandbox.vault.addClient('acme', { name: 'web', environment: 'development', clientId: MUSICAPI_CLIENT.clientId });
    const handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: () => {}, writeText: () => {}, readText: () => '', clear: () => {} }));
    const request = { org: 'acme', client: 'web', method: 'GET', url: '/search/introspection' } as const;
    const seenClient = sandbox.vault.resolveClient('acme', 'web').client.id;

    const ours: number[] = [];
    const theirs: number[] = [];
    const floor: number[] = [];
    const pool = new Agent({ keepAliveTimeout: 10_000 });
    // Alternate blocks of 50 so that machine noise falls on both sides alike; the first block of
    // each is a warm-up.
    for (let block = 0; block <= requests / 50; block++) {
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = performance.now();
        const result = await dispatch(handlers, 'console.send', { requestId: randomUUID(), seenClient, request });
        times.push(performance.now() - started);
        if (!result.ok) throw new Error(result.error.message);
      }
      const bare: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = performance.now();
        const response = await pool.request({ origin: server.origin, path: '/search/introspection', method: 'GET', headers: { authorization: `Token ${MUSICAPI_CLIENT.clientId}` } });
        await response.body.arrayBuffer();
        bare.push(performance.now() - started);
      }
      const curl = await curlTimes(Array.from({ length: 50 }, () => `${server.origin}/search/introspection`), [
        `Authorization: Token ${MUSICAPI_CLIENT.clientId}`,
        'Content-Type: application/json; charset=utf-8',
      ]);
      if (block > 0) {
        ours.push(...times);
        floor.push(...bare);
        // The first transfer of a curl process opens its connection: kept out, like our warm pool.
        theirs.push(...curl.slice(1));
      }
      await sandbox.core.requestConsole.flushHistory();
    }
    await pool.close();
    return { consoleMs: median(ours), curlMs: median(theirs), undiciMs: median(floor), requests: ours.length };
  } finally {
    await server.close();
    await sandbox.cleanup();
  }
}
