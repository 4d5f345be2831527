// `tokendeck`: the vault and its credentials for scripts and terminals, over the same core as
// the app. Stdout carries only results; messages go to stderr. Exit codes: 0 success, 2 bad usage
// or input, 1 any other failure.
//
// This entry first asks the agent (cli/agent-client.ts: `tokendeck agent` or the app) for the
// commands it answers; otherwise it turns Node's compile cache on and hands over to the dispatcher
// (cli/run-cli.ts), loaded after it so that the cache covers it and every module it loads.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerThroughAgent } from './cli/agent-client.js';
import { enableCompileCache } from './cli/compile-cache.js';

function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (!invoked) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  const answered = await answerThroughAgent(argv);
  if (answered !== undefined) return answered;
  enableCompileCache(process.env);
  const { runCli } = await import('./cli/run-cli.js');
  return runCli(argv);
}

if (isEntryPoint()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
