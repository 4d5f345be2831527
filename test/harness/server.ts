// Test-only browser harness: serves the built renderer and speaks the IPC contract over a
// loopback WebSocket to the real core (real vault, real keychain), so the real renderer runs in
// Chromium under Playwright without the Electron binary. Every message it carries is recorded
// so tests can scan them for secrets.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { CHANNELS } from '../../preload/contract.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';
import { APP_ORIGIN, resolveAppAsset } from '../../main/security.js';
import type { Vault } from '../../main/core/vault.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface Harness {
  url: string;
  /** Every frame carried, both directions, as sent. */
  messages: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The stand-in for the preload: builds `window.tokendeck` like buildApi() does, over a WebSocket. */
function shimSource(wsUrl: string): string {
  return `(() => {
  const channels = ${JSON.stringify(CHANNELS)};
  const socket = new WebSocket(${JSON.stringify(wsUrl)});
  const opened = new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
  const pending = new Map();
  let nextId = 1;
  socket.addEventListener('message', (event) => {
    const { id, result } = JSON.parse(event.data);
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const invoke = async (channel, input) => {
    await opened;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  };
  const api = {};
  for (const channel of channels) {
    const [group, method] = channel.split('.');
    (api[group] ??= {})[method] = (input) => invoke(channel, input ?? {});
  }
  window.tokendeck = api;
})();`;
}

export async function startHarness(vault: Vault): Promise<Harness> {
  const handlers = createHandlers(vault);
  const messages: string[] = [];
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/__harness/ws`;

  server.on('request', async (request, response) => {
    const pathname = new URL(request.url ?? '/', origin).pathname;
    if (pathname === '/__harness/shim.js') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.js']! }).end(shimSource(wsUrl));
      return;
    }
    const file = resolveAppAsset(RENDERER_DIR, `${APP_ORIGIN}${pathname}`);
    const body = file ? await fs.readFile(file).catch(() => undefined) : undefined;
    if (!file || !body) {
      response.writeHead(404).end('not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (!file.endsWith('.html')) {
      response.writeHead(200, { 'content-type': type }).end(body);
      return;
    }
    // The page keeps its CSP; the harness adds only its own socket and the shim before the app.
    const html = body
      .toString('utf8')
      .replace("connect-src 'none'", `connect-src ${wsUrl}`)
      .replace('<script type="module"', '<script src="/__harness/shim.js"></script>\n    <script type="module"');
    response.writeHead(200, { 'content-type': type }).end(html);
  });

  const sockets = new WebSocketServer({ server, path: '/__harness/ws' });
  sockets.on('connection', (socket) => {
    socket.on('message', async (data) => {
      const text = data.toString();
      messages.push(text);
      let id: unknown;
      let result: unknown;
      try {
        const frame = JSON.parse(text) as { id: unknown; channel: unknown; input: unknown };
        id = frame.id;
        result = await dispatch(handlers, frame.channel, frame.input);
      } catch {
        result = { ok: false, error: { code: 'VALIDATION', message: 'The harness received a frame that is not JSON.' } };
      }
      const answer = JSON.stringify({ id, result });
      messages.push(answer);
      socket.send(answer);
    });
  });

  return {
    url: `${origin}/index.html`,
    messages,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
