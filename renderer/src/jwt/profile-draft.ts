// A signed-JWT profile as the form holds it (text in every field) and back: durations typed as
// "20m" or "6h", the scope one entry per line, the extra claims as JSON. The verdicts are
// profileProblems', the same rules main applies, each under the field it names.
import { parseDuration } from '../../../main/core/duration.js';
import { JwtProfile as JwtProfileSchema, type JwtProfile } from '../../../main/core/model/entities.js';
import { presetProfile, profileProblems, type JwtAlgorithm, type JwtExchange, type JwtPreset } from '../../../main/core/jwt-profile.js';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { filledLines, validate, type FieldErrors } from '../components/validation.js';

export interface ProfileDraft {
  preset: JwtPreset;
  alg: JwtAlgorithm;
  typ: string;
  kid: boolean;
  iss: string;
  sub: string;
  aud: string;
  nbf: boolean;
  jti: boolean;
  scope: string;
  claims: string;
  ttl: string;
  maxTtl: string;
  iatBackdate: string;
  word: string;
  exchange: JwtExchange;
}

/** 15777000 → "182d14h30m": the shortest text parseDuration reads back to the same seconds. */
export function durationText(seconds: number): string {
  if (seconds === 0) return '0s';
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]];
  let rest = seconds;
  let text = '';
  for (const [name, size] of units) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${name}`;
      rest %= size;
    }
  }
  return text;
}

export function draftOfProfile(profile: JwtProfile): ProfileDraft {
  return {
    preset: profile.preset,
    alg: profile.alg,
    typ: profile.typ ?? '',
    kid: profile.kid,
    iss: profile.iss ?? '',
    sub: profile.sub ?? '',
    aud: profile.aud ?? '',
    nbf: profile.nbf,
    jti: profile.jti,
    scope: profile.scope?.join('\n') ?? '',
    claims: profile.claims ? JSON.stringify(profile.claims, null, 2) : '',
    ttl: durationText(profile.ttlSeconds),
    maxTtl: durationText(profile.maxTtlSeconds),
    iatBackdate: durationText(profile.iatBackdateSeconds),
    word: profile.word,
    exchange: profile.exchange,
  };
}

export const presetDraft = (preset: JwtPreset) => draftOfProfile(presetProfile(preset));

const blank = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** The profile the draft describes, and what is wrong with it by field (`ttlSeconds`, `claims`…). */
export function profileOfDraft(draft: ProfileDraft): { profile: JwtProfile; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const seconds = (text: string, field: string) => {
    try {
      return parseDuration(text, field);
    } catch {
      errors[field] = `"${text}" is not a duration: type e.g. 20m, 6h, 1d or 600 (seconds)`;
      return Number.NaN;
    }
  };
  let claims: Record<string, unknown> | undefined;
  if (blank(draft.claims)) {
    try {
      const parsed: unknown = JSON.parse(draft.claims);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) errors.claims = 'extra claims are a JSON object, like {"origin": ["https://example.com"]}';
      else claims = parsed as Record<string, unknown>;
    } catch (error) {
      errors.claims = `not JSON: ${(error as Error).message}`;
    }
  }
  const scope = filledLines(draft.scope).map((line) => line.text);
  const profile: JwtProfile = {
    preset: draft.preset,
    alg: draft.alg,
    typ: blank(draft.typ),
    kid: draft.kid,
    iss: blank(draft.iss),
    sub: blank(draft.sub),
    aud: blank(draft.aud),
    nbf: draft.nbf,
    jti: draft.jti,
    scope: scope.length ? scope : undefined,
    claims,
    ttlSeconds: seconds(draft.ttl, 'ttlSeconds'),
    maxTtlSeconds: seconds(draft.maxTtl, 'maxTtlSeconds'),
    iatBackdateSeconds: seconds(draft.iatBackdate, 'iatBackdateSeconds'),
    word: draft.word.trim(),
    exchange: draft.exchange,
  };
  for (const problem of profileProblems(profile)) errors[problem.field] ??= problem.message;
  // Fields that are undefined are left out, so the profile is what main's schema takes as is.
  const sent = Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)) as unknown as JwtProfile;
  // Main's schema too, for what profileProblems leaves to it (a claim name over 100 characters).
  for (const [field, message] of Object.entries(validate(JwtProfileSchema, sent).errors)) errors[field] ??= message;
  return { profile: sent, errors };
}

/**
 * Main's verdict on one of the profile's fields (`jwt.ttlSeconds`, or `changes.jwt.ttlSeconds` in
 * an edit), keyed as the profile's own errors are; anything else is left to the caller.
 */
export function profileErrorOf(error: ErrorPayload | undefined): FieldErrors {
  const field = error?.code === 'VALIDATION' ? error.field : undefined;
  const match = field ? /^(?:changes\.)?jwt\.([A-Za-z]+)/.exec(field) : null;
  return match ? { [match[1]!]: error!.message } : {};
}
