// Parsing at the border: every payload from the renderer or the command line goes through a
// zod schema here, and a failure becomes a VALIDATION error that names the field (in its message
// and as its `field`, for a form to show it where it belongs).
import type { z } from 'zod';
import { TokendeckError } from './errors.js';
import { closestNames } from './suggest.js';

/** A zod path as Tokendeck writes it: `oauth2.scope`, `clients[0].clientId`; '' for the top level. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

const article = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

const valueAt = (value: unknown, path: ReadonlyArray<PropertyKey>): unknown =>
  path.reduce<unknown>((at, part) => (at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[part] : undefined), value);

/**
 * A sentence for a person instead of zod's own text ("Invalid option: expected one of …"): the
 * values accepted, with the closest to what was typed; the type expected; the fields not known.
 * Only a short string typed where a name was expected is quoted back, never another value.
 */
export function issueWords(issue: z.core.$ZodIssue, value: unknown): string {
  const typed = valueAt(value, issue.path);
  if (issue.code === 'invalid_value' && issue.values.length > 0 && issue.values.every((v) => typeof v === 'string')) {
    const accepted = issue.values as string[];
    if (typeof typed !== 'string' || typed.length > 60) return `must be one of ${accepted.join(', ')}`;
    const close = closestNames(typed, accepted);
    return `must be one of ${accepted.join(', ')}, not "${typed}"${close.length ? ` (did you mean ${close.map((name) => `"${name}"`).join(' or ')}?)` : ''}`;
  }
  if (issue.code === 'invalid_type') return typed === undefined ? `is required (${article(issue.expected)})` : `must be ${article(issue.expected)}`;
  if (issue.code === 'unrecognized_keys') return `${issue.keys.map((key) => `"${key}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a known field' : 'are not known fields'}`;
  return issue.message;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const field = formatPath(issue.path);
  const words = issueWords(issue, value);
  return field ? `${field}: ${words}` : words;
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 3).map((issue) => describeIssue(issue, value)).join('; ');
  const field = formatPath(result.error.issues[0]?.path ?? []);
  throw new TokendeckError('VALIDATION', `Invalid ${what}: ${details}.`, field ? { field } : {});
}
