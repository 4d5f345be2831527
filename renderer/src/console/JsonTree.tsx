// A JSON value as a foldable tree, with a search that highlights matching keys and values and
// opens the branches that hold them.
import { useMemo, type ReactNode } from 'react';

/** Past this many nodes the tree costs more than it helps: the raw view is offered instead. */
export const MAX_TREE_NODES = 20_000;

export function countNodes(value: unknown, limit = MAX_TREE_NODES): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length && count <= limit) {
    const next = stack.pop();
    count++;
    if (next && typeof next === 'object') stack.push(...Object.values(next));
  }
  return count;
}

function highlight(text: string, needle: string): ReactNode {
  if (!needle) return text;
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let found = lower.indexOf(needle, at); found >= 0; found = lower.indexOf(needle, at)) {
    parts.push(text.slice(at, found), <mark key={found}>{text.slice(found, found + needle.length)}</mark>);
    at = found + needle.length;
  }
  parts.push(text.slice(at));
  return parts;
}

function contains(value: unknown, needle: string): boolean {
  if (value && typeof value === 'object') return Object.entries(value).some(([key, child]) => key.toLowerCase().includes(needle) || contains(child, needle));
  return JSON.stringify(value).toLowerCase().includes(needle);
}

function Node({ name, value, depth, needle }: { name: string | undefined; value: unknown; depth: number; needle: string }) {
  const label = name === undefined ? null : <span className="json-key">{highlight(name, needle)}: </span>;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const bracket = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const open = depth < 2 || (needle !== '' && contains(value, needle));
    return (
      <details open={open} className="json-node">
        <summary>
          {label}
          <span className="muted">{bracket}</span>
        </summary>
        <div className="json-children">
          {entries.map(([key, child]) => (
            <Node key={key} name={Array.isArray(value) ? undefined : key} value={child} depth={depth + 1} needle={needle} />
          ))}
        </div>
      </details>
    );
  }
  return (
    <div className={`json-leaf json-${value === null ? 'null' : typeof value}`}>
      {label}
      {highlight(JSON.stringify(value), needle)}
    </div>
  );
}

export function JsonTree({ value, search }: { value: unknown; search: string }) {
  const needle = search.trim().toLowerCase();
  const matches = useMemo(() => (needle ? countMatches(value, needle) : 0), [value, needle]);
  return (
    <div className="json-tree" aria-label="JSON response">
      {needle && <p className="muted small-text" role="status">{matches === 1 ? '1 match' : `${matches} matches`}</p>}
      <Node name={undefined} value={value} depth={0} needle={needle} />
    </div>
  );
}

function countMatches(value: unknown, needle: string): number {
  if (value && typeof value === 'object') {
    return Object.entries(value).reduce((sum, [key, child]) => sum + (Array.isArray(value) ? 0 : occurrences(key.toLowerCase(), needle)) + countMatches(child, needle), 0);
  }
  return occurrences(JSON.stringify(value).toLowerCase(), needle);
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
