// Parsing at the border: every payload from the renderer or the command line goes through a
// zod schema here, and a failure becomes a VALIDATION error that names the field (in its message
// and as its `field`, for a form to show it where it belongs).
import type { z } from 'zod';
import { TokendeckError } from './errors.js';

/** A zod path as Tokendeck writes it: `oauth2.scope`, `clients[0].clientId`; '' for the top level. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path);
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 3).map(describeIssue).join('; ');
  const field = formatPath(result.error.issues[0]?.path ?? []);
  throw new TokendeckError('VALIDATION', `Invalid ${what}: ${details}.`, field ? { field } : {});
}
