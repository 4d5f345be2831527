// `tokendeck`: the vault and its credentials for scripts and terminals, over the same core as
// the app. Stdout carries only results; messages go to stderr. Exit codes: 0 success, 2 bad usage
// or input, 1 any other failure.
//
// This entry only turns Node's compile cache on, then asks the agent (cli/agent-client.ts:
// `tokendeck agent` or the app) for the commands it answers, and otherwise hands over to the
// dispatcher (cli/run-cli.ts); both loaded after the cache is on, so that it covers them.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  // Only `token` may be the agent's (agentServes decides the rest): other commands load nothing of it.
  if (argv[0] === 'token') {
    const { answerThroughAgent } = await import('./cli/agent-client.js');
    const answered = await answerThroughAgent(argv);
    if (answered !== undefined) return answered;
  }
  const { runCli } = await import('./cli/run-cli.js');
  return runCli(argv);
}

if (isEntryPoint()) {
  enableCompileCache(process.env);
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
