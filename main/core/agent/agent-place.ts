// Where the agent's socket is, and whether a folder or socket there is the user's own. Both sides
// check: the agent serves only from a folder it owns that nobody else can enter, and the CLI talks
// only to a socket and folder of its own uid. Node only (no other module of the core): the CLI's
// entry loads it before anything else (main/cli/agent-client.ts).
import fs from 'node:fs';
import path from 'node:path';
import { resolveHome } from '../home-path.js';

export const AGENT_SOCKET_NAME = 'agent.sock';

/** sun_path holds 108 bytes on Linux, 104 on macOS and the BSDs, the closing NUL included. */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

/** Why `stat` is not a folder of `uid` that nobody else can enter, or undefined when it is. */
export function folderProblem(stat: fs.Stats | undefined, uid: number): string | undefined {
  if (!stat) return 'it does not exist';
  if (!stat.isDirectory()) return 'it is not a folder';
  if (stat.uid !== uid) return `it belongs to another user (uid ${stat.uid}, you are ${uid})`;
  if (stat.mode & 0o077) return `others can enter it (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')})`;
  return undefined;
}

/** Why `stat` is not a socket of `uid`, or undefined when it is. */
export function socketProblem(stat: fs.Stats | undefined, uid: number): string | undefined {
  if (!stat) return 'it does not exist';
  if (!stat.isSocket()) return 'it is not a socket';
  if (stat.uid !== uid) return `it belongs to another user (uid ${stat.uid}, you are ${uid})`;
  return undefined;
}

/** The runtime folder (XDG_RUNTIME_DIR) when it is set, absolute and the user's own, else undefined. */
function runtimeFolder(env: NodeJS.ProcessEnv, uid: number): string | undefined {
  const folder = env.XDG_RUNTIME_DIR?.trim();
  if (!folder || !path.isAbsolute(folder)) return undefined;
  return folderProblem(fs.statSync(folder, { throwIfNoEntry: false }), uid) ? undefined : folder;
}

/**
 * The socket: TOKENDECK_AGENT_SOCKET when set; else `$XDG_RUNTIME_DIR/tokendeck/agent.sock` when
 * that runtime folder is ours (and the path fits in sun_path); else `<home>/run/agent.sock`.
 */
export function agentSocketPath(env: NodeJS.ProcessEnv, uid: number = process.getuid?.() ?? -1): string {
  const override = env.TOKENDECK_AGENT_SOCKET?.trim();
  if (override) return path.resolve(override);
  const runtime = runtimeFolder(env, uid);
  const inRuntime = runtime && path.join(runtime, 'tokendeck', AGENT_SOCKET_NAME);
  if (inRuntime && Buffer.byteLength(inRuntime) <= MAX_SOCKET_PATH_BYTES) return inRuntime;
  return path.join(resolveHome(env), 'run', AGENT_SOCKET_NAME);
}

/**
 * Why the CLI will not talk to the socket at `socketPath`, or undefined: its folder and the socket
 * itself must be the user's own (lstat: a link is neither). On Windows (no uid) nothing is checked:
 * the agent does not run there.
 */
export function unsafeToTalk(socketPath: string, uid: number): string | undefined {
  const folder = path.dirname(socketPath);
  const folderWhy = folderProblem(fs.lstatSync(folder, { throwIfNoEntry: false }), uid);
  if (folderWhy) return `its folder ${folder}: ${folderWhy}`;
  const socketWhy = socketProblem(fs.lstatSync(socketPath, { throwIfNoEntry: false }), uid);
  return socketWhy && `${socketPath}: ${socketWhy}`;
}
