// The agent: answers the CLI's `token` over a Unix socket from a process that keeps the vault and
// the keychain's data key open (`tokendeck agent`, or the app). It serves only from a folder of
// its own that nobody else can enter, answers only a caller of its own user whose home and
// settings are its own, and answers with the CLI's own dispatcher (`run`), so what the caller
// prints, and its exit code, are what it would have printed itself. Never a secret: `token`
// prints tokens only, and records what it records when run directly.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { TokendeckError } from '../errors.js';
import { identifyCaller, programName, type AgentCaller } from './agent-caller.js';
import { folderProblem, MAX_SOCKET_PATH_BYTES, socketProblem } from './agent-place.js';
import { AGENT_PROTOCOL_VERSION, agentServes, matchedSettings, MAX_ANSWER_BYTES, MAX_REQUEST_BYTES, parseAgentRequest, type AgentAnswer, type AgentRequest } from './agent-protocol.js';

/** The streams a command is run with (the CLI's CliIo, without importing the CLI). */
export interface AgentIo {
  stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export interface AgentOptions {
  socketPath: string;
  /** The agent's Tokendeck home: a caller of another home is "not mine". */
  home: string;
  /** The agent's environment: its settings of MATCHED_VARIABLES must be the caller's. */
  env: NodeJS.ProcessEnv;
  /** The CLI's dispatcher over the agent's open core (runCli's `dispatch`). */
  run(argv: string[], io: AgentIo): Promise<number>;
  /** Asked before each answer (the app's dialog); absent, every caller of this user is answered. */
  approve?(caller: AgentCaller, target: string): Promise<boolean>;
  /** Told of each command answered (the agent's log line; the tests' proof that it answered). */
  onServed?(caller: AgentCaller, argv: readonly string[], code: number): void;
}

export interface RunningAgent {
  socketPath: string;
  close(): Promise<void>;
}

/** How long a connection may take to send its request line. */
const REQUEST_WAIT_MS = 10_000;

const unavailable = (message: string) => new TokendeckError('AGENT_UNAVAILABLE', message);

function currentUid(): number {
  if (!process.getuid) throw unavailable('The agent runs on Linux and macOS only (a Unix socket in a folder of your own).');
  return process.getuid();
}

/** Whether an agent answers at `socketPath` (a connection is accepted). */
export function someoneAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.setTimeout(1000, () => (probe.destroy(), resolve(false)));
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}

/** The folder made (0700) or checked, and a stale socket left by a killed agent removed. */
async function preparePlace(socketPath: string, uid: number): Promise<void> {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw unavailable(`The agent's socket path ${socketPath} is too long for a Unix socket (${bytes} bytes, at most ${MAX_SOCKET_PATH_BYTES}). Set TOKENDECK_AGENT_SOCKET to a shorter path.`);
  }
  const folder = path.dirname(socketPath);
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unavailable(`The agent cannot make its folder ${folder} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Check that its parent is writable.`);
  }
  const folderWhy = folderProblem(fs.lstatSync(folder, { throwIfNoEntry: false }), uid);
  if (folderWhy) {
    const fix = folderWhy.startsWith('others') ? `Run \`chmod 700 ${folder}\`.` : 'Use a folder of your own (TOKENDECK_AGENT_SOCKET).';
    throw unavailable(`The agent will not serve from ${folder}: ${folderWhy}, and only you may reach its socket. ${fix}`);
  }
  const existing = fs.lstatSync(socketPath, { throwIfNoEntry: false });
  if (!existing) return;
  const socketWhy = socketProblem(existing, uid);
  if (socketWhy) throw unavailable(`The agent will not replace ${socketPath}: ${socketWhy}. Remove it if it is yours to remove.`);
  if (await someoneAnswers(socketPath)) throw unavailable(`Another agent already answers on ${socketPath}; the CLI uses it. Stop it first to start this one.`);
  fs.rmSync(socketPath, { force: true });
}

const notMine = (why: string): AgentAnswer => ({ v: AGENT_PROTOCOL_VERSION, kind: 'not-mine', why });
const refusal = (message: string): AgentAnswer => ({ v: AGENT_PROTOCOL_VERSION, kind: 'answer', stdout: '', stderr: `tokendeck: AGENT_DENIED: ${message}\n`, code: 1 });

function sameSettings(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].every((name) => a[name] === b[name]);
}

