// The CLI's side of the agent: before loading the dispatcher, `tokendeck token` asks the agent
// (main/core/agent/) and prints its answer. No agent (no socket: one failed stat), one not ours,
// one that does not answer or says "not mine": undefined, and the CLI does the work itself. Loads
// only node:fs, node:path, node:os and the agent's place and protocol; node:net (agent-socket.ts)
// only once there is a socket to talk to: the CLI without an agent does not pay for it.
import { agentSocketPath, unsafeToTalk } from '../core/agent/agent-place.js';
import { AGENT_PROTOCOL_VERSION, agentServes, matchedSettings, parseAgentAnswer, type AgentRequest } from '../core/agent/agent-protocol.js';
import { resolveHome } from '../core/home-path.js';
import { descriptorWriter } from './descriptor-writer.js';

/** TOKENDECK_AGENT_DEBUG=1: a line on stderr saying whether the agent answered, and why not. */
function debug(env: NodeJS.ProcessEnv, text: string): void {
  if (env.TOKENDECK_AGENT_DEBUG === '1') process.stderr.write(`tokendeck: agent: ${text}\n`);
}

/** The command answered by the agent (its exit code, its output printed), or undefined: do it here. */
export async function answerThroughAgent(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (env.TOKENDECK_AGENT === '0' || !agentServes(argv) || !process.getuid) return undefined;
  const socketPath = agentSocketPath(env);
  const unsafe = unsafeToTalk(socketPath, process.getuid());
  if (unsafe) {
    debug(env, `not asked: ${unsafe}`);
    return undefined;
  }
  const { ask, stdoutIsTerminal } = await import('./agent-socket.js');
  const request: AgentRequest = {
    v: AGENT_PROTOCOL_VERSION,
    argv,
    home: resolveHome(env),
    settings: matchedSettings(env),
    environment: env.TOKENDECK_ENV?.trim() ?? '',
    pid: process.pid,
    program: [process.execPath, process.argv[1] ?? ''].join(' ').trim(),
    stdoutIsTTY: stdoutIsTerminal(),
  };
  const line = await ask(socketPath, request);
  const answer = line === undefined ? undefined : parseAgentAnswer(line);
  if (answer?.kind !== 'answer') {
    debug(env, `not answered: ${answer?.why ?? 'no answer'}`);
    return undefined;
  }
  debug(env, `answered by the agent at ${socketPath}`);
  // Straight to the descriptors, as the CLI's own io writes: process.stdout would first build a stream.
  if (answer.stdout) descriptorWriter(1, () => process.stdout).write(answer.stdout);
  if (answer.stderr) descriptorWriter(2, () => process.stderr).write(answer.stderr);
  return answer.code;
}
