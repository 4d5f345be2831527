// `tokendeck`: the vault and its credentials for scripts and terminals, over the same core as
// the app. Stdout carries only results; messages go to stderr. Exit codes: 0 success, 2 bad usage
// or input, 1 any other failure.
//
// This entry only turns Node's compile cache on and hands over to the dispatcher (cli/run-cli.ts),
// loaded after it so that the cache covers it and every module it loads.
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

if (isEntryPoint()) {
  enableCompileCache(process.env);
  void import('./cli/run-cli.js')
    .then(({ runCli }) => runCli(process.argv.slice(2)))
    .then((code) => {
      process.exitCode = code;
    });
}
