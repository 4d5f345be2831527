// `npm run bench`: the speed figures of the tokens, deck and console issues, printed as a table.
// Everything runs on loopback against the vendor stand-ins and the real keychain; targets are
// reported, never asserted (these machines are noisy).
import { musimapBearer } from '../../main/core/schemes/musimap.js';
import type { SchemeInput } from '../../main/core/schemes/types.js';
import { CLI_PATH } from '../support/cli.js';
import { MUSIMAP_CLIENT, startVendorWorld } from '../support/vendors.js';
import { measureCli, measureWarmMint } from './cli.js';
import { measureConsole } from './console.js';
import { measureCoreMemory } from './core-memory.js';
import { measureImport } from './import.js';
import { measureFirstRenders, measureRenderer, writeFloorPages } from './renderer.js';
import { interleave, median, percentile } from './stats.js';

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const rows: string[][] = [];
/**
 * One row: the figure, its floor measured in this run, the ratio of the two and the target. With a
 * `limit` (the target as a number) the last column says whether the target is met (✓) or not (✗).
 */
function row(what: string, figure: string, floor: string, ratio: number | string | undefined, target: string, limit?: number) {
  const verdict = typeof ratio === 'number' && limit !== undefined ? (ratio <= limit ? '✓' : '✗') : '—';
  const ratioText = typeof ratio === 'number' ? `${ratio.toFixed(2)}×` : (ratio ?? '—');
  rows.push([what, figure, floor, ratioText, target, verdict]);
}
/** A row the bench cannot measure: says so and why, never a figure. */
const notMeasured = (what: string, floor: string, target: string, why: string) => rows.push([what, `not measured: ${why}`, floor, '—', target, '—']);
/** For a row whose target is a limit rather than a floor: the figure as a share of it. */
const ofLimit = (value: number, limit: number) => value / limit;
const started = performance.now();

