// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// What differs between two JSON bodies (the same request's answers in two environments): the
// keys added, removed and changed, each by its path (`$.user.plan`, `$.items[2]`). Bounded, since
// a body is whatever a server sent: the walk keeps its own stack (a body nested 100,000 deep does
// not overflow the call stack), stops descending below a depth, visits at most so many values and
// lists at most so many entries, counting the rest ("… and N more").

export type JsonDiffKind = 'added' | 'removed' | 'changed';

export interface JsonDiffEntry {
  kind: JsonDiffKind;
  /** `$` is the body itself; `.name` a key, `["odd key"]` one that is no identifier, `[3]` an index. */
  path: string;
  /** The value before (removed, changed), shortened for showing: `"pro"`, `{…} 3 keys`. */
  before?: string;
  /** The value after (added, changed), shortened the same way. */
  after?: string;
}

export interface JsonDiff {
  /** In document order (the first body's, then what the second adds), at most `maxEntries`. */
  entries: JsonDiffEntry[];
  /** Every difference found, listed or not. */
  counts: Record<JsonDiffKind, number>;
  /** Found but not listed: "… and N more". */
  more: number;
  /** Objects or arrays deeper than `maxDepth` on both sides, not compared. */
  notCompared: number;
  /** The walk stopped after `maxNodes` values: there may be differences past that point. */
  stopped: boolean;
}

export interface JsonDiffLimits {
  maxDepth?: number;
  maxEntries?: number;
  maxNodes?: number;
}

export const JSON_DIFF_LIMITS = { maxDepth: 32, maxEntries: 200, maxNodes: 200_000 } as const;

const PREVIEW_CHARS = 60;
const KEY_CHARS = 60;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Task = { compare: true; before: unknown; after: unknown; path: string; depth: number } | { compare: false; entry: JsonDiffEntry };

const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A key's part of a path; a long key is cut (the path is for reading, not for looking up). */
export function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(clip(key, KEY_CHARS))}]`;
}

/** A value as an entry shows it: a scalar as JSON, cut; an object or array by its size. */
export function previewJson(value: unknown): string {
  if (isArray(value)) return value.length === 0 ? '[]' : `[…] ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  if (isObject(value)) {
    const size = Object.keys(value).length;
    return size === 0 ? '{}' : `{…} ${size} ${size === 1 ? 'key' : 'keys'}`;
  }
  return clip(JSON.stringify(value) ?? String(value), PREVIEW_CHARS);
}

/** The differences from `before` to `after` (two parsed JSON values), within the limits. */
export function diffJson(before: unknown, after: unknown, limits: JsonDiffLimits = {}): JsonDiff {
  const { maxDepth, maxEntries, maxNodes } = { ...JSON_DIFF_LIMITS, ...limits };
  const diff: JsonDiff = { entries: [], counts: { added: 0, removed: 0, changed: 0 }, more: 0, notCompared: 0, stopped: false };
  const found = (entry: JsonDiffEntry) => {
    diff.counts[entry.kind]++;
    if (diff.entries.length < maxEntries) diff.entries.push(entry);
    else diff.more++;
  };
  const stack: Task[] = [{ compare: true, before, after, path: '$', depth: 0 }];
  let visited = 0;
  while (stack.length) {
    const task = stack.pop()!;
    if (!task.compare) {
      found(task.entry);
      continue;
    }
    if (++visited > maxNodes) {
      diff.stopped = true;
      break;
    }
    const children = childTasks(task, maxDepth);
    if (children === 'not compared') diff.notCompared++;
    else if (children === 'changed') found({ kind: 'changed', path: task.path, before: previewJson(task.before), after: previewJson(task.after) });
    // Reversed onto the stack, so they come off in document order.
    else for (let at = children.length - 1; at >= 0; at--) stack.push(children[at]!);
  }
  return diff;
}

