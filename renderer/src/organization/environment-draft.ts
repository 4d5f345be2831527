// The organization form's environments as typed: one draft per environment, in order, turned into
// the `environments` list the organization's add or update call takes (the whole list). A blank
// field is the organization's value; "none" in allowed origins is an empty list of its own.
import type { OrgEnvironment } from '../../../main/core/model/entities.js';
import { EnvironmentInput } from '../../../main/core/model/inputs.js';
import { Environment } from '../../../main/core/model/primitives.js';
import { splitList, type FieldErrors } from '../components/validation.js';

export interface EnvironmentDraft {
  /** React's key: the stored name of a saved environment, a counter for a new one. */
  key: string;
  /** Saved already: its name is changed with Rename (its clients follow), not here. */
  saved: boolean;
  name: string;
  /** Unset on a new environment until ticked: then it follows the name (production or not). */
  production: boolean | undefined;
  apiBaseUrl: string;
  tokenUrl: string;
  allowedOrigins: string;
  audience: string;
}

/** Typed in allowed origins: only the environment's own API and token URLs, whatever the organization allows. */
export const NO_ORIGINS = 'none';

export function draftOfEnvironment(env: OrgEnvironment): EnvironmentDraft {
  return {
    key: `saved:${env.name}`,
    saved: true,
    name: env.name,
    production: env.production,
    apiBaseUrl: env.apiBaseUrl ?? '',
    tokenUrl: env.tokenUrl ?? '',
    allowedOrigins: env.allowedOrigins === undefined ? '' : env.allowedOrigins.length ? env.allowedOrigins.join(', ') : NO_ORIGINS,
    audience: env.audience ?? '',
  };
}

let added = 0;
export function newEnvironmentDraft(): EnvironmentDraft {
  added += 1;
  return { key: `new:${added}`, saved: false, name: '', production: undefined, apiBaseUrl: '', tokenUrl: '', allowedOrigins: '', audience: '' };
}

/** The name as main will store it ("Prod" → "production"), or the text as typed when it is not a name. */
export function normalizedName(name: string): string {
  const parsed = Environment.safeParse(name);
  return parsed.success ? parsed.data : name.trim();
}

/** Whether the environment is production as shown: ticked, or for a new one unticked, named production. */
export const isProductionDraft = (draft: EnvironmentDraft) => draft.production ?? normalizedName(draft.name) === 'production';

/** The draft as the call takes it; `audience` only where the organization has a signed-JWT profile. */
export function environmentInput(draft: EnvironmentDraft, withAudience: boolean): EnvironmentInput {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const origins = draft.allowedOrigins.trim();
  const fields = {
    apiBaseUrl: text(draft.apiBaseUrl),
    tokenUrl: text(draft.tokenUrl),
    allowedOrigins: origins === '' ? undefined : origins.toLowerCase() === NO_ORIGINS ? [] : splitList(origins),
    audience: withAudience ? text(draft.audience) : undefined,
  };
  return {
    name: draft.name.trim(),
    production: isProductionDraft(draft),
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}

/**
 * Each environment checked with main's own schema, the messages keyed `<index>.<field>` for the
 * field they are about (`<index>.name` for the name); a name given twice is the second one's error.
 */
export function environmentErrors(inputs: readonly EnvironmentInput[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  inputs.forEach((input, index) => {
    const result = EnvironmentInput.safeParse(input);
    if (!result.success) for (const issue of result.error.issues) errors[`${index}.${String(issue.path[0] ?? 'name')}`] ??= issue.message;
    const name = normalizedName(input.name);
    if (seen.has(name)) errors[`${index}.name`] ??= `"${name}" is listed twice`;
    seen.add(name);
  });
  return errors;
}
