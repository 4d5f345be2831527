// The deck's speed with a large vault (1,000 organizations, 10,000 clients, 1,000 live tokens) in
// headless Chromium through the harness: first render, the cost of the once-a-second countdown
// tick (Chromium's own main-thread task time, via the DevTools Performance domain), frame times
// while scrolling the 10,000-client sidebar, and the renderer's gzipped JavaScript (what loads
// before the first render, and the chunks of views opened later). The harness carries the
// contract over a WebSocket as JSON where Electron uses its own IPC: that part of the first
// render is measured on its own, so the figure can say what an Electron user would see.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { OsKeychain } from '../../main/core/keychain.js';
import { STORE_SCHEMA_VERSION } from '../../main/core/model/primitives.js';
import type { VaultData } from '../../main/core/model/entities.js';
import { openCore } from '../../main/core/open-vault.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';
import { launchChromium } from '../harness/browser.js';
import { type Harness, RENDERER_DIR, startHarness } from '../harness/server.js';
import { median, percentile } from './stats.js';

export interface RendererFigures {
  tickingMs: number;
  idleMs: number;
  /** The floor of the tick: main-thread time per second of a page with one ticking seconds clock. */
  clockMs: number;
  firstRenderMs: number;
  renderAfterDataMs: number;
  /** The start-up calls' round trip through the harness, minus the same handlers called in Node. */
  transportMs: number;
  tickMs: number;
  scrollP95FrameMs: number;
  scrollFrames: number;
  /** What the page loads before its first render: the entry and its static imports. */
  jsGzipKb: number;
  /** The chunks loaded only when a view is opened. */
  lazyJsGzipKb: number;
  /** The page's JS heap after a garbage collection, the deck drawn with the large vault. */
  heapMb: number;
}

const ENVIRONMENTS = ['development', 'staging', 'production', 'qa', 'demo'];

/** Written straight to the store file: ten thousand one-by-one vault writes would take minutes. */
export function largeVaultForTest(): VaultData {
  return largeVault();
}

function largeVault(): VaultData {
  const now = Date.now();
  const created = new Date(now).toISOString();
  const data: VaultData = { schemaVersion: STORE_SCHEMA_VERSION, organizations: [], clients: [], keys: [], tokens: [], trash: [] };
  for (let o = 0; o < 1_000; o++) {
    const provider = (['musicapi', 'musimap', 'oauth2'] as const)[o % 3]!;
    const org = {
      id: randomUUID(),
      name: `org-${String(o).padStart(4, '0')}`,
      provider,
      apiBaseUrl: `https://api${o}.example.com`,
      ...(provider === 'musicapi' ? {} : { tokenUrl: `https://auth${o}.example.com/token` }),
      allowedOrigins: [],
      environments: ENVIRONMENTS.map((name) => ({ name, production: name === 'production' })),
      catalogs: [],
      createdAt: created,
    };
    data.organizations.push(org);
    for (let c = 0; c < 10; c++) {
      const client = {
        id: randomUUID(),
        organizationId: org.id,
        name: `client-${c}`,
        environment: ENVIRONMENTS[c % ENVIRONMENTS.length]!,
        clientId: randomUUID(),
        // No secrets in the keychain for these: a flag without its entry would be a disagreement
        // the deck reports (the keychain audit), which is not what this benchmark measures.
        hasSecret: false,
        integrationUsers: [],
        defaultScheme: provider === 'musicapi' ? ('devtoken' as const) : ('bearer' as const),
        autoRefresh: false,
        createdAt: created,
      };
      data.clients.push(client);
      if (data.tokens.length < 1_000 && c === 0) {
        data.tokens.push({
          id: randomUUID(),
          clientRef: client.id,
          scheme: client.defaultScheme,
          cacheKey: 'bench',
          issuedAt: new Date(now - 60_000).toISOString(),
          expiresAt: new Date(now + 3_600_000 + o * 1_000).toISOString(),
        });
      }
    }
  }
  return data;
}

/**
 * The renderer's JavaScript, gzipped: the initial part (index.html's entry script and module
 * preloads, and every chunk they import statically) and the rest (chunks only `import()` loads).
 */
function rendererJsGzipKb(): { initial: number; lazy: number } {
  const assets = path.join(RENDERER_DIR, 'assets');
  const html = fs.readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  for (const file of initial) {
    // Static imports only (`from"./x.js"`, `import"./x.js"`); `import("./x.js")` is a lazy chunk.
    for (const m of fs.readFileSync(path.join(assets, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) initial.add(m[1]!);
  }
  const kb = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(assets, f))).byteLength, 0) / 1024;
  const all = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  return { initial: kb([...initial]), lazy: kb(all.filter((f) => !initial.has(f))) };
}

