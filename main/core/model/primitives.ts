// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The vault model's building blocks: names, environments, plain text, URLs, origins, UUIDs and
// lifetimes as zod schemas, and the kit a provider's settings schema is built with
// (providers/*.ts take it as an argument, so they load no zod themselves).
import { z } from 'zod';
import { TokendeckError } from '../errors.js';
import { lazySchema } from '../lazy-schema.js';
import { UUID_PATTERN } from '../providers/uuid.js';
import { formatSecretReference, parseSecretReference } from '../sources/reference.js';

// No code generation: each process parses the store a few times at most, where zod's compiled
// parsers cost more to build than they save (~7 ms per CLI run), and main needs no eval.
z.config({ jitless: true });

/**
 * 3: a client's secret and a key's private half may be read from a source outside the keychain
 * (`secretSource`, `privateKeySource`); 2: environments on the organization (URLs and origins per
 * environment); 1 had them only as client labels.
 */
export const STORE_SCHEMA_VERSION = 3;
export { sameName, STANDARD_ENVIRONMENTS } from './names.js';
import { sameName } from './names.js';

// A Map, not an object literal: a typed name like "constructor" must not find Object.prototype's.
const ENVIRONMENT_ALIASES = new Map([
  ['dev', 'development'],
  ['develop', 'development'],
  ['stage', 'staging'],
  ['prod', 'production'],
]);

/** The short names that mean `name` (`dev`, `develop` for development), for a "did you mean" to match. */
export const environmentAliasesOf = (name: string): string[] => [...ENVIRONMENT_ALIASES].filter(([, long]) => sameName(long, name)).map(([short]) => short);

// Names appear in `<org>/<client>` paths and keychain accounts: no slash, no spaces.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The name rule in words, shown under Name fields before anything is submitted. */
export const NAME_RULE = 'Letters, digits, ".", "_" or "-", starting with a letter or digit; no spaces; at most 64';

export const Name = lazySchema(() =>
  z
    .string()
    .regex(NAME_PATTERN, 'use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
);


// Line and paragraph separators, controls and invisible format characters (Unicode Cc, Cf, Zl,
// Zp): the deck shows one as a space or as nothing, while it ends a line in a terminal or in
// code (U+2028 ends a JavaScript `//` comment) and hides text from whoever reads a shared file.
// A one-line value a person names or reads — a `sub`, a saved request's or a catalog's name, an
// agreement reference — is refused with one where it enters: a setup file, the contract, the CLI.
const NOT_PLAIN_TEXT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Why the value is not plain one-line text (naming the character, never quoting the value), or undefined. */
export function plainTextProblem(value: string): string | undefined {
  const at = value.search(NOT_PLAIN_TEXT);
  if (at === -1) return undefined;
  const code = value.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0');
  return `must be plain text: character ${at + 1} is U+${code}, a line separator, control or invisible format character`;
}

/** The shared refinement: a string schema that also refuses what plainTextProblem names. */
export const plainText = <S extends z.ZodString>(schema: S) =>
  schema.superRefine((value, ctx) => {
    const problem = plainTextProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The same rule for a value that arrives outside a schema (a CLI option): VALIDATION naming the field. */
export function checkPlainText(value: string, field: string): void {
  const problem = plainTextProblem(value);
  if (problem) throw new TokendeckError('VALIDATION', `Invalid ${field}: ${problem}.`, { field });
}

export const Environment = lazySchema(() =>
  z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => ENVIRONMENT_ALIASES.get(value) ?? value)
    .pipe(Name),
);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * A URL as a message may quote it: never its `user:password@` part. `url` is the parsed value when
 * it parsed (the parser also reads userinfo after `\\` or a single slash, which no pattern here
 * should have to know); otherwise everything up to the last "@" goes.
 */
function quotable(value: string, url?: URL): string {
  if (!url) return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:)?[^]*@/, (_, scheme: string | undefined) => `${scheme ?? ''}…@`).slice(0, 200);
  if (!url.username && !url.password) return value.slice(0, 200);
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.href.replace('//', '//…@').slice(0, 200);
}

