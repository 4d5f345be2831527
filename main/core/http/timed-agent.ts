// One keep-alive connection pool (undici) for requests sent with a credential. Its connector
// notes when each connection's TCP and TLS handshakes finished, and undici's diagnostics channel
// says which connection carried which request, so a response can tell where its time went.
// A Transport other than the direct one (a proxy, an extra CA, a client certificate) gets a pool of
// its own, keyed by transportKey(): a certificate-bound token never rides another's connection.
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Agent, buildConnector, Dispatcher } from 'undici';
import type { RequestTiming } from './request-timing.js';
import { isDirect, transportFromEnv, transportKey, type Transport } from './transport.js';
import { openConnection, tlsFailureOf } from './tunnel.js';

interface ConnectionTimes {
  startedAt: number;
  tcpAt?: number;
  tlsAt?: number;
}

/** What the diagnostics listener fills in for a request we are timing. */
export interface Probe {
  connection?: ConnectionTimes;
  socket?: Socket;
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
  if (probe) {
    probe.connection = connections.get(socket);
    probe.socket = socket;
  }
});

let agent: Promise<Agent> | undefined;
let readyAgent: Agent | undefined;
const transportAgents = new Map<string, Promise<Agent>>();

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

/** The pool of one non-direct transport: its connections are opened by tunnel.ts. */
function transportAgent(transport: Transport, key: string): Promise<Agent> {
  let pool = transportAgents.get(key);
  if (!pool) {
    pool = import('undici').then(({ Agent: Pool }) => {
      return new Pool({
        keepAliveTimeout: 10_000,
        connect: (options, callback) => {
          const times: ConnectionTimes = { startedAt: performance.now() };
          const target = { protocol: options.protocol, hostname: options.hostname, port: Number(options.port || (options.protocol === 'https:' ? 443 : 80)) };
          openConnection(transport, target, { onTcp: () => (times.tcpAt = performance.now()) }).then(
            (socket) => {
              if (options.protocol === 'https:') times.tlsAt = performance.now();
              connections.set(socket, times);
              callback(null, socket);
            },
            (error: Error) => callback(error, null),
          );
        },
      });
    });
    transportAgents.set(key, pool);
  }
  return pool;
}

/**
 * Dispatches one request through the pool with a probe attached: the pool of `transport`, or of
 * the environment's proxy settings when none is given.
 */
export async function timedRequest(options: { url: URL; transport?: Transport } & Omit<Dispatcher.RequestOptions, 'origin' | 'path'>, probe: Probe): Promise<Dispatcher.ResponseData> {
  const { url, transport = transportFromEnv(), ...rest } = options;
  const pool = isDirect(transport) ? (readyAgent ?? (readyAgent = await timedAgent())) : await transportAgent(transport, transportKey(transport));
  tagging = probe;
  try {
    const answer = pool.request({ ...rest, origin: url.origin, path: `${url.pathname}${url.search}` });
    // A server refusing our client certificate: its TLS alert says why, undici's "closed" does not.
    return answer.catch((error: unknown) => {
      throw (probe.socket && tlsFailureOf(probe.socket)) ?? error;
    });
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
