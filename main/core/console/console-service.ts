// The request console in main: sends a composed request with the client's credential attached
// (scope, redirects and the 401 rule of the tokens issue), answers with the response and where
// its time went, keeps a per-organization history without any credential, and exports the
// request as curl or fetch code.
import { randomUUID } from 'node:crypto';
import { sendAuthorized, type AuthorizedResult } from '../authorized-request.js';
import { checkScope } from '../http/scope.js';
import { TokendeckError, toErrorPayload } from '../errors.js';
import { producerFor } from '../schemes/registry.js';
import { scrubSecrets, scrubVerbatim, secretsOfCredential, type SecretsToScrub } from '../scrub-secrets.js';
import type { RequestTiming } from '../http/request-timing.js';
import { isProductionClient, type Client, type Organization } from '../model/entities.js';
import { schemesOf } from '../providers/registry.js';
import type { Scheme } from '../providers/schemes.js';
import type { IssuedCredential, TokenService } from '../token-service.js';
import type { Vault } from '../vault.js';
import { DEFAULT_CONSOLE_MAX_BODY_BYTES, DEFAULT_CONSOLE_TIMEOUT_MS, type ConsoleRequest, type ConsoleSend, type ConsoleSendAll, type HistoryEntry, type Outcome, type SavedRequest } from './console-model.js';
import type { ConsoleStore } from './console-store.js';
import { exportRequest, type ExportFormat } from './export-code.js';
import { prepareRequest } from './prepared-request.js';
import { sendToAllEnvironments, type AllEnvironmentsAnswer, type SendAllDeps } from './send-all-environments.js';

export type ResponseBody = { encoding: 'text'; text: string } | { encoding: 'base64'; data: string };

export interface ConsoleResponse {
  requestId: string;
  status: number;
  statusText: string;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: string[];
  headers: Array<[string, string]>;
  contentType: string | null;
  body: ResponseBody;
  /** Bytes received (at most the cap). */
  sizeBytes: number;
  /** The body was longer than the cap and was cut there. */
  truncated: boolean;
  maxBodyBytes: number;
  timing: RequestTiming;
  scheme: Scheme;
  credentialFromCache: boolean;
  /** The credential was a production client's (`isProductionClient`): the deck says so. */
  productionCredential: boolean;
  /** A 401 answered a cached token: offer one retry with a fresh token. */
  cachedTokenRejected: boolean;
}

export interface SendOptions {
  signal?: AbortSignal;
  record?: boolean;
}

/** Errors of a request that was never sent: not worth a history line. */
const REFUSED_BEFORE_SENDING = new Set(['VALIDATION', 'SCOPE', 'NOT_FOUND']);
/** A text body longer than this is scrubbed of the credential as sent only, not of every encoding of it. */
const FULL_SCRUB_CHARS = 64 * 1024;
const TEXT_TYPES = /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded|problem\+json)\b)/i;

