// Only the deck's rows of `npm run bench` (section 5), for working on the renderer:
// `npm run build && sh test/with-keyring.sh npx tsx test/bench/renderer-only.ts`. With
// COMPARE_WITH=<a built renderer directory>, runs it and the current build in turn (RUNS rounds)
// and prints the medians of both.
import fs from 'node:fs';
import { RENDERER_DIR } from '../harness/server.js';
import { measureRenderer, type RendererFigures } from './renderer.js';
import { median } from './stats.js';

const runs = Number(process.env.RUNS ?? 1);
const other = process.env.COMPARE_WITH;
const current = `${RENDERER_DIR}.current`;
if (other) fs.cpSync(RENDERER_DIR, current, { recursive: true });
const figures: Record<string, RendererFigures[]> = { current: [], other: [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const [name, dir] of other ? ([['other', other], ['current', current]] as const) : ([['current', undefined]] as const)) {
      if (dir) {
        fs.rmSync(RENDERER_DIR, { recursive: true, force: true });
        fs.cpSync(dir, RENDERER_DIR, { recursive: true });
      }
      const result = await measureRenderer();
      figures[name]!.push(result);
      console.log(name, JSON.stringify(result));
    }
  }
} finally {
  if (other) {
    fs.rmSync(RENDERER_DIR, { recursive: true, force: true });
    fs.renameSync(current, RENDERER_DIR);
  }
}
for (const [name, list] of Object.entries(figures)) {
  if (list.length === 0) continue;
  const keys = Object.keys(list[0]!) as (keyof RendererFigures)[];
  console.log(name, Object.fromEntries(keys.map((k) => [k, Number(median(list.map((f) => f[k])).toFixed(2))])));
}
