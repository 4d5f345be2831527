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
import { measureRenderer } from './renderer.js';
import { interleave, median, percentile } from './stats.js';

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const rows: string[][] = [];
function row(what: string, tokendeck: string, baseline: string, ratio: string, target: string) {
  rows.push([what, tokendeck, baseline, ratio, target]);
}
/** For a row whose target is a limit rather than a baseline: the figure as a share of it. */
const ofLimit = (value: number, limit: number) => `${(value / limit).toFixed(2)}× the limit`;

const world = await startVendorWorld();
try {
  // 1. CLI time-to-token and start-up, as whole processes against `node -e 0`.
  const cli = await measureCli(CLI_PATH, world.env);
  const versusNode = (what: string, ms: number, target: string) => row(what, fmt(ms), `${fmt(cli.nodeMs)} (node -e 0)`, `${(ms / cli.nodeMs).toFixed(2)}×`, target);
  versusNode('CLI time-to-token, cached DevToken (whole process)', cli.cachedMs, '≤ 1.3×');
  versusNode('CLI time-to-token, --fresh DevToken (whole process)', cli.freshMs, '≤ 1.6×');
  versusNode('CLI time-to-token, --scheme token (whole process, no keychain)', cli.schemeTokenMs, '≤ 1.2×');
  versusNode('CLI --help (whole process)', cli.helpMs, '≤ 1.2×');

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
  row('Musimap exchange (scheme: request, parse, checks)', fmt(median(exchange.scheme!)), `${fmt(bare)} (bare fetch)`, `${(median(exchange.scheme!) / bare).toFixed(2)}×`, '≤ 1.15×');
  row('Musimap exchange + keychain secret + cache write', fmt(median(exchange.service!)), `${fmt(bare)} (bare fetch)`, `${(median(exchange.service!) / bare).toFixed(2)}×`, '—');

  // 3. Warm in-process DevToken mint: the key already parsed in memory.
  const mints = await measureWarmMint(world);
  row('Warm DevToken mint (in process), median', `${median(mints).toFixed(0)} µs`, '—', '—', '—');
  row('Warm DevToken mint (in process), p99', `${percentile(mints, 99).toFixed(0)} µs`, '—', ofLimit(percentile(mints, 99), 500), '≤ 500 µs');
} finally {
  await world.close();
}

// 4. The request console: one request through the contract against curl on a kept-alive connection.
const consoleFigures = await measureConsole();
row(`Console request through the contract (${consoleFigures.requests} requests, median)`, fmt(consoleFigures.consoleMs), `${fmt(consoleFigures.undiciMs)} (bare undici request(), same connection)`, `${(consoleFigures.consoleMs / consoleFigures.undiciMs).toFixed(2)}×`, '≤ 1.3×');
row('  the same against curl (one process, kept-alive connection)', fmt(consoleFigures.consoleMs), `${fmt(consoleFigures.curlMs)} (curl time_total)`, `${(consoleFigures.consoleMs / consoleFigures.curlMs).toFixed(2)}×`, '—');

// 5. The deck with 1,000 organizations, 10,000 clients and 1,000 live tokens, in Chromium.
// Three page loads, each figure their median: one load's first render moves by ±30% here.
const deckRuns = [await measureRenderer(), await measureRenderer(), await measureRenderer()];
const deck = { ...deckRuns[0]! };
for (const key of Object.keys(deck) as Array<keyof typeof deck>) deck[key] = median(deckRuns.map((run) => run[key]));
row('Deck first render, navigation → deck drawn (1k orgs / 10k clients / 1k tokens)', fmt(deck.firstRenderMs), '—', ofLimit(deck.firstRenderMs, 200), '< 200 ms');
row('  of which rendering after the data arrived', fmt(deck.renderAfterDataMs), '—', '—', '—');
row("  of which the harness's transport (WebSocket + JSON; Electron IPC instead)", fmt(deck.transportMs), '—', '—', '—');
row('  first render less the harness transport (what Electron shows)', fmt(deck.firstRenderMs - deck.transportMs), '—', ofLimit(deck.firstRenderMs - deck.transportMs, 200), '< 200 ms');
row('Countdown tick, main-thread time per second (1k live tokens)', fmt(deck.tickMs), `${fmt(deck.idleMs)}/s idle page`, ofLimit(deck.tickMs, 2), '< 2 ms');
row(`Sidebar scroll, p95 frame time (${deck.scrollFrames} frames)`, fmt(deck.scrollP95FrameMs), '16.7 ms (60 fps)', `${(deck.scrollP95FrameMs / 16.7).toFixed(2)}×`, 'smooth');
row('Renderer JavaScript, gzipped: initial (before first render)', `${deck.jsGzipKb.toFixed(1)} KB`, `${deck.lazyJsGzipKb.toFixed(1)} KB lazy chunks`, ofLimit(deck.jsGzipKb, 80), '≤ 80 KB');
row('Renderer JS heap with the 10k-client vault (deck drawn, after GC)', `${deck.heapMb.toFixed(1)} MB`, '—', ofLimit(deck.heapMb, 20), '≤ 20 MB');

// 5b. A core process alone over the same vault: the built CLI reading all of it.
const memory = measureCoreMemory(process.env);
row('Core process alone (CLI reading the 10k-client vault): RSS / JS heap at exit', `${memory.rssMb.toFixed(1)} MB / ${memory.heapMb.toFixed(1)} MB`, '—', ofLimit(memory.rssMb, 80), 'RSS ≤ 80 MB');

// 6. A team's setup file of 10,000 organizations, imported by the CLI into an empty home.
const imported = await measureImport();
row(`Import of a ${imported.organizations.toLocaleString('en-US')}-organization setup file (whole process, median of ${imported.runs})`, `${imported.seconds.toFixed(2)} s`, '—', ofLimit(imported.seconds, 5), '< 5 s');

const header = ['what', 'Tokendeck', 'baseline', 'ratio', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\nnode ${process.version}, ${process.platform} ${process.arch}\n`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