/** A command's streams, captured for the answer; stdin is empty (`token` reads none). */
function capturedIo(request: AgentRequest, agentEnv: NodeJS.ProcessEnv): { io: AgentIo; printed: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  const env = { ...agentEnv };
  if (request.environment) env.TOKENDECK_ENV = request.environment;
  else delete env.TOKENDECK_ENV;
  const io: AgentIo = {
    stdout: { write: (text) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')), isTTY: request.stdoutIsTTY },
    stderr: { write: (text) => (stderr += text) },
    stdin: Readable.from([]),
    env,
  };
  return { io, printed: () => ({ stdout, stderr }) };
}

async function answer(request: AgentRequest, options: AgentOptions, uid: number): Promise<AgentAnswer> {
  if (!agentServes(request.argv)) return notMine('the agent answers `token` only (not --copy, not --help)');
  if (request.home !== options.home) return notMine(`the agent serves the home ${options.home}`);
  if (!sameSettings(request.settings, matchedSettings(options.env))) return notMine('the caller\'s keychain, timeout or proxy settings are not the agent\'s');
  const caller = identifyCaller(request, uid);
  if ('refused' in caller) return refusal(`The agent answers only processes of your own: ${caller.refused}.`);
  const target = request.argv[1] ?? '';
  if (options.approve && !(await options.approve(caller, target))) {
    return refusal(`Tokendeck did not allow ${programName(caller)} (pid ${caller.pid}) a token of ${target}. Run it again and choose "Allow" in Tokendeck's dialog.`);
  }
  const { io, printed } = capturedIo(request, options.env);
  const code = await options.run(request.argv, io);
  options.onServed?.(caller, request.argv, code);
  return { v: AGENT_PROTOCOL_VERSION, kind: 'answer', ...printed(), code };
}

/** Reads one request line (at most MAX_REQUEST_BYTES) and writes one answer line. A bad peer gets "not mine" and is let go. */
function serveConnection(socket: net.Socket, options: AgentOptions, uid: number): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const reply = (value: AgentAnswer) => {
    settled = true;
    socket.setTimeout(0);
    const line = `${JSON.stringify(value)}\n`;
    socket.end(Buffer.byteLength(line) > MAX_ANSWER_BYTES ? `${JSON.stringify(notMine('the answer is too long to send'))}\n` : line);
  };
  socket.on('error', () => socket.destroy());
  // A peer that sent its line and half-closed still gets its answer (the server allows half-open).
  socket.on('end', () => {
    if (!settled) reply(notMine('no request line'));
  });
  socket.setTimeout(REQUEST_WAIT_MS, () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (settled) return;
    const end = chunk.indexOf(0x0a);
    size += end === -1 ? chunk.length : end;
    if (size > MAX_REQUEST_BYTES) return reply(notMine('the request is too long'));
    chunks.push(end === -1 ? chunk : chunk.subarray(0, end));
    if (end === -1) return;
    settled = true;
    const request = parseAgentRequest(Buffer.concat(chunks).toString('utf8'));
    if (!request) return reply(notMine('not a request of this version'));
    answer(request, options, uid).then(reply, (error: unknown) => {
      const code = error instanceof TokendeckError ? error.code : 'INTERNAL';
      reply({ v: AGENT_PROTOCOL_VERSION, kind: 'answer', stdout: '', stderr: `tokendeck: ${code}: The agent could not answer. Run the command again with TOKENDECK_AGENT=0 to do it without the agent.\n`, code: 1 });
    });
  });
}

/** Starts answering on `options.socketPath`: AGENT_UNAVAILABLE when the place is not safe or another agent answers there. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const uid = currentUid();
  await preparePlace(options.socketPath, uid);
  const connections = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serveConnection(socket, options, uid);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? unavailable(`Another agent already answers on ${options.socketPath}.`) : unavailable(`The agent cannot listen on ${options.socketPath} (${error.code ?? 'unknown error'}).`)),
    );
    server.listen(options.socketPath, resolve);
  });
  // The folder is 0700 already; the socket says the same on its own.
  fs.chmodSync(options.socketPath, 0o600);
  const ours = fs.lstatSync(options.socketPath).ino;
  return {
    socketPath: options.socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
        // Removed only while it is still ours (not one a later agent made after a stale one).
        if (fs.lstatSync(options.socketPath, { throwIfNoEntry: false })?.ino === ours) fs.rmSync(options.socketPath, { force: true });
      }),
  };
}