/**
 * The harness's share of the first render: the start-up calls (outline and tokens, together as the
 * page makes them) timed in the page, minus the same handlers dispatched in Node. What is left is
 * the WebSocket and the JSON on both sides, which Electron's IPC replaces.
 */
async function harnessTransportMs(page: Page, core: ReturnType<typeof openCore>): Promise<number> {
  const handlers = createHandlers(core, new ClipboardGuard({ writeSecret: () => {}, writeText: () => {}, readText: () => '', clear: () => {} }));
  const inNode: number[] = [];
  const inPage: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    await Promise.all([dispatch(handlers, 'vault.outline', {}), dispatch(handlers, 'tokens.list', {})]);
    inNode.push(performance.now() - start);
    inPage.push(
      (await page.evaluate(`(async () => {
        const start = performance.now();
        await Promise.all([window.tokendeck.vault.outline({}), window.tokendeck.tokens.list({})]);
        return performance.now() - start;
      })()`)) as number,
    );
  }
  return Math.max(0, median(inPage) - median(inNode));
}

/**
 * Floor pages served by the harness beside the deck (same origin, same protocol, the same shim and
 * stylesheet, the same module loader): `bench-floor.html` draws one static list and marks
 * 'deck-rendered' as the deck does; `bench-clock.html` shows one seconds clock ticking once a
 * second. Written into the built renderer for the run and removed after it.
 */
const FLOOR_SCRIPTS = {
  'bench-floor': `performance.mark('app-start');
const list = document.createElement('ul');
for (const name of ['acme', 'moodmap', 'globex']) { const item = document.createElement('li'); item.textContent = name; list.append(item); }
document.getElementById('root').append(list);
performance.mark('deck-rendered');
`,
  'bench-clock': `const clock = document.createElement('p');
document.getElementById('root').append(clock);
const tick = () => { clock.textContent = new Date().toLocaleTimeString(); };
tick();
setInterval(tick, 1000);
`,
} as const;

export function writeFloorPages(): () => void {
  const html = fs.readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8').replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
  const written: string[] = [];
  for (const [name, source] of Object.entries(FLOOR_SCRIPTS)) {
    const script = path.join(RENDERER_DIR, 'assets', `${name}.js`);
    const page = path.join(RENDERER_DIR, `${name}.html`);
    fs.writeFileSync(script, source);
    fs.writeFileSync(page, html.replace(/src="\.\/assets\/index-[^"]+\.js"/, `src="./assets/${name}.js"`));
    written.push(script, page);
  }
  return () => written.forEach((file) => fs.rmSync(file, { force: true }));
}

/** Main-thread task time per second (Chromium's TaskDuration) of a page, over `seconds`. */
async function taskMsPerSecond(page: Page, seconds: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  const before = await taskSeconds();
  await page.waitForTimeout(seconds * 1_000);
  return (((await taskSeconds()) - before) * 1_000) / seconds;
}

/** The tick's floor: a page with one ticking seconds clock, in the same browser, 10 s. */
async function clockPageMs(browser: Awaited<ReturnType<typeof launchChromium>>, deckUrl: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  try {
    await page.goto(deckUrl.replace('index.html', 'bench-clock.html'));
    await page.waitForTimeout(1_000);
    return await taskMsPerSecond(page, 10);
  } finally {
    await page.close();
  }
}

/** Navigation → 'deck-rendered' of one fresh load (a new browser context: nothing cached). */
async function firstRenderMs(browser: Awaited<ReturnType<typeof launchChromium>>, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const until = Date.now() + 30_000;
    while (!(await page.evaluate("performance.getEntriesByName('deck-rendered').length > 0"))) {
      if (Date.now() > until) throw new Error(`${url} did not render within 30 s`);
      await page.waitForTimeout(20);
    }
    return (await page.evaluate("performance.getEntriesByName('deck-rendered')[0].startTime")) as number;
  } finally {
    await context.close();
  }
}

export interface FirstRenderFigures {
  floorMs: number;
  emptyMs: number;
  largeMs: number;
  loads: number;
}

/**
 * First render, three pages interleaved load by load in one browser: the floor page, the deck over
 * an empty vault, the deck over the large vault (two harnesses, one per vault). Medians.
 */
