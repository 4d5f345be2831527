// Form validation with the same zod schemas main applies at the border, so the form and main
// agree on what is valid; messages land on the field they are about — main's too, when it refuses
// what the form let through (a name that exists already, in another case).
import type { z } from 'zod';
import type { ErrorPayload } from '../../../main/core/errors.js';

export type FieldErrors = Record<string, string>;

export function validate<S extends z.ZodType>(schema: S, value: unknown): { data?: z.output<S>; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return { errors };
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