/** What comparing one pair of values leads to: nothing more, a change, or the pairs and entries beneath. */
function childTasks({ before, after, path, depth }: Extract<Task, { compare: true }>, maxDepth: number): Task[] | 'changed' | 'not compared' {
  const arrays = isArray(before) && isArray(after);
  const objects = isObject(before) && isObject(after);
  if (!arrays && !objects) return before === after ? [] : 'changed';
  if (depth >= maxDepth) return 'not compared';
  const tasks: Task[] = [];
  const pair = (b: unknown, a: unknown, at: string) => tasks.push({ compare: true, before: b, after: a, path: at, depth: depth + 1 });
  const entry = (kind: 'added' | 'removed', value: unknown, at: string) => tasks.push({ compare: false, entry: { kind, path: at, [kind === 'added' ? 'after' : 'before']: previewJson(value) } });
  if (arrays) {
    // By position: an element moved reads as changed, which is what a reader comparing two lists sees.
    const shared = Math.min(before.length, after.length);
    for (let i = 0; i < shared; i++) pair(before[i], after[i], `${path}[${i}]`);
    for (let i = shared; i < before.length; i++) entry('removed', before[i], `${path}[${i}]`);
    for (let i = shared; i < after.length; i++) entry('added', after[i], `${path}[${i}]`);
    return tasks;
  }
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  // Own keys only: JSON.parse makes "__proto__" an ordinary key, and `in` would find Object.prototype's.
  for (const key of Object.keys(b)) {
    if (Object.hasOwn(a, key)) pair(b[key], a[key], path + keySegment(key));
    else entry('removed', b[key], path + keySegment(key));
  }
  for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) entry('added', a[key], path + keySegment(key));
  return tasks;
}

/** "2 added, 1 removed, 3 changed" (the kinds found), or "same keys and values". */
export function summarizeDiff(diff: JsonDiff): string {
  const parts = (['added', 'removed', 'changed'] as const).filter((kind) => diff.counts[kind] > 0).map((kind) => `${diff.counts[kind]} ${kind}`);
  const said = parts.length ? parts.join(', ') : diff.notCompared || diff.stopped ? 'no difference found' : 'same keys and values';
  const notes = [
    ...(diff.notCompared ? [`${diff.notCompared} deeper than ${JSON_DIFF_LIMITS.maxDepth} levels not compared`] : []),
    ...(diff.stopped ? ['stopped early: the bodies are very large'] : []),
  ];
  return notes.length ? `${said} (${notes.join('; ')})` : said;
}

/** One entry as a line: `+ $.beta: true`, `- $.plan: "pro"`, `~ $.count: 1 → 2`. */
export function describeDiffEntry(entry: JsonDiffEntry): string {
  if (entry.kind === 'added') return `+ ${entry.path}: ${entry.after}`;
  if (entry.kind === 'removed') return `- ${entry.path}: ${entry.before}`;
  return `~ ${entry.path}: ${entry.before} → ${entry.after}`;
}

/** A body's text as JSON, or undefined when it is not. */
export function parseJsonBody(text: string): { value: Json } | undefined {
  try {
    return { value: JSON.parse(text) as Json };
  } catch {
    return undefined;
  }
}

/** An answer's body as the comparison takes it: its text, or why there is none ("no answer"). */
export type ComparedBody = { environment: string; text: string } | { environment: string; absent: string };

export type BodyComparison = { environment: string; diff: JsonDiff } | { environment: string; reason: string };

/**
 * Each body against the first one that is JSON (the baseline): its diff, or why there is none.
 * Undefined when no body is JSON.
 */
export function compareWithFirst(bodies: readonly ComparedBody[], limits?: JsonDiffLimits): { baseline: string; comparisons: BodyComparison[] } | undefined {
  const parsed = bodies.map((body) => ({ environment: body.environment, json: 'text' in body ? parseJsonBody(body.text) : undefined, reason: 'absent' in body ? body.absent : 'its body is not JSON' }));
  const first = parsed.find((body) => body.json);
  if (!first) return undefined;
  const comparisons = parsed
    .filter((body) => body !== first)
    .map(({ environment, json, reason }): BodyComparison => (json ? { environment, diff: diffJson(first.json!.value, json.value, limits) } : { environment, reason }));
  return { baseline: first.environment, comparisons };
}
