// The environments a connection asks for, as the organization step edits them: names, production
// marks and each one's URLs, the first environment's URLs filling in the others until the user
// types one of their own. What is stored: the organization's URLs are the first environment's, and
// each other environment overrides only the URLs where it differs.
import type { EnvironmentInput } from '../../../main/core/model/inputs.js';
import { STANDARD_ENVIRONMENTS } from '../../../main/core/model/primitives.js';
import type { ProviderSpec } from '../../../main/core/providers/spec.js';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { capitalized } from '../components/format.js';
import { placeError, type FieldErrors } from '../components/validation.js';
import { environmentErrors, normalizedName } from '../organization/environment-draft.js';

export type UrlField = 'tokenUrl' | 'apiBaseUrl';
export const URL_FIELDS: readonly UrlField[] = ['tokenUrl', 'apiBaseUrl'];

export interface EnvironmentDraft {
  /** Stable across renames, for React's list keys. */
  key: number;
  name: string;
  /** Ticked or unticked by hand; unset, an environment named production is production. */
  production?: boolean;
  /** What was typed in each URL field; unset: the first environment's value shows (and is stored). */
  urls: Partial<Record<UrlField, string>>;
}

let nextKey = 1;
const draft = (name: string, urls: EnvironmentDraft['urls'] = {}): EnvironmentDraft => ({ key: nextKey++, name, urls });

/** Development, staging and production, the first holding the URLs given (a preset's API URL). */
export function defaultEnvironments(first: EnvironmentDraft['urls'] = {}): EnvironmentDraft[] {
  return STANDARD_ENVIRONMENTS.map((name, index) => draft(name, index === 0 ? first : {}));
}

/** The URL an environment's field shows: its own once typed, else the first environment's. */
export function shownUrl(drafts: readonly EnvironmentDraft[], index: number, field: UrlField): string {
  return drafts[index]?.urls[field] ?? drafts[0]?.urls[field] ?? '';
}

/** Whether the field shows the first environment's value (it follows it until typed in). */
export const followsFirst = (drafts: readonly EnvironmentDraft[], index: number, field: UrlField) => index > 0 && drafts[index]?.urls[field] === undefined;

export const isProduction = (env: EnvironmentDraft) => env.production ?? normalizedName(env.name) === 'production';

export function withUrl(drafts: readonly EnvironmentDraft[], index: number, field: UrlField, value: string): EnvironmentDraft[] {
  return drafts.map((env, at) => (at === index ? { ...env, urls: { ...env.urls, [field]: value } } : env));
}

export function withName(drafts: readonly EnvironmentDraft[], index: number, name: string): EnvironmentDraft[] {
  return drafts.map((env, at) => (at === index ? { ...env, name } : env));
}

export function withProduction(drafts: readonly EnvironmentDraft[], index: number, production: boolean): EnvironmentDraft[] {
  return drafts.map((env, at) => (at === index ? { ...env, production } : env));
}

/** A new environment at the end, unnamed, following the first's URLs. */
export const withAdded = (drafts: readonly EnvironmentDraft[]): EnvironmentDraft[] => [...drafts, draft('')];

/**
 * Without the environment at `index`. Removing the first makes the next one first: it keeps the
 * URLs it showed, and those that followed the old first now follow it where it showed the same.
 */
export function withoutEnvironment(drafts: readonly EnvironmentDraft[], index: number): EnvironmentDraft[] {
  if (index !== 0) return drafts.filter((_, at) => at !== index);
  const rest = drafts.slice(1);
  const shown = (at: number, field: UrlField) => shownUrl(drafts, at + 1, field);
  return rest.map((env, at) => ({
    ...env,
    urls: Object.fromEntries(URL_FIELDS.flatMap((field) => {
      const value = shown(at, field);
      // The new first keeps every value it showed; the others keep only what differs from it.
      if (at === 0) return value === '' ? [] : [[field, value]];
      return env.urls[field] === undefined && value === shown(0, field) ? [] : [[field, value]];
    })),
  }));
}

/** What the organization is created with: the first environment's URLs, the others' overrides. */
export interface EnvironmentsInput {
  apiBaseUrl?: string;
  tokenUrl?: string;
  environments: EnvironmentInput[];
}

/**
 * `fields`: the URL fields the form shows (a signed-JWT profile that exchanges nothing has no
 * token URL). A blank field of a later environment is the first's value.
 */
export function environmentsInput(drafts: readonly EnvironmentDraft[], fields: readonly UrlField[]): EnvironmentsInput {
  const firstValue = (field: UrlField) => shownUrl(drafts, 0, field).trim();
  const orgUrls = Object.fromEntries(fields.filter((f) => firstValue(f) !== '').map((f) => [f, firstValue(f)]));
  const environments = drafts.map((env, index) => {
    const overrides = index === 0 ? [] : fields.flatMap((field) => {
      const value = shownUrl(drafts, index, field).trim();
      return value !== '' && value !== firstValue(field) ? [[field, value]] : [];
    });
    return { name: env.name.trim(), production: isProduction(env), ...Object.fromEntries(overrides) } as EnvironmentInput;
  });
  return { ...orgUrls, environments };
}

/** Where an error of one environment's field goes: `<index>.<field>`. */
export const draftField = (index: number, field: 'name' | UrlField) => `${index}.${field}`;

/**
 * Main's schema on each environment as it will be sent, keyed `<index>.<field>`: names (an alias
 * is the same name, so "dev" beside development is twice) and the URLs it sets itself. The first
 * environment's URLs are the organization's, checked with it (`organizationErrors`).
 */
export const environmentProblems = (drafts: readonly EnvironmentDraft[], fields: readonly UrlField[]): FieldErrors => environmentErrors(environmentsInput(drafts, fields).environments);

/**
 * Where a verdict on `org.add`'s input goes in the form: an organization URL is the first
 * environment's; `environments[2].tokenUrl` the third's.
 */
function draftFieldOf(field: string | undefined): string | undefined {
  if (field === 'tokenUrl' || field === 'apiBaseUrl') return draftField(0, field);
  const match = /^environments\[(\d+)\](?:\.(name|tokenUrl|apiBaseUrl))?/.exec(field ?? '');
  return match ? draftField(Number(match[1]), (match[2] as 'name' | UrlField | undefined) ?? 'name') : undefined;
}

/** The organization schema's verdicts, its URLs' moved to the first environment's fields. */
export function organizationErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).flatMap(([field, message]) => {
    if (field === 'environments') return []; // environmentProblems says which, under the field
    return [[draftFieldOf(field) ?? field, message]];
  }));
}

/** Main's refusal of `org.add`: under an environment's field, one of `shown`, or in the notice. */
export function placeEnvironmentError(error: ErrorPayload | undefined, shown: readonly string[]): { fields: FieldErrors; notice: ErrorPayload | undefined } {
  const at = error?.code === 'VALIDATION' ? draftFieldOf(error.field) : undefined;
  return at ? { fields: { [at]: error!.message }, notice: undefined } : placeError(error, shown);
}

// ---- the clients made for them

const SHORT_NAMES = new Map([
  ['development', 'dev'],
  ['production', 'prod'],
]);

/**
 * The name of the client the connection makes in `environment`: the provider's one client's name
 * where the organization has one environment (svc, app), else the environment's short name.
 */
export function clientNameIn(spec: ProviderSpec, environment: string, environmentCount: number): string {
  if (environmentCount <= 1 && spec.connect.client.name) return spec.connect.client.name;
  return SHORT_NAMES.get(environment.toLowerCase()) ?? environment;
}

/** "Staging": an environment's name as a label starts. */
export const environmentLabel = capitalized;
