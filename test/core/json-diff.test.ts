// The JSON diff of "Send to all environments": keys added, removed and changed by path, the same
// as a plain recursive diff wherever the limits do not bite (fast-check), and bounded where a
// server's body is huge or nested deep enough to overflow a recursive walk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithFirst, describeDiffEntry, diffJson, keySegment, summarizeDiff, type JsonDiffEntry } from '../../main/core/console/json-diff.js';

const UNBOUNDED = { maxEntries: Number.POSITIVE_INFINITY, maxDepth: Number.POSITIVE_INFINITY, maxNodes: Number.POSITIVE_INFINITY };
const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' });
const kindAndPath = ({ kind, path }: JsonDiffEntry) => `${kind} ${path}`;

/** The diff written the obvious way (recursive, unbounded): what diffJson must agree with. */
function naiveDiff(before: unknown, after: unknown, path = '$'): string[] {
  const container = (v: unknown) => v !== null && typeof v === 'object';
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push(`removed ${path}[${i}]`);
      else if (i >= before.length) out.push(`added ${path}[${i}]`);
      else out.push(...naiveDiff(before[i], after[i], `${path}[${i}]`));
    }
    return out;
  }
  if (container(before) && container(after) && !Array.isArray(before) && !Array.isArray(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(b)) out.push(...(Object.hasOwn(a, key) ? naiveDiff(b[key], a[key], path + keySegment(key)) : [`removed ${path}${keySegment(key)}`]));
    for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) out.push(`added ${path}${keySegment(key)}`);
    return out;
  }
  return before === after ? [] : [`changed ${path}`];
}

/** `depth` arrays, one inside the other, around `leaf`. */
const nested = (depth: number, leaf: string) => JSON.parse(`${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`) as unknown;

