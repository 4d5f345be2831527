// Form validation with the same zod schemas main applies at the border, so the form and main
// agree on what is valid; messages land on the field they are about — main's too, when it refuses
// what the form let through (a name that exists already, in another case).
import type { z } from 'zod';
import type { ErrorPayload } from '../../../main/core/errors.js';

export type FieldErrors = Record<string, string>;

/**
 * `lines`: for a field typed one item per line (integration users, catalogs), the line of the
 * textarea each item came from, so an item's error names its line ("line 2: …").
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, lines: Record<string, number[]> = {}): { data?: z.output<S>; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    const index = issue.path[1];
    const line = typeof index === 'number' ? lines[key]?.[index] : undefined;
    const part = typeof issue.path[2] === 'string' ? ` (${issue.path[2]})` : '';
    errors[key] ??= line === undefined ? issue.message : `line ${line}${part}: ${issue.message}`;
  }
  return { errors };
}

/** The non-blank lines of a textarea, each with its 1-based line number. */
export function filledLines(text: string): Array<{ text: string; line: number }> {
  return text
    .split('\n')
    .map((line, index) => ({ text: line.trim(), line: index + 1 }))
    .filter((entry) => entry.text !== '');
}

/**
 * Where a failed call's error goes in a form: main's verdict on one of the form's `shown` fields
 * goes under that field, anything else to the form's error notice. `within`: where the form's
 * fields sit in the call's payload ('client' in client.add's `{ org, client }`); main names a field
 * by its path in the payload (`client.oauth2.scope`) or in the entity it checks (`name`).
 */
export function placeError(error: ErrorPayload | undefined, shown: readonly string[], within?: string): { fields: FieldErrors; notice: ErrorPayload | undefined } {
  const path = error?.code === 'VALIDATION' && error.field ? (within && error.field.startsWith(`${within}.`) ? error.field.slice(within.length + 1) : error.field) : '';
  const field = /^[^.[]+/.exec(path)?.[0];
  if (!error || !field || !shown.includes(field)) return { fields: {}, notice: error };
  return { fields: { [field]: error.message }, notice: undefined };
}

/** "a, b ,c" → ["a", "b", "c"] */
export const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
