// Counts the fault and bad-input suite reports at the end of `npm test` (handlers fuzzed, fault
// cases tried, leak-scan hits): each test file appends lines to one file, the summary reporter
// adds them up. Files run in separate workers, so the tally lives on disk.
import fs from 'node:fs';
import path from 'node:path';

export const FAULT_COUNTS_FILE = path.resolve('test-results', 'fault-counts.jsonl');

export type FaultCount = 'handlers fuzzed' | 'fuzz cases' | 'fault cases' | 'leak-scan values' | 'leak-scan hits';

export function recordCount(kind: FaultCount, count: number): void {
  fs.mkdirSync(path.dirname(FAULT_COUNTS_FILE), { recursive: true });
  fs.appendFileSync(FAULT_COUNTS_FILE, `${JSON.stringify({ kind, count })}\n`);
}

export function readCounts(): Map<FaultCount, number> {
  const totals = new Map<FaultCount, number>();
  const text = fs.existsSync(FAULT_COUNTS_FILE) ? fs.readFileSync(FAULT_COUNTS_FILE, 'utf8') : '';
  for (const line of text.split('\n').filter(Boolean)) {
    const { kind, count } = JSON.parse(line) as { kind: FaultCount; count: number };
    totals.set(kind, (totals.get(kind) ?? 0) + count);
  }
  return totals;
}
