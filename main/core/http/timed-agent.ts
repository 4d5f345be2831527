// One keep-alive connection pool (undici) for requests sent with a credential. Its connector
// notes when each connection's TCP and TLS handshakes finished, and undici's diagnostics channel
// says which connection carried which request, so a response can tell where its time went.
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Agent, buildConnector, Dispatcher } from 'undici';
import type { RequestTiming } from './request-timing.js';

interface ConnectionTimes {
  startedAt: number;
  tcpAt?: number;
  tlsAt?: number;
}

/** What the diagnostics listener fills in for a request we are timing. */
export interface Probe {
  connection?: ConnectionTimes;
}

const connections = new WeakMap<Socket, ConnectionTimes>();
const probes = new WeakMap<object, Probe>();
let tagging: Probe | undefined;

// undici creates its Request synchronously inside dispatch(): the probe being tagged is ours.
diagnostics.subscribe('undici:request:create', (message) => {
  if (tagging) probes.set((message as { request: object }).request, tagging);
});
diagnostics.subscribe('undici:client:sendHeaders', (message) => {
  const { request, socket } = message as { request: object; socket: Socket };
  const probe = probes.get(request);
  if (probe) probe.connection = connections.get(socket);
});

let agent: Promise<Agent> | undefined;
let readyAgent: Agent | undefined;

/** The shared pool, created on first use (the CLI's token path never loads undici). */
export function timedAgent(): Promise<Agent> {
  agent ??= import('undici').then(({ Agent: Pool, buildConnector: makeConnector }) => {
    // At run time the connector returns the socket it opens (its type says void).
    const base = makeConnector({}) as unknown as (options: buildConnector.Options, callback: buildConnector.Callback) => Socket;
    return new Pool({
      keepAliveTimeout: 10_000,
      connect: (options, callback) => {
        const times: ConnectionTimes = { startedAt: performance.now() };
        const socket = base(options, (error, connected) => {
          if (connected && options.protocol === 'https:') times.tlsAt = performance.now();
          callback(error as null, connected as Socket);
        });
        socket.once('connect', () => (times.tcpAt = performance.now()));
        connections.set(socket, times);
      },
    });
  });
  return agent;
}

/** Dispatches one request through the pool with a probe attached. */
export async function timedRequest(options: { url: URL } & Omit<Dispatcher.RequestOptions, 'origin' | 'path'>, probe: Probe): Promise<Dispatcher.ResponseData> {
  const pool = readyAgent ?? (readyAgent = await timedAgent());
  const { url, ...rest } = options;
  tagging = probe;
  try {
    return pool.request({ ...rest, origin: url.origin, path: `${url.pathname}${url.search}` });
  } finally {
    tagging = undefined;
  }
}

export function timingOf(probe: Probe, startedAt: number, headersAt: number, endedAt: number, firstStartedAt = startedAt): RequestTiming {
  const connection = probe.connection && probe.connection.startedAt >= startedAt ? probe.connection : undefined;
  return {
    ...(connection?.tcpAt !== undefined ? { connectMs: connection.tcpAt - connection.startedAt } : {}),
    ...(connection?.tlsAt !== undefined && connection.tcpAt !== undefined ? { tlsMs: connection.tlsAt - connection.tcpAt } : {}),
    firstByteMs: headersAt - startedAt,
    totalMs: endedAt - firstStartedAt,
    reusedConnection: connection === undefined,
  };
}