function decodeBody(bytes: Uint8Array, contentType: string | null): ResponseBody {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (contentType && TEXT_TYPES.test(contentType)) return { encoding: 'text', text: buffer.toString('utf8') };
  if (!contentType?.toLowerCase().startsWith('image/')) {
    try {
      return { encoding: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
    } catch {
      // Not text: sent as base64 for the preview or a download.
    }
  }
  return { encoding: 'base64', data: buffer.toString('base64') };
}

/**
 * What the answer is scrubbed of before it goes to the page: what main added to the request, the
 * credential (unless it is the public client id of the `token` scheme), taken apart as an
 * Authorization value (the secret inside Basic, a JWT's halves), or for a placed one (an API key
 * in its own header or the query) the key in each spelling a URL gives it. A server may echo it in a header
 * (`WWW-Authenticate: … error_description="sig S over H.P"`), a same-origin redirect's Location
 * (the answer's url and redirects) or its body. The client's secret reaches this server only inside
 * Basic, so the answer does not wait for a keychain read (the history line, written later, does).
 */
function answerSecrets(client: Client, credential: IssuedCredential): SecretsToScrub {
  const sent = credential.scheme === 'token' ? [] : [credential.token, ...secretsOfCredential(credential).values];
  return { values: sent, clientId: client.clientId };
}

/** Replaces each secret, in any form, in the request's strings (a pasted token, say). */
function redact(request: ConsoleRequest, secrets: SecretsToScrub): ConsoleRequest {
  const scrub = (text: string) => scrubSecrets(text, secrets);
  return {
    ...request,
    url: scrub(request.url),
    query: request.query.map(({ name, value }) => ({ name: scrub(name), value: scrub(value) })),
    headers: request.headers.map(({ name, value }) => ({ name, value: scrub(value) })),
    body: request.body.kind === 'none' ? request.body : { ...request.body, text: scrub(request.body.text) },
  };
}

/** Where a scheme's credential goes, asked of its producer without making one; undefined: Authorization. */
/**
 * A stored request as the organization is called now: history and saved requests are kept by the
 * organization's id, so one sent before a rename is still its own (the stored one is read-only: a copy).
 */
function underCurrentName<T extends HistoryEntry | SavedRequest>(entry: T, org: string): T {
  return entry.request.org === org ? entry : { ...entry, request: { ...entry.request, org } };
}

function placementOf(org: Organization, scheme: Scheme) {
  // An export of a scheme the organization no longer offers still exports (as Authorization), as before.
  return schemesOf(org).includes(scheme) ? producerFor(org, scheme).placement?.(org) : undefined;
}

export class ConsoleService {
  private readonly inFlight = new Map<string, AbortController>();
  /** History entries being prepared (the secret to redact is read from the keychain first). */
  private readonly recording = new Set<Promise<void>>();

  constructor(
    private readonly vault: Vault,
    private readonly tokens: TokenService,
    readonly store: ConsoleStore,
  ) {}

  /**
   * `signal` cancels it with others (sendToAllEnvironments); `record: false` keeps it out of the
   * history (the CLI's requests, as `tokendeck request` never writes one).
   */
  async send(input: ConsoleSend, { signal, record = true }: SendOptions = {}): Promise<ConsoleResponse> {
    const { request } = input;
    const { org, client } = this.vault.resolveClient(request.org, request.client);
    const scheme = request.scheme ?? client.defaultScheme;
    const prepared = prepareRequest(org, request);
    const controller = this.begin(input.requestId);
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const maxBodyBytes = input.maxBodyBytes ?? DEFAULT_CONSOLE_MAX_BODY_BYTES;
    // Read while the request is on its way: the history line is scrubbed of it (a secret pasted into the request).
    const clientSecret = client.hasSecret ? this.vault.clientSecret(client).catch(() => '') : Promise.resolve('');
    let result: AuthorizedResult | undefined;
    try {
      result = await sendAuthorized(this.vault, this.tokens, {
        org: request.org,
        client: request.client,
        scheme,
        ...(request.sub ? { sub: request.sub } : {}),
        method: prepared.method,
        url: prepared.url.toString(),
        headers: prepared.headers,
        ...(prepared.body !== undefined ? { body: prepared.body } : {}),
        allowAnyOrigin: request.allowAnyOrigin,
        fresh: input.fresh ?? false,
        retryOnUnauthorized: false,
        timeoutMs: input.timeoutMs ?? DEFAULT_CONSOLE_TIMEOUT_MS,
        maxBodyBytes,
        signal: controller.signal,
      });
    } catch (error) {
      const { code, message } = toErrorPayload(error);
      if (record && !REFUSED_BEFORE_SENDING.has(code)) this.record(org.id, client, scheme, request, [], { errorCode: code, message }, clientSecret);
      throw error;
    } finally {
      this.inFlight.delete(input.requestId);
    }
    const { response, credential } = result;
    const contentType = response.headers.find(([name]) => name === 'content-type')?.[1] ?? null;
    if (record) this.record(
      org.id,
      client,
      scheme,
      request,
      [credential.token, credential.authorization],
      {
        status: response.status,
        durationMs: Math.round(response.durationMs * 10) / 10,
        sizeBytes: response.body.byteLength,
        ...(input.fresh ? { retried: true } : {}),
      },
      clientSecret,
    );
    // Events to the page are scrubbed (SECURITY.md): the answer is one. A binary body is not.
    const secrets = answerSecrets(client, credential);
    const scrub = (text: string) => scrubSecrets(text, secrets);
    const body = decodeBody(response.body, contentType);
    const headers = response.headers.map(([name, value]): [string, string] => [scrub(name), scrub(value)]);
    return {
      requestId: input.requestId,
      status: response.status,
      statusText: scrub(response.statusText),
      url: scrub(response.url),
      redirects: response.redirects.map(scrub),
      headers,
      contentType: contentType === null ? null : scrub(contentType),
      body: body.encoding === 'text' ? { encoding: 'text', text: body.text.length <= FULL_SCRUB_CHARS ? scrub(body.text) : scrubVerbatim(body.text, secrets) } : body,
      sizeBytes: response.body.byteLength,
      truncated: response.truncated,
      maxBodyBytes,
      timing: response.timing,
      scheme: credential.scheme,
      credentialFromCache: credential.fromCache,
      productionCredential: isProductionClient(client, org),
      cachedTokenRejected: result.cachedTokenRejected,
    };
  }

  /**
   * The request to every environment of its organization, each with that environment's client and
   * credential (send-all-environments.ts); `console.cancel` with its requestId stops the rest.
   */
  async sendToAllEnvironments(input: ConsoleSendAll, { record = true, ...deps }: Pick<SendAllDeps, 'accept' | 'wordError'> & { record?: boolean } = {}): Promise<AllEnvironmentsAnswer> {
    const controller = this.begin(input.requestId);
    try {
      return await sendToAllEnvironments(this.vault, input, { ...deps, signal: controller.signal, send: (one) => this.send(one, { signal: controller.signal, record }) });
    } finally {
      this.inFlight.delete(input.requestId);
    }
  }

  /** Registers a request in flight under the caller's id, for `cancel`. */
  private begin(requestId: string): AbortController {
    if (this.inFlight.has(requestId)) throw new TokendeckError('VALIDATION', 'A request with this id is already being sent.');
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    return controller;
  }

  /** Cancels a request still in flight; false when it already ended. */
  cancel(requestId: string): boolean {
    const controller = this.inFlight.get(requestId);
    controller?.abort();
    return controller !== undefined;
  }

  /** History never holds a credential: the scheme's name stands in its place, and any secret
   * the user pasted into the request itself is replaced too. */
  private record(orgId: string, client: Client, scheme: Scheme, request: ConsoleRequest, credentialValues: string[], outcome: Outcome, clientSecret: Promise<string>): void {
    // After the answer has gone back: redacting and queueing the line is not the user's wait.
    const recorded = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const values = [...credentialValues, await clientSecret];
      const secrets = { values, clientId: client.clientId };
      // An error's message may quote a server that echoed what it was sent.
      const scrubbed = 'message' in outcome ? { ...outcome, message: scrubSecrets(outcome.message, secrets) } : outcome;
      const entry: HistoryEntry = { id: randomUUID(), at: new Date().toISOString(), scheme, request: redact(request, secrets), outcome: scrubbed };
      this.store.append(orgId, entry);
    }).finally(() => this.recording.delete(recorded));
    this.recording.add(recorded);
  }

  /** Resolves once every request sent so far is in the history file (tests, and quit). */
  async flushHistory(): Promise<void> {
    await Promise.allSettled([...this.recording]);
    await this.store.flush();
  }

  async history(orgName: string): Promise<HistoryEntry[]> {
    await Promise.allSettled([...this.recording]);
    const org = this.vault.organization(orgName);
    return this.store.history(org.id).map((e) => underCurrentName(e, org.name));
  }

  async clearHistory(orgName: string): Promise<void> {
    await Promise.allSettled([...this.recording]);
    return this.store.clearHistory(this.vault.organization(orgName).id);
  }

  /** Drops the history and saved requests of an organization being removed, including entries
   * of requests still being recorded. */
  async forgetOrganization(orgId: string): Promise<void> {
    await Promise.allSettled([...this.recording]);
    await this.store.forgetOrganization(orgId);
  }

  saved(orgName: string): SavedRequest[] {
    const org = this.vault.organization(orgName);
    return this.store.saved(org.id).map((s) => underCurrentName(s, org.name));
  }

  /** The client's new name in the organization's history and saved requests (renames.ts), requests still being recorded included. */
  async renameClient(orgName: string, from: string, to: string): Promise<void> {
    await Promise.allSettled([...this.recording]);
    await this.store.renameClient(this.vault.organization(orgName).id, from, to);
  }

  save(name: string, request: ConsoleRequest): Promise<SavedRequest> {
    const { org } = this.vault.resolveClient(request.org, request.client);
    return this.store.save(org.id, name, request);
  }

  removeSaved(orgName: string, id: string): Promise<void> {
    return this.store.removeSaved(this.vault.organization(orgName).id, id);
  }

  /** The request as code, its credential a `tokendeck token` line: safe to paste anywhere. */
  exportCode(format: ExportFormat, request: ConsoleRequest): string {
    const { org, client } = this.vault.resolveClient(request.org, request.client);
    const scheme = request.scheme ?? client.defaultScheme;
    const placement = placementOf(org, scheme);
    const source = { org: org.name, client: client.name, scheme, ...(request.sub ? { sub: request.sub } : {}), ...(scheme === 'jwt' && org.jwt ? { word: org.jwt.word } : {}), ...(placement ? { placement } : {}) };
    return exportRequest(format, prepareRequest(org, request), { kind: 'command', source });
  }

  /** The request as code with the real credential (Authorization value or placed key): only when the user asks. */
  async exportCodeWithCredential(format: ExportFormat, request: ConsoleRequest): Promise<{ text: string; credential: IssuedCredential }> {
    const { org, client } = this.vault.resolveClient(request.org, request.client);
    const prepared = prepareRequest(org, request);
    checkScope(org, prepared.url, request.allowAnyOrigin);
    const credential = await this.tokens.credential({ org: org.name, client: client.name, scheme: request.scheme ?? client.defaultScheme, ...(request.sub ? { sub: request.sub } : {}) });
    const value = credential.placement ? { kind: 'value' as const, placement: credential.placement, token: credential.token } : { kind: 'value' as const, authorization: credential.authorization };
    return { text: exportRequest(format, prepared, value), credential };
  }
}
