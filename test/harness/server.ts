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
import { CHANNELS, EVENT_NAMES, type EventName, type Events } from '../../preload/contract.js';
import { ClipboardGuard, type SystemClipboard } from '../../main/core/clipboard-guard.js';
import { warmUp, type Core } from '../../main/core/open-vault.js';
import { RefreshScheduler } from '../../main/core/refresh-scheduler.js';
import { watchVault } from '../../main/core/vault-watch.js';
import { destinationQuestionText, type DestinationChangeQuestion } from '../../main/core/destination-change.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';
import { APP_ORIGIN, resolveAppAsset } from '../../main/security.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface HarnessOptions {
  /** The core's home, watched as main watches it: changes made there by the CLI reach the page. */
  home: string;
  /** The clipboard main would use: the real X clipboard (xclip) in the e2e tests. */
  clipboard: SystemClipboard;
  clearAfterMs?: number;
  /** The refresh scheduler's tick; 0 to run none. */
  tickMs?: number;
}

/** What main's native dialog would have asked, with its words, and what the test answered. */
export interface DestinationQuestionAsked {
  question: DestinationChangeQuestion;
  text: ReturnType<typeof destinationQuestionText>;
  answer: boolean;
}

/** One write to main's clipboard: what main copied, and whether as a secret (timed clear). */
export interface ClipboardWrite {
  text: string;
  secret: boolean;
}

export interface Harness {
  url: string;
  /** Every write main made to its clipboard, in order: what a copy really put there. */
  clipboardWrites: ClipboardWrite[];
  scheduler: RefreshScheduler | undefined;
  /** Every frame carried, both directions, as sent. */
  messages: string[];
  /** The frames main sent to the renderer (answers and events): what must never hold a secret. */
  outbound: string[];
  /** Main's destination-change confirmations (its native dialog in the app), in order. */
  destinationQuestions: DestinationQuestionAsked[];
  /** The answer the next ones get: false (refused) unless the test says otherwise. */
  confirmDestinationChanges: boolean;
  /** The URLs main opened in the system browser (a sign-in's authorization page), in order: the test drives them. */
  openedUrls: string[];
  /** What main's certificate and key dialogs answer (the files' text), or undefined: the user cancels. */
  certificateFiles: { certPem: string; keyPem: string } | undefined;
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
  const eventNames = ${JSON.stringify(EVENT_NAMES)};
  const socket = new WebSocket(${JSON.stringify(wsUrl)});
  const opened = new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
  const pending = new Map();
  const listeners = new Map();
  let nextId = 1;
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(event.data);
    if (frame.event) {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      return;
    }
    pending.get(frame.id)?.(frame.result);
    pending.delete(frame.id);
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
  api.on = (name, listener) => {
    if (!eventNames.includes(name)) throw new Error('Unknown event ' + name);
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(listener);
    return () => listeners.get(name).delete(listener);
  };
  window.tokendeck = api;
})();`;
}

export async function startHarness(core: Core, options: HarnessOptions): Promise<Harness> {
  const clipboardWrites: ClipboardWrite[] = [];
  const system = options.clipboard;
  // Main's clipboard as the test sees it: every write recorded, then made on the real one.
  const recorded: SystemClipboard = {
    writeSecret: (text) => (clipboardWrites.push({ text, secret: true }), system.writeSecret(text)),
    writeText: (text) => (clipboardWrites.push({ text, secret: false }), system.writeText(text)),
    readText: () => system.readText(),
    clear: () => system.clear(),
  };
  const clipboard = new ClipboardGuard(recorded, options.clearAfterMs);
  // Stands in for main's native dialog: outside the page, answered by the test, never by a click.
  const confirmDestinationChange = async (question: DestinationChangeQuestion) => {
    const answer = harness.confirmDestinationChanges;
    harness.destinationQuestions.push({ question, text: destinationQuestionText(question), answer });
    return answer;
  };
  // Stands in for shell.openExternal: recorded, for the test to open in a browser page of its own.
  const openExternal = async (url: string) => void harness.openedUrls.push(url);
  // Stands in for main's open dialogs: the files the test put there, read in main, never by the page.
  const chooseCertificateFiles = async () => harness.certificateFiles;
  const handlers = createHandlers(core, clipboard, { confirmDestinationChange, openExternal, chooseCertificateFiles, showDeviceCode: (code) => push('session.deviceCode', code) });
  const messages: string[] = [];
  const outbound: string[] = [];
  const send = (socket: { send(text: string): void }, frame: string) => {
    messages.push(frame);
    outbound.push(frame);
    socket.send(frame);
  };
  // As main does at start-up, while its window is created.
  warmUp(core);
  const scheduler = options.tickMs === 0 ? undefined : new RefreshScheduler(core.vault, core.tokens, options.tickMs ?? 1_000);
  scheduler?.start();
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
  const push = <E extends EventName>(event: E, payload: Events[E]) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of sockets.clients) send(client, frame);
  };
  const unsubscribe = core.tokens.events.on((payload) => push('tokens.changed', payload));
  const watch = watchVault(options.home, core, (change) => push('vault.changed', change));
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
      send(socket, JSON.stringify({ id, result }));
    });
  });

  const harness: Harness = {
    url: `${origin}/index.html`,
    clipboardWrites,
    scheduler,
    messages,
    outbound,
    destinationQuestions: [],
    confirmDestinationChanges: false,
    openedUrls: [],
    certificateFiles: undefined,
    close: async () => {
      scheduler?.stop();
      unsubscribe();
      watch.close();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return harness;
}
