// A `tokendeck agent` for the bench's "through the agent" row: on a socket of its own (so the
// direct rows meet no agent, as a terminal without one would), counting what it answered so the
// row can say it was answered by the agent and not measured beside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAgentProcess } from '../support/agent-process.js';

export interface BenchAgent {
  /** The CLI's environment that reaches this agent. */
  env: NodeJS.ProcessEnv;
  answered(): number;
  stop(): Promise<void>;
}

export async function startBenchAgent(env: NodeJS.ProcessEnv): Promise<BenchAgent> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bench-agent-'));
  const agentEnv = { ...env, TOKENDECK_AGENT_SOCKET: path.join(folder, 'agent.sock') };
  const agent = await startAgentProcess(agentEnv);
  return {
    env: agentEnv,
    answered: agent.answered,
    async stop() {
      await agent.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