export async function measureFirstRenders(loads = 7): Promise<FirstRenderFigures> {
  const homes = [fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bench-')), fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bench-'))] as const;
  fs.writeFileSync(path.join(homes[1], 'vault.json'), JSON.stringify(largeVault()));
  const clipboard = { writeSecret: () => {}, writeText: () => {}, readText: () => '', clear: () => {} };
  const harnesses = await Promise.all(homes.map((home) => startHarness(openCore({ home, keychain: new OsKeychain(`tokendeck-bench-${randomUUID()}`) }), { home, clipboard, tickMs: 0 })));
  const [emptyDeck, largeDeck] = harnesses as [Harness, Harness];
  const browser = await launchChromium();
  const samples = { floor: [] as number[], empty: [] as number[], large: [] as number[] };
  try {
    // One warm-up round, not counted.
    for (let round = 0; round <= loads; round++) {
      const floor = await firstRenderMs(browser, emptyDeck.url.replace('index.html', 'bench-floor.html'));
      const empty = await firstRenderMs(browser, emptyDeck.url);
      const large = await firstRenderMs(browser, largeDeck.url);
      if (round === 0) continue;
      samples.floor.push(floor);
      samples.empty.push(empty);
      samples.large.push(large);
    }
    if (process.env.BENCH_DEBUG) console.log(samples);
    return { floorMs: median(samples.floor), emptyMs: median(samples.empty), largeMs: median(samples.large), loads };
  } finally {
    await browser.close();
    await Promise.all(harnesses.map((harness) => harness.close()));
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  }
}

export async function measureRenderer(): Promise<RendererFigures> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bench-'));
  fs.writeFileSync(path.join(home, 'vault.json'), JSON.stringify(largeVault()));
  const core = openCore({ home, keychain: new OsKeychain(`tokendeck-bench-${randomUUID()}`) });
  const harness = await startHarness(core, { home, clipboard: { writeSecret: () => {}, writeText: () => {}, readText: () => '', clear: () => {} }, tickMs: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(harness.url);
    // Polled from here: the page's CSP (no eval) forbids waitForFunction's in-page predicate.
    const until = Date.now() + 30_000;
    while (!(await page.evaluate("performance.getEntriesByName('deck-rendered').length > 0"))) {
      if (Date.now() > until) throw new Error('The deck did not render within 30 s');
      await page.waitForTimeout(20);
    }
    const marks = (await page.evaluate(
      "({ start: performance.getEntriesByName('app-start')[0].startTime, rendered: performance.getEntriesByName('deck-rendered')[0].startTime, data: performance.getEntriesByName('deck-data')[0].startTime })",
    )) as { start: number; rendered: number; data: number };
    if (process.env.BENCH_DEBUG) console.log(marks);
    await page.getByRole('row', { name: /token org-0000/ }).waitFor();

    // Main-thread time per second from Chromium's own counters: with the Live tokens view ticking,
    // minus the same page idling on a view without countdowns (Chromium's own housekeeping).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
    const perSecond = async (seconds: number) => {
      const all = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const b = await all();
      const before = await taskSeconds();
      await page.waitForTimeout(seconds * 1_000);
      const a = await all();
      if (process.env.BENCH_DEBUG) for (const k of ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration', 'LayoutCount', 'RecalcStyleCount', 'Nodes']) console.log(k, ((a[k]! - b[k]!) * (k.endsWith('Duration') ? 1000 / seconds : 1 / seconds)).toFixed(3));
      return (((await taskSeconds()) - before) * 1_000) / seconds;
    };
    // The page's own JS heap with the whole vault drawn, after a full collection (CDP).
    await cdp.send('HeapProfiler.collectGarbage');
    const heapMb = (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    const transportMs = await harnessTransportMs(page, core);
    const ticking = await perSecond(10);
    await page.getByRole('treeitem', { name: 'org-0000 (musicapi)' }).click();
    await page.getByRole('article', { name: 'Organization org-0000' }).waitFor();
    const idle = await perSecond(10);
    const tickMs = ticking - idle;
    await page.getByRole('button', { name: /Live tokens/ }).click();
    const clockMs = await clockPageMs(browser, harness.url);

    // Frame times while the 10,000-client sidebar scrolls.
    // A string, not a function: tsx's helpers would not exist in the page.
    await page.evaluate(`(() => {
      const frames = [];
      window.__frames = frames;
      let last = 0;
      const loop = (t) => {
        if (last) frames.push(t - last);
        last = t;
        if (frames.length < 10000) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    })()`);
    const list = page.locator('.sidebar-list');
    await list.hover();
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 900);
      await page.waitForTimeout(16);
    }
    const frames = (await page.evaluate('window.__frames.slice(1)')) as number[];
    const js = rendererJsGzipKb();
    return {
      firstRenderMs: marks.rendered,
      renderAfterDataMs: marks.rendered - marks.data,
      transportMs,
      tickMs,
      tickingMs: ticking,
      idleMs: idle,
      clockMs,
      scrollP95FrameMs: percentile(frames, 95),
      scrollFrames: frames.length,
      jsGzipKb: js.initial,
      lazyJsGzipKb: js.lazy,
      heapMb,
    };
  } finally {
    await browser.close();
    await harness.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
