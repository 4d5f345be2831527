// The CLI's one exchange with the agent: a request line out, an answer line back (at most
// MAX_ANSWER_BYTES). Its own module so that node:net is loaded only when a socket is there.
import net from 'node:net';
import { isatty } from 'node:tty';
import { MAX_ANSWER_BYTES, type AgentRequest } from '../core/agent/agent-protocol.js';

/** Whether stdout is a terminal, without making process.stdout (node:tty loads node:net, which this module has anyway). */
export const stdoutIsTerminal = (): boolean => isatty(1);

/** One request line out, one answer line back; undefined on any failure before a whole answer. */
export function ask(socketPath: string, request: AgentRequest): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect(socketPath);
    const done = (line: string | undefined) => {
      socket.destroy();
      resolve(line);
    };
    socket.once('error', () => done(undefined));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES + 1) return done(undefined);
      chunks.push(chunk);
      const text = Buffer.concat(chunks);
      const end = text.indexOf(0x0a);
      if (end !== -1) done(text.subarray(0, end).toString('utf8'));
    });
    socket.once('end', () => done(undefined));
    socket.write(`${JSON.stringify(request)}\n`);
  });
}
