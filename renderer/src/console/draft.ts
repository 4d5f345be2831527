// The console's form state and its translation to the contract's ConsoleRequest, checked with
// the same schema and URL rules main applies (against the chosen client's environment's URLs), so
// a bad request is refused before it is sent.
import { ConsoleRequest, DEFAULT_CONSOLE_TIMEOUT_MS, type ConsoleRequestInput, type HistoryEntry } from '../../../main/core/console/console-model.js';
import type { Method } from '../../../main/core/console/methods.js';
import { resolveRequestUrl } from '../../../main/core/http/request-url.js';
import { checkScope } from '../../../main/core/http/scope.js';
import { schemesOf } from '../../../main/core/providers/registry.js';
import type { Scheme } from '../../../main/core/providers/schemes.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import type { FieldErrors } from '../components/validation.js';
import { seenByClient } from './environments.js';

export interface Pair {
  name: string;
  value: string;
}

export interface Draft {
  client: string;
  scheme: Scheme | '';
  sub: string;
  method: Method;
  url: string;
  query: Pair[];
  headers: Pair[];
  bodyKind: 'none' | 'json' | 'raw';
  bodyText: string;
  contentType: string;
  allowAnyOrigin: boolean;
  timeoutSeconds: string;
}

const DEFAULT_TIMEOUT_SECONDS = String(DEFAULT_CONSOLE_TIMEOUT_MS / 1000);

export function emptyDraft(org: OrganizationTree, client?: string): Draft {
  return {
    client: client ?? org.clients[0]?.name ?? '',
    scheme: '',
    sub: '',
    method: 'GET',
    url: '',
    query: [],
    headers: [],
    bodyKind: 'none',
    bodyText: '',
    contentType: '',
    allowAnyOrigin: false,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
  };
}

/** The scheme a send will use: the chosen one, else the client's default. */
export function effectiveScheme(org: OrganizationTree, draft: Draft): Scheme {
  return draft.scheme || org.clients.find((c) => c.name === draft.client)?.defaultScheme || schemesOf(org)[0]!;
}

const filled = (pairs: Pair[]) => pairs.filter((p) => p.name.trim() || p.value);

export function toRequest(org: OrganizationTree, draft: Draft): ConsoleRequestInput {
  const body: ConsoleRequestInput['body'] =
    draft.bodyKind === 'none'
      ? { kind: 'none' }
      : draft.bodyKind === 'json'
        ? { kind: 'json', text: draft.bodyText }
        : { kind: 'raw', text: draft.bodyText, ...(draft.contentType.trim() ? { contentType: draft.contentType.trim() } : {}) };
  return {
    org: org.name,
    client: draft.client,
    ...(draft.scheme ? { scheme: draft.scheme } : {}),
    // `sub` is a DevToken option: it goes only with that scheme.
    ...(draft.sub && effectiveScheme(org, draft) === 'devtoken' ? { sub: draft.sub } : {}),
    method: draft.method,
    url: draft.url,
    query: filled(draft.query),
    headers: filled(draft.headers),
    body,
    allowAnyOrigin: draft.allowAnyOrigin,
  };
}

/** Where a draft's URL would go: its origin, or the text itself while it is no URL yet. */
function destinationOf(org: OrganizationTree, url: string): string {
  try {
    return resolveRequestUrl(org, url).origin;
  } catch {
    return url;
  }
}

/**
 * The draft with a change applied. "Allow any origin" is for one request (ARCHITECTURE.md,
 * security invariant 2): a change of where the request goes (typed, a preset) unchecks it, so a
 * credential never follows the next URL to a host the user did not look at.
 */
export function patchDraft(org: OrganizationTree, current: Draft, patch: Partial<Draft>): Draft {
  const next = { ...current, ...patch };
  // Where it goes is where the chosen client's environment puts it: another client may be another host.
  const before = destinationOf(seenByClient(org, current.client), current.url);
  if (next.allowAnyOrigin && destinationOf(seenByClient(org, next.client), next.url) !== before) next.allowAnyOrigin = false;
  return next;
}

/** A request from history or the saved list, ready to compose: "Allow any origin" starts unchecked. */
export function fromRequest(request: ConsoleRequestInput, timeoutSeconds = DEFAULT_TIMEOUT_SECONDS): Draft {
  const body = request.body ?? { kind: 'none' };
  return {
    client: request.client,
    scheme: request.scheme ?? '',
    sub: request.sub ?? '',
    method: request.method,
    url: request.url,
    query: (request.query ?? []).map((p) => ({ ...p })),
    headers: (request.headers ?? []).map((p) => ({ ...p })),
    bodyKind: body.kind,
    bodyText: body.kind === 'none' ? '' : body.text,
    contentType: body.kind === 'raw' ? (body.contentType ?? '') : '',
    allowAnyOrigin: false,
    timeoutSeconds,
  };
}

/** The checks main makes before sending, made here first: messages land on their field. */
export function checkDraft(org: OrganizationTree, draft: Draft): { request?: ConsoleRequestInput; timeoutMs?: number; errors: FieldErrors; scopeRefused?: boolean } {
  const errors: FieldErrors = {};
  let scopeRefused = false;
  const request = toRequest(org, draft);
  const parsed = ConsoleRequest.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === 'body' ? 'body' : String(issue.path[0] ?? 'form');
      errors[field] ??= issue.message;
    }
  }
  if (!errors.url) {
    try {
      // The client's environment's API URL and origins, as main will read them.
      const seen = seenByClient(org, draft.client);
      checkScope(seen, resolveRequestUrl(seen, draft.url), draft.allowAnyOrigin);
    } catch (error) {
      errors.url = (error as Error).message;
      scopeRefused = (error as { code?: string }).code === 'SCOPE';
    }
  }
  const seconds = Number(draft.timeoutSeconds);
  if (!(seconds >= 0.1 && seconds <= 600)) errors.timeout = 'between 0.1 and 600 seconds';
  if (Object.keys(errors).length) return { errors, ...(scopeRefused ? { scopeRefused } : {}) };
  return { request, timeoutMs: Math.round(seconds * 1000), errors };
}

export const describeOutcome = (entry: HistoryEntry) => ('status' in entry.outcome ? String(entry.outcome.status) : entry.outcome.errorCode);
