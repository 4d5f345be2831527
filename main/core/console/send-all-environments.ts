// "Send to all environments": one composed request (a path, never a full URL) sent to each
// environment of its organization with that environment's own client and credential, resolved
// against that environment's API URL, and answered per environment: the response as console.send
// answers it, that environment's typed error, or why it was skipped. A production environment (or
// a client marked production) is sent to only when the caller says so; one environment failing
// does not stop the others.
import { randomUUID } from 'node:crypto';
import { TokendeckError, toErrorPayload, type ErrorPayload } from '../errors.js';
import { isAbsoluteUrl } from '../http/request-url.js';
import { isProductionClient, type Client, type Organization } from '../model/entities.js';
import { sameName } from '../model/primitives.js';
import type { Vault } from '../vault.js';
import { DEFAULT_ALL_ENVIRONMENTS_MAX_BODY_BYTES, type ConsoleSend, type ConsoleSendAll } from './console-model.js';
import type { ConsoleResponse } from './console-service.js';
import { prepareRequest } from './prepared-request.js';

/** How many environments are sent to at once: a few, so three environments take one round trip. */
const AT_ONCE = 3;

export const SKIPPED_PRODUCTION = 'production: not included';

interface AnswerBase {
  environment: string;
  /** The environment is production, or the client sent with (or that would be) is marked so. */
  production: boolean;
}

export type EnvironmentAnswer = AnswerBase &
  (
    | { outcome: 'answered'; client: string; response: ConsoleResponse }
    | { outcome: 'failed'; client?: string; error: ErrorPayload }
    | { outcome: 'skipped'; client?: string; reason: string }
  );

export interface AllEnvironmentsAnswer {
  requestId: string;
  org: string;
  /** In the organization's order of environments, every one of them. */
  answers: EnvironmentAnswer[];
}

export interface SendAllDeps {
  send: (input: ConsoleSend) => Promise<ConsoleResponse>;
  /** Throws when a client may not be sent with (the window had not seen it): that environment's error. */
  accept?: ((client: Client) => void) | undefined;
  signal?: AbortSignal;
  /** How an environment's error is told to the caller (the window words a stale name its own way). */
  wordError?: (error: unknown) => unknown;
}

/** The environment's client: the caller's pick, else its only one; a per-environment error otherwise. */
function clientIn(vault: Vault, org: Organization, environment: string, clients: readonly Client[], picked: string | undefined): { org: Organization; client: Client } {
  if (picked !== undefined) {
    const { org: seen, client } = vault.resolveClient(org.name, picked);
    if (!sameName(client.environment, environment)) {
      throw new TokendeckError('VALIDATION', `Not sent to ${environment}: the client chosen for it, ${client.name}, is in ${client.environment}.`, { field: 'clients' });
    }
    return { org: seen, client };
  }
  if (clients.length > 1) {
    throw new TokendeckError('VALIDATION', `Not sent to ${environment}: it has ${clients.length} clients (${clients.map((c) => c.name).join(', ')}); choose the one to send with.`, { field: 'clients' });
  }
  return vault.resolveClientInEnvironment(org.name, environment);
}

/**
 * The environment's send, or CANCELLED as soon as the user cancels: a token exchange under way
 * does not listen to the signal (it finishes, or times out, in the background; its token is cached
 * for next time), and the user is not kept waiting for it.
 */
function untilCancelled<T>(environment: string, signal: AbortSignal | undefined, start: () => Promise<T>): Promise<T> {
  const cancelled = () => new TokendeckError('CANCELLED', `Cancelled before ${environment} answered.`);
  if (signal?.aborted) return Promise.reject(cancelled());
  const work = start();
  if (!signal) return work;
  // Settled after a cancel, nobody waits for it: its failure is not an unhandled one.
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Sends `input.request` to each environment of its organization; never throws for one environment's failure. */
export async function sendToAllEnvironments(vault: Vault, input: ConsoleSendAll, deps: SendAllDeps): Promise<AllEnvironmentsAnswer> {
  const { request } = input;
  // A full URL would carry every environment's credential to one host.
  if (isAbsoluteUrl(request.url)) {
    throw new TokendeckError('VALIDATION', `Invalid url: "Send to all environments" takes a path under each environment's API URL (like /v1/me), not a full URL: it would send every environment's credential to one host.`, { field: 'url' });
  }
  const tree = vault.organizationTree(request.org);
  for (const { environment } of input.clients) {
    if (!tree.environments.some((e) => sameName(e.name, environment))) throw new TokendeckError('VALIDATION', `Invalid clients: "${tree.name}" has no environment named "${environment}".`, { field: 'clients' });
  }
  if (!tree.clients.length) throw new TokendeckError('NOT_FOUND', `"${tree.name}" has no clients: add one per environment first.`);

  const one = async (env: Organization['environments'][number]): Promise<EnvironmentAnswer> => {
    const base = { environment: env.name, production: env.production };
    const clients = tree.clients.filter((c) => sameName(c.environment, env.name));
    if (!clients.length) return { ...base, outcome: 'skipped', reason: 'no client in this environment' };
    const picked = input.clients.find((c) => sameName(c.environment, env.name))?.client;
    if (env.production && !input.includeProduction) {
      const would = picked ?? (clients.length === 1 ? clients[0]!.name : undefined);
      return { ...base, ...(would ? { client: would } : {}), outcome: 'skipped', reason: SKIPPED_PRODUCTION };
    }
    let client: Client | undefined;
    let production = env.production;
    try {
      const resolved = clientIn(vault, tree, env.name, clients, picked);
      client = resolved.client;
      production ||= isProductionClient(client, resolved.org);
      if (production && !input.includeProduction) {
        return { ...base, production, client: client.name, outcome: 'skipped', reason: `${SKIPPED_PRODUCTION} (${client.name} is marked production)` };
      }
      deps.accept?.(client);
      const sent = { ...request, client: client.name, allowAnyOrigin: false };
      // Checked before any credential is made: a path the URL parser reads as another host
      // (`\\evil.example/x`) is refused by resolveRequestUrl, as everywhere.
      prepareRequest(resolved.org, sent);
      const response = await untilCancelled(
        env.name,
        deps.signal,
        () => deps.send({ requestId: randomUUID(), request: sent, timeoutMs: input.timeoutMs, maxBodyBytes: input.maxBodyBytes ?? DEFAULT_ALL_ENVIRONMENTS_MAX_BODY_BYTES }),
      );
      return { ...base, production: production || response.productionCredential, outcome: 'answered', client: client.name, response };
    } catch (error) {
      return { ...base, production, ...(client ? { client: client.name } : {}), outcome: 'failed', error: toErrorPayload(deps.wordError ? deps.wordError(error) : error) };
    }
  };

  const answers: EnvironmentAnswer[] = new Array(tree.environments.length);
  let next = 0;
  const worker = async () => {
    while (next < tree.environments.length) {
      const at = next++;
      answers[at] = await one(tree.environments[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, tree.environments.length) }, worker));
  return { requestId: input.requestId, org: tree.name, answers };
}
