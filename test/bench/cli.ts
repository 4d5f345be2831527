// The CLI as scripts run it: whole processes, each against `node -e 0` on the same machine,
// interleaved so that noise falls on all alike. A cached DevToken (the common case), a fresh
// mint, `--scheme token` (no keychain, no signing) and `--help` (no vault at all).
import { spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { devToken } from '../../main/core/schemes/devtoken.js';
import type { VendorWorld } from '../support/vendors.js';
import { startBenchAgent } from './agent.js';
import { interleave, median } from './stats.js';

export interface CliFigures {
  nodeMs: number;
  cachedMs: number;
  freshMs: number;
  schemeTokenMs: number;
  helpMs: number;
  /**
   * Through a `tokendeck agent` (the allowed route for the CLI rows): the cached DevToken,
   * `--scheme token` and `--fresh`, and how many runs it answered of all those it was sent.
   */
  agent?: { ms: number; schemeTokenMs: number; freshMs: number; runs: number; answered: number };
}

/** BENCH_CLI_NODE runs the processes with another Node (say 22, whose compile cache the CLI turns on). */
function runProcess(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.BENCH_CLI_NODE ?? process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/** `env` points at a vault whose acme/web is a MusicAPI client with a signing key (startVendorWorld). */
export async function measureCli(cliPath: string, env: NodeJS.ProcessEnv, rounds = 25): Promise<CliFigures> {
  const tokenArgs = [cliPath, 'token', 'acme/web', '--scheme', 'devtoken'];
  await runProcess(tokenArgs, env);
  const agent = await startBenchAgent(env);
  const runs = await interleave(rounds, 3, {
    agent: () => runProcess(tokenArgs, agent.env),
    agentSchemeToken: () => runProcess([cliPath, 'token', 'acme/web', '--scheme', 'token'], agent.env),
    agentFresh: () => runProcess([...tokenArgs, '--fresh'], agent.env),
    cached: () => runProcess(tokenArgs, env),
    fresh: () => runProcess([...tokenArgs, '--fresh'], env),
    schemeToken: () => runProcess([cliPath, 'token', 'acme/web', '--scheme', 'token'], env),
    help: () => runProcess([cliPath, '--help'], env),
    node: () => runProcess(['-e', '0'], env),
  }).finally(() => agent.stop());
  return {
    agent: {
      ms: median(runs.agent!),
      schemeTokenMs: median(runs.agentSchemeToken!),
      freshMs: median(runs.agentFresh!),
      runs: 3 * (runs.agent!.length + 3),
      answered: agent.answered(),
    },
    nodeMs: median(runs.node!),
    cachedMs: median(runs.cached!),
    freshMs: median(runs.fresh!),
    schemeTokenMs: median(runs.schemeToken!),
    helpMs: median(runs.help!),
  };
}

/** A DevToken signed in process with the key already parsed, as the app mints: µs per mint. */
export async function measureWarmMint(world: VendorWorld): Promise<number[]> {
  const [key] = world.vault.keys('acme');
  const privateKey = createPrivateKey(await world.vault.privateKeyPem(key!));
  const { org, client } = world.vault.resolveClient('acme', 'web');
  const input = {
    org,
    client,
    ttlSeconds: 14 * 86_400,
    timeoutMs: 15_000,
    now: Date.now,
    secret: () => Promise.reject(new Error('unused')),
    session: () => Promise.reject(new Error('unused')),
    activeKey: async () => ({ kid: key!.kid!, privateKey }),
    transport: async () => ({}),
  };
  const runs = await interleave(3000, 200, { mint: () => devToken.produce(input) });
  return runs.mint!.map((ms) => ms * 1000);
}
