// Small statistics for the benchmark: medians, percentiles, and interleaved timing of rivals so
// that machine noise falls on both sides alike.

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** Runs each rival once per round, alternating, after a warm-up; returns the samples in ms. */
export async function interleave(rounds: number, warmup: number, rivals: Record<string, () => Promise<unknown>>): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(rivals).map((name) => [name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [name, run] of Object.entries(rivals)) {
      const started = performance.now();
      await run();
      const elapsed = performance.now() - started;
      if (round >= warmup) samples[name]!.push(elapsed);
    }
  }
  return samples;
}
