// The app as the CLI's agent (core/agent/): `tokendeck token` in a terminal is answered from the
// app's open core, after the user allowed the program in main's dialog. Electron-free but for the
// dialog it is handed; kept out of index.ts so the shell's entry stays a list of wirings.
import { agentSocketPath } from './core/agent/agent-place.js';
import { rememberingApproval } from './core/agent/agent-approval.js';
import { startAgent, type RunningAgent } from './core/agent/agent-server.js';
import type { Core } from './core/open-vault.js';
import { resolveHome } from './core/paths.js';
import { askAgentApprovalInDialog } from './agent-dialog.js';
import { runCli } from './cli/run-cli.js';

/**
 * Starts answering, or resolves to undefined when it cannot (a `tokendeck agent` already answers
 * there, the folder is not the user's own, no Unix sockets): the CLI then does without the app.
 */
export function startAppAgent(core: Core): Promise<RunningAgent | undefined> {
  // The app's core has the default timeout: a caller with TOKENDECK_TIMEOUT_MS of its own is "not mine".
  const env = { ...process.env };
  delete env.TOKENDECK_TIMEOUT_MS;
  return startAgent({
    socketPath: agentSocketPath(process.env),
    home: resolveHome(),
    env,
    run: (argv, io) => runCli(argv, io, { vaultCore: () => core, core: async () => core }),
    approve: rememberingApproval(askAgentApprovalInDialog),
  }).catch(() => undefined);
}