/**
 * An API or token URL as stored. Credentials travel to it, so plain http is refused except on
 * loopback (local stand-ins and proxies), where nothing crosses a network.
 */
function checkHttpsUrl(value: string, ctx: z.RefinementCtx): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${quotable(value)}" is not a URL (expected https://host/path)` });
    return undefined;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return url;
  ctx.addIssue({ code: 'custom', message: `"${quotable(value, url)}" must use https:// (plain http is allowed only for localhost)` });
  return undefined;
}

/**
 * A vault written before userinfo was refused still opens (a stored URL that fails its schema
 * would move the whole vault aside); only what callers add or change is held to HttpsUrl.
 */
export const StoredHttpsUrl = lazySchema(() =>
  z.string().superRefine((value, ctx) => void checkHttpsUrl(value, ctx)),
);

/**
 * An API or token URL a caller gives (deck form, CLI, setup import). No `user:password@`: it
 * would be written to vault.json and shown by `list` and `export`, and Tokendeck attaches the
 * client's own credential anyway. The message never repeats the password.
 */
export const HttpsUrl = lazySchema(() =>
  z.string().superRefine((value, ctx) => {
    const url = checkHttpsUrl(value, ctx);
    if (url && (url.username || url.password)) {
      ctx.addIssue({ code: 'custom', message: `must not contain a user name or password (${quotable(value, url)}): Tokendeck adds the client's own credential` });
    }
  }),
);

/** An origin credentials may be sent to: scheme://host[:port], nothing after it. */
export const Origin = lazySchema(() =>
  HttpsUrl.transform((value, ctx) => {
    const url = new URL(value);
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      ctx.addIssue({
        code: 'custom',
        message: `"${quotable(value, url)}" is not an origin: give only scheme://host[:port], e.g. ${url.origin}`,
      });
      return z.NEVER;
    }
    return url.origin;
  }),
);

export const Uuid = lazySchema(() =>
  z.string().regex(UUID_PATTERN, 'must be a UUID like 2cf82db3-4064-4235-8253-16994eb51773'),
);

/**
 * Where a secret outside this machine's keychain is read from, as a reference (sources/reference.ts):
 * `pass:team/musimap/prod`, `vault:secret/musimap#client_secret`, `command:op-musimap`. Stored in its
 * canonical form; `keychain` is the default and is stored as no reference at all.
 */
export const SecretSourceText = lazySchema(() =>
  z
    .string()
    .trim()
    .max(500)
    .transform((text, ctx) => {
      try {
        const reference = parseSecretReference(text);
        if (reference.kind === 'keychain') {
          ctx.addIssue({ code: 'custom', message: 'the keychain is the default source: leave the source out' });
          return z.NEVER;
        }
        return formatSecretReference(reference);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof TokendeckError ? error.message : 'is not a secret reference' });
        return z.NEVER;
      }
    }),
);

/** Lifetimes are whole seconds, from ten seconds to a year. */
export const LifetimeSeconds = lazySchema(() =>
  z.number().int().min(10).max(366 * 24 * 3600),
);

/** One line of header-safe text (a scope, an audience): no control characters. */
export const headerSafeText = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .regex(/^[^\x00-\x1f\x7f]+$/, 'must not contain control characters');

/** The first value that appears twice, without regard to case. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): string | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item).toLowerCase();
    if (seen.has(k)) return key(item);
    seen.add(k);
  }
  return undefined;
}

/**
 * The zod builders a provider's settings schema uses, named one by one: a bundle keeps only what
 * is named, and the whole `z` namespace handed on would keep all of zod (its 70 locales included).
 */
const zodBuilders = { strictObject: z.strictObject, string: z.string, enum: z.enum, boolean: z.boolean, number: z.number, array: z.array, record: z.record, unknown: z.unknown };

/** What a provider's settings schema is built with (providers/*.ts): zod's builders and the shared rules. */
export const schemaKit = { z: zodBuilders, Name, Uuid, plainText, headerSafeText, LifetimeSeconds, StoredHttpsUrl };
export type SchemaKit = typeof schemaKit;
