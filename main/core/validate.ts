// Parsing at the border: every payload from the renderer or the command line goes through a
// zod schema here, and a failure becomes a VALIDATION error that names the field.
import type { z } from 'zod';
import { TokendeckError } from './errors.js';

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 3).map(describeIssue).join('; ');
  throw new TokendeckError('VALIDATION', `Invalid ${what}: ${details}.`);
}