describe('json diff', () => {
  it('names what was added, removed and changed, by path, in document order', () => {
    const dev = { user: { id: 7, plan: 'pro', tags: ['a', 'b'] }, legacy: true, 'rate limit': 100 };
    const staging = { user: { id: 7, plan: 'free', tags: ['a', 'b', 'c'], beta: { on: true } }, 'rate limit': 100 };
    const diff = diffJson(dev, staging);
    expect(diff.entries).toEqual([
      { kind: 'changed', path: '$.user.plan', before: '"pro"', after: '"free"' },
      { kind: 'added', path: '$.user.tags[2]', after: '"c"' },
      { kind: 'added', path: '$.user.beta', after: '{…} 1 key' },
      { kind: 'removed', path: '$.legacy', before: 'true' },
    ]);
    expect(diff.counts).toEqual({ added: 2, removed: 1, changed: 1 });
    expect(summarizeDiff(diff)).toBe('2 added, 1 removed, 1 changed');
    expect(diff.entries.map(describeDiffEntry)).toEqual(['~ $.user.plan: "pro" → "free"', '+ $.user.tags[2]: "c"', '+ $.user.beta: {…} 1 key', '- $.legacy: true']);
  });

  it('says a value that changed type is changed, whole, and quotes keys that are no identifier', () => {
    const diff = diffJson(JSON.parse('{"items": {"a": 1}, "x\\r\\ny": 1, "__proto__": 1}'), JSON.parse('{"items": [1, 2], "x\\r\\ny": 2, "__proto__": 2}'));
    expect(diff.entries).toEqual([
      { kind: 'changed', path: '$.items', before: '{…} 1 key', after: '[…] 2 items' },
      { kind: 'changed', path: '$["x\\r\\ny"]', before: '1', after: '2' },
      { kind: 'changed', path: '$.__proto__', before: '1', after: '2' },
    ]);
  });

  it('finds nothing between a body and itself', () => {
    fc.assert(fc.property(json, (value) => {
      const diff = diffJson(value, structuredClone(value));
      expect(diff.entries).toEqual([]);
      expect(summarizeDiff(diff)).toBe('same keys and values');
    }));
  });

  it('agrees with a plain recursive diff wherever the limits do not bite', () => {
    fc.assert(fc.property(json, json, (before, after) => {
      expect(diffJson(before, after, UNBOUNDED).entries.map(kindAndPath)).toEqual(naiveDiff(before, after));
    }), { numRuns: 300 });
  });

  it('reads the other way round: what one adds the other removes, the same paths changed', () => {
    fc.assert(fc.property(json, json, (before, after) => {
      const there = diffJson(before, after, UNBOUNDED).entries;
      const back = diffJson(after, before, UNBOUNDED).entries;
      const paths = (entries: JsonDiffEntry[], kind: JsonDiffEntry['kind']) => entries.filter((e) => e.kind === kind).map((e) => e.path).sort();
      expect(paths(there, 'added')).toEqual(paths(back, 'removed'));
      expect(paths(there, 'removed')).toEqual(paths(back, 'added'));
      expect(paths(there, 'changed')).toEqual(paths(back, 'changed'));
    }));
  });

  it('lists at most maxEntries, the first ones, and counts every other one as "more"', () => {
    fc.assert(fc.property(json, json, fc.nat(8), (before, after, maxEntries) => {
      const all = diffJson(before, after, UNBOUNDED);
      const some = diffJson(before, after, { ...UNBOUNDED, maxEntries });
      expect(some.entries).toEqual(all.entries.slice(0, maxEntries));
      expect(some.entries.length + some.more).toBe(all.entries.length);
      expect(some.counts).toEqual(all.counts);
    }));
  });

  it('puts no line break or control character in a path or a value shown', () => {
    fc.assert(fc.property(json, json, (before, after) => {
      for (const entry of diffJson(before, after).entries) expect(`${entry.path} ${entry.before ?? ''} ${entry.after ?? ''}`).not.toMatch(/[\u0000-\u001f]/);
    }));
  });

  it('compares bodies nested 100,000 deep without overflowing the stack, the depth below the limit not compared', () => {
    const diff = diffJson(nested(100_000, '1'), nested(100_000, '2'));
    expect(diff).toMatchObject({ entries: [], notCompared: 1, stopped: false });
    expect(summarizeDiff(diff)).toBe('no difference found (1 deeper than 32 levels not compared)');
    // Within the limit the leaf is found, however it is reached.
    expect(diffJson(nested(20, '1'), nested(20, '2')).entries).toEqual([{ kind: 'changed', path: `$${'[0]'.repeat(20)}`, before: '1', after: '2' }]);
  });

  it('lists the first 200 of 100,000 changed keys and says how many more', () => {
    const wide = (value: number) => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, value]));
    const diff = diffJson(wide(1), wide(2));
    expect(diff.entries).toHaveLength(200);
    expect(diff.entries[0]).toEqual({ kind: 'changed', path: '$.k0', before: '1', after: '2' });
    expect(diff.more).toBe(99_800);
    expect(diff.counts.changed).toBe(100_000);
  });

  it('stops after maxNodes values and says so', () => {
    const diff = diffJson(Array.from({ length: 50 }, () => 1), Array.from({ length: 50 }, () => 2), { maxNodes: 11 });
    expect(diff.stopped).toBe(true);
    expect(diff.counts.changed).toBe(10);
    expect(summarizeDiff(diff)).toBe('10 changed (stopped early: the bodies are very large)');
  });

  it('shortens long values and keys', () => {
    const diff = diffJson({ [`k ${'x'.repeat(500)}`]: 'a' }, { [`k ${'x'.repeat(500)}`]: 'b'.repeat(500) });
    const [entry] = diff.entries;
    expect(entry!.path.length).toBeLessThan(80);
    expect(entry!.after!.length).toBe(60);
    expect(entry!.after!.endsWith('…')).toBe(true);
  });
});

describe('comparing answers with the first', () => {
  it('diffs each JSON body against the first JSON one, and says why another has no diff', () => {
    const result = compareWithFirst([
      { environment: 'development', absent: 'no answer' },
      { environment: 'staging', text: '{"plan":"pro"}' },
      { environment: 'qa', text: '<html>' },
      { environment: 'production', text: '{"plan":"free"}' },
    ]);
    expect(result?.baseline).toBe('staging');
    expect(result?.comparisons).toEqual([
      { environment: 'development', reason: 'no answer' },
      { environment: 'qa', reason: 'its body is not JSON' },
      { environment: 'production', diff: expect.objectContaining({ counts: { added: 0, removed: 0, changed: 1 } }) },
    ]);
  });

  it('has nothing to compare when no body is JSON', () => {
    expect(compareWithFirst([{ environment: 'development', text: 'plain' }, { environment: 'staging', absent: 'skipped' }])).toBeUndefined();
  });
});
