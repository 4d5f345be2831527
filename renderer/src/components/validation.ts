// Form validation with the same zod schemas main applies at the border, so the form and main
// agree on what is valid; messages land on the field they are about.
import type { z } from 'zod';

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

/** "a, b ,c" → ["a", "b", "c"] */
export const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