const world = await startVendorWorld();
try {
  // 1. CLI time-to-token and start-up, as whole processes against `node -e 0`.
  const cli = await measureCli(CLI_PATH, world.env);
  const versusNode = (what: string, ms: number, target: number) => row(what, fmt(ms), `${fmt(cli.nodeMs)} (node -e 0, interleaved)`, ms / cli.nodeMs, `≤ ${target}×`, target);
  versusNode('`token`, cached DevToken (whole process, direct)', cli.cachedMs, 1.3);
  // Counted by the agent itself: a run it did not answer would be a direct one under this row's name.
  const agentAnswered = cli.agent !== undefined && cli.agent.answered === cli.agent.runs;
  const throughAgent = (what: string, ms: number | undefined, target: number) => {
    if (agentAnswered && ms !== undefined) versusNode(`${what}, through the agent`, ms, target);
    else notMeasured(`${what}, through the agent`, 'node -e 0', `≤ ${target}×`, `the agent answered ${cli.agent?.answered ?? 0} of ${cli.agent?.runs ?? 0} runs`);
  };
  throughAgent('`token`, cached DevToken', cli.agent?.ms, 1.1);
  versusNode('`token --scheme token` (whole process, direct)', cli.schemeTokenMs, 1.15);
  throughAgent('`token --scheme token`', cli.agent?.schemeTokenMs, 1.15);
  versusNode('`token --fresh` DevToken (whole process, direct)', cli.freshMs, 1.5);
  throughAgent('`token --fresh` DevToken', cli.agent?.freshMs, 1.5);
  versusNode('`--help` (whole process)', cli.helpMs, 1.1);

  // 2. Exchange overhead against a bare fetch of the same loopback endpoint.
  const body = JSON.stringify({ client_id: MUSIMAP_CLIENT.clientId, client_secret: MUSIMAP_CLIENT.secret });
  const { org, client } = world.vault.resolveClient('moodmap', 'prod');
  const input: SchemeInput = {
    org,
    client,
    ttlSeconds: 0,
    timeoutMs: 15_000,
    now: Date.now,
    secret: async () => MUSIMAP_CLIENT.secret,
    session: () => Promise.reject(new Error('a Musimap client has no session')),
    activeKey: () => Promise.reject(new Error('unused')),
    transport: async () => ({}),
  };
  const exchange = await interleave(300, 30, {
    bare: async () => {
      const response = await fetch(world.musimap.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
      await response.json();
    },
    scheme: () => musimapBearer.produce(input),
    service: () => world.core.tokens.credential({ org: 'moodmap', client: 'prod', fresh: true }),
  });
  const bare = median(exchange.bare!);
  const bareFloor = `${fmt(bare)} (bare fetch, same stand-in, interleaved)`;
  row('Musimap exchange incl. keychain read and cache write', fmt(median(exchange.service!)), bareFloor, median(exchange.service!) / bare, '≤ 4×', 4);
  row('  the scheme alone (request, parse, checks)', fmt(median(exchange.scheme!)), bareFloor, median(exchange.scheme!) / bare, '≤ 1.15×', 1.15);

  // 3. Warm in-process DevToken mint: the key already parsed in memory.
  const mints = await measureWarmMint(world);
  row('Warm DevToken mint (in process), median', `${median(mints).toFixed(0)} µs`, '—', undefined, '—');
  row('Warm DevToken mint (in process), p99', `${percentile(mints, 99).toFixed(0)} µs`, '500 µs (the limit)', ofLimit(percentile(mints, 99), 500), '≤ 500 µs', 1);
} finally {
  await world.close();
}

// 4. The request console: one request through the contract against a bare undici request() on
// the same kept-alive connection to the same loopback server (and curl, for reference).
const consoleFigures = await measureConsole();
row(`Console request through the contract (${consoleFigures.requests} requests, median)`, fmt(consoleFigures.consoleMs), `${fmt(consoleFigures.undiciMs)} (bare undici request(), same connection)`, consoleFigures.consoleMs / consoleFigures.undiciMs, '≤ 1.3×', 1.3);
row('  the same against curl (one process, kept-alive connection)', fmt(consoleFigures.consoleMs), `${fmt(consoleFigures.curlMs)} (curl time_total)`, consoleFigures.consoleMs / consoleFigures.curlMs, '—');

// 5. The deck in Chromium. First renders: a floor page (same origin, protocol, shim, stylesheet
// and loader; one static list), the deck over an empty vault and over 1k orgs / 10k clients /
// 1k tokens, loaded in turn, fresh contexts, medians.
const removeFloorPages = writeFloorPages();
try {
  const first = await measureFirstRenders();
  row(`Deck first render, empty vault (navigation → deck drawn, median of ${first.loads})`, fmt(first.emptyMs), `${fmt(first.floorMs)} (floor page: one static list)`, first.emptyMs / first.floorMs, '≤ 1.3×', 1.3);
  row('Deck first render, 1k orgs / 10k clients / 1k tokens', fmt(first.largeMs), `${fmt(first.emptyMs)} (the same deck, empty vault)`, first.largeMs / first.emptyMs, '≤ 1.3×', 1.3);

  // Tick, scroll, size and heap with the large vault: three page loads, each figure their median.
  const deckRuns = [await measureRenderer(), await measureRenderer(), await measureRenderer()];
  const deck = { ...deckRuns[0]! };
  for (const key of Object.keys(deck) as Array<keyof typeof deck>) deck[key] = median(deckRuns.map((run) => run[key]));
  row('  large vault, in the tick runs: navigation → drawn', fmt(deck.firstRenderMs), '—', undefined, '—');
  row('    of which rendering after the data arrived', fmt(deck.renderAfterDataMs), '—', undefined, '—');
  row("    of which the harness's transport (WebSocket + JSON; Electron IPC instead)", fmt(deck.transportMs), '—', undefined, '—');
  row('Countdown tick, 1k live tokens: main-thread time per second', fmt(deck.tickingMs), `${fmt(deck.clockMs)} (a page with one ticking seconds clock)`, deck.tickingMs / deck.clockMs, '≤ 1.2×', 1.2);
  row('  the same page on a view without countdowns', fmt(deck.idleMs), '—', undefined, '—');
  row(`Sidebar scroll, p95 frame time (${deck.scrollFrames} frames)`, fmt(deck.scrollP95FrameMs), '16.7 ms (60 fps)', deck.scrollP95FrameMs / 16.7, 'smooth: ≤ 1.05× (a frame, with rAF jitter)', 1.05);
  row('Renderer JavaScript, gzipped: initial (before first render)', `${deck.jsGzipKb.toFixed(1)} KB`, `80 KB (the limit); ${deck.lazyJsGzipKb.toFixed(1)} KB lazy chunks`, ofLimit(deck.jsGzipKb, 80), '≤ 80 KB', 1);
  row('Renderer JS heap with the 10k-client vault (deck drawn, after GC)', `${deck.heapMb.toFixed(1)} MB`, '20 MB (the limit)', ofLimit(deck.heapMb, 20), '≤ 20 MB', 1);
} finally {
  removeFloorPages();
}

// 5b. A core process alone over the same vault: the built CLI reading all of it.
const memory = measureCoreMemory(process.env);
row('Core process alone (CLI reading the 10k-client vault): RSS / JS heap at exit', `${memory.rssMb.toFixed(1)} MB / ${memory.heapMb.toFixed(1)} MB`, '80 MB RSS (the limit)', ofLimit(memory.rssMb, 80), 'RSS ≤ 80 MB', 1);

// 6. A team's setup file of 10,000 organizations, imported by the CLI into an empty home.
const imported = await measureImport();
row(`Import of a ${imported.organizations.toLocaleString('en-US')}-organization setup file (whole process, median of ${imported.runs})`, `${imported.seconds.toFixed(2)} s`, '5 s (the limit)', ofLimit(imported.seconds, 5), '< 5 s', 1);

const header = ['figure', 'measured', 'floor (same run)', 'ratio', 'target', 'met'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\nnode ${process.version}, ${process.platform} ${process.arch}\n`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(`\n${rows.filter((r) => r[5] === '✓').length} targets met, ${rows.filter((r) => r[5] === '✗').length} missed; bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
