// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The request console's data: what a composed request is (checked before anything is sent), and
// what its history and saved requests keep in `console.json`. Never an Authorization value: the
// scheme's name stands in its place, and the credential is added in main at send time.
import { z } from 'zod';
import { typedHeaderProblems } from '../http/typed-headers.js';
import { METHODS } from './methods.js';
import { Environment, Name, plainText, plainTextProblem } from '../model/primitives.js';
import { SCHEMES } from '../providers/schemes.js';

export const CONSOLE_SCHEMA_VERSION = 1;
export const DEFAULT_HISTORY_LIMIT = 500;
export const DEFAULT_CONSOLE_TIMEOUT_MS = 30_000;
export const DEFAULT_CONSOLE_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Per environment, when one request goes to every environment: the answers are compared, not downloaded. */
export const DEFAULT_ALL_ENVIRONMENTS_MAX_BODY_BYTES = 2 * 1024 * 1024;


export const HeaderField = z
  .strictObject({ name: z.string().trim().min(1, 'a header needs a name').max(256), value: z.string().max(16_384) })
  .superRefine(({ name, value }, ctx) => {
    for (const message of typedHeaderProblems(name, value)) ctx.addIssue({ code: 'custom', message });
  });
export type HeaderField = z.infer<typeof HeaderField>;

export const QueryParam = z.strictObject({ name: z.string().min(1, 'a query parameter needs a name').max(1024), value: z.string().max(8192) });
export type QueryParam = z.infer<typeof QueryParam>;

/**
 * A raw body's Content-Type, as entered: it becomes a header (and a `--header` of the exported
 * curl line), so it follows the typed headers' rule — a line break in it would add a header of
 * its own, a second Host among them.
 */
const ContentType = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    for (const message of typedHeaderProblems('Content-Type', value)) ctx.addIssue({ code: 'custom', message });
    const problem = plainTextProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const requestBodyOf = (contentType: z.ZodType<string, string>) => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('json'),
    text: z.string().max(5_000_000).superRefine((text, ctx) => {
      try {
        JSON.parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not valid JSON (${(error as Error).message}); fix it or choose "raw"` });
      }
    }),
  }),
  z.strictObject({ kind: z.literal('raw'), text: z.string().max(5_000_000), contentType: contentType.optional() }),
]);
export const RequestBody = requestBodyOf(ContentType);
export type RequestBody = z.infer<typeof RequestBody>;

/** A composed request: everything but the credential, which main adds from `scheme`. */
export const ConsoleRequest = z.strictObject({
  org: Name,
  client: Name,
  scheme: z.enum(SCHEMES).optional(),
  /** The DevToken `sub` (integration user label or UUID). */
  sub: plainText(z.string().max(200)).optional(),
  method: z.enum(METHODS),
  /** A path under the organization's API URL, or a full http(s) URL. */
  url: z.string().trim().min(1, 'give a path or a URL').max(8192),
  query: z.array(QueryParam).max(100).default([]),
  headers: z.array(HeaderField).max(100).default([]),
  body: RequestBody.default({ kind: 'none' }),
  allowAnyOrigin: z.boolean().default(false),
});
export type ConsoleRequest = z.infer<typeof ConsoleRequest>;

export type ConsoleRequestInput = z.input<typeof ConsoleRequest>;

/**
 * A request as `console.json` holds it: the plain-text rule is checked where a value enters (a
 * send, a save, an export, a setup file), not on reading the file, so one written before the rule
 * is still shown — and refused, naming the field, when it is used — rather than the whole history
 * set aside as damaged.
 */
const StoredConsoleRequest = ConsoleRequest.extend({ sub: z.string().max(200).optional(), body: requestBodyOf(z.string().max(200)).default({ kind: 'none' }) });

/** A request to send now: the console's send call, as the window makes it. */
export const ConsoleSend = z.strictObject({
  /** Chosen by the caller, so it can cancel. */
  requestId: z.uuid(),
  request: ConsoleRequest,
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  maxBodyBytes: z.number().int().min(1024).max(100 * 1024 * 1024).optional(),
  /** Make a new token first (the retry after a 401 on a cached one). */
  fresh: z.boolean().optional(),
});
export type ConsoleSend = z.infer<typeof ConsoleSend>;

/**
 * The same request to every environment of its organization (console.sendAll), each with that
 * environment's client: no client named (`clients` picks one where an environment has several)
 * and no "allow any origin", which is for one request to one host.
 */
export const ConsoleSendAll = z.strictObject({
  requestId: z.uuid(),
  request: ConsoleRequest.omit({ client: true, allowAnyOrigin: true }),
  /** A production environment, or a client marked production, is sent to only when this is true. */
  includeProduction: z.boolean().default(false),
  clients: z.array(z.strictObject({ environment: Environment, client: Name })).max(50).default([]),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  maxBodyBytes: z.number().int().min(1024).max(100 * 1024 * 1024).optional(),
});
export type ConsoleSendAll = z.infer<typeof ConsoleSendAll>;
export type ConsoleSendAllInput = z.input<typeof ConsoleSendAll>;

/** How a sent request ended, without its body: history keeps the outline only. */
export const Outcome = z.union([
  z.strictObject({ status: z.number().int(), durationMs: z.number(), sizeBytes: z.number().int(), retried: z.boolean().optional() }),
  z.strictObject({ errorCode: z.string(), message: z.string().max(2000) }),
]);
export type Outcome = z.infer<typeof Outcome>;

export const HistoryEntry = z.strictObject({
  id: z.uuid(),
  at: z.iso.datetime(),
  /** The scheme actually used (the client's default when the request named none). */
  scheme: z.enum(SCHEMES),
  request: StoredConsoleRequest,
  outcome: Outcome,
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A saved request's name: shown in the deck's list, exported in setup files. */
export const SavedRequestName = plainText(z.string().trim().min(1, 'give the request a name').max(100));

export const SavedRequest = z.strictObject({
  id: z.uuid(),
  name: z.string().trim().min(1, 'give the request a name').max(100),
  savedAt: z.iso.datetime(),
  request: StoredConsoleRequest,
});
export type SavedRequest = z.infer<typeof SavedRequest>;

/** Per organization, by the organization's id (so a rename keeps its history). */
const ByOrganization = <T extends z.ZodType>(item: T) => z.record(z.uuid(), z.array(item));

export const ConsoleData = z.strictObject({
  schemaVersion: z.literal(CONSOLE_SCHEMA_VERSION),
  history: ByOrganization(HistoryEntry),
  saved: ByOrganization(SavedRequest),
});
export type ConsoleData = z.infer<typeof ConsoleData>;

export function emptyConsoleData(): ConsoleData {
  return { schemaVersion: CONSOLE_SCHEMA_VERSION, history: {}, saved: {} };
}
