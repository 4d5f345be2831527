// What a node:http(s) request needs to go the way a Transport says: nothing for the direct
// transport (node's own agent), else a `createConnection` that opens the one socket through
// tunnel.ts (proxy, extra CA, client certificate). One connection per request: no pooling.
import type { Duplex } from 'node:stream';
import { defaultPort, isDirect, type Transport } from './transport.js';

type CreateConnection = (options: object, callback: (error: Error | null, socket: Duplex) => void) => undefined;

export async function nodeConnection(transport: Transport, url: URL, signal: AbortSignal): Promise<{ createConnection?: CreateConnection }> {
  if (isDirect(transport)) return {};
  const { openConnection } = await import('./tunnel.js');
  return {
    createConnection: (_options, callback) => {
      openConnection(transport, { protocol: url.protocol, hostname: url.hostname, port: defaultPort(url) }, { signal }).then(
        (socket) => callback(null, socket),
        (error: Error) => callback(error, undefined as unknown as Duplex),
      );
      return undefined;
    },
  };
}
