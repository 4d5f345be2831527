// The CLI's part of `npm run bench` alone (issue 16's CLI, mint and memory rows), for working on
// them: `sh test/with-keyring.sh npx tsx test/bench/cli-only.ts [path/to/tokendeck.js]`.
import { CLI_PATH } from '../support/cli.js';
import { startVendorWorld } from '../support/vendors.js';
import { measureCli, measureWarmMint } from './cli.js';
import { measureCoreMemory } from './core-memory.js';
import { median, percentile } from './stats.js';

const cliPath = process.argv[2] ?? CLI_PATH;
const world = await startVendorWorld();
try {
  const cli = await measureCli(cliPath, world.env);
  const ratio = (ms: number) => `${ms.toFixed(1)} ms = ${(ms / cli.nodeMs).toFixed(2)}×`;
  console.log(`node -e 0 ${cli.nodeMs.toFixed(1)} ms`);
  console.log(`cached DevToken ${ratio(cli.cachedMs)} (≤ 1.3×), --fresh ${ratio(cli.freshMs)} (≤ 1.5×)`);
  if (cli.agent) console.log(`through the agent: cached DevToken ${ratio(cli.agent.ms)} (≤ 1.1×), --scheme token ${ratio(cli.agent.schemeTokenMs)} (≤ 1.15×), --fresh ${ratio(cli.agent.freshMs)} (≤ 1.5×); the agent answered ${cli.agent.answered} of ${cli.agent.runs}`);
  console.log(`--scheme token ${ratio(cli.schemeTokenMs)} (≤ 1.15×), --help ${ratio(cli.helpMs)} (≤ 1.1×)`);
  const mints = await measureWarmMint(world);
  console.log(`warm mint median ${median(mints).toFixed(0)} µs, p99 ${percentile(mints, 99).toFixed(0)} µs (≤ 500 µs)`);
} finally {
  await world.close();
}
const memory = measureCoreMemory(process.env, cliPath);
console.log(`core process RSS ${memory.rssMb.toFixed(1)} MB (≤ 80 MB), JS heap ${memory.heapMb.toFixed(1)} MB`);
