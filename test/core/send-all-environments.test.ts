// "Send to all environments" through the contract (console.sendAll), against three stand-in
// Musimap hosts on 127.0.0.1, .2 and .3: each environment's request goes with its own client's
// credential to its own host only, production only when included, a full URL never, and one
// environment's failure leaves the others' answers.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllEnvironmentsAnswer, CallInput, EnvironmentAnswer, Result } from '../../preload/contract.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { compareWithFirst } from '../../main/core/console/json-diff.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';
import { addThreeEnvironments, ENV_CLIENTS, ENVIRONMENTS, seenBy, type ThreeEnvironments } from '../support/three-environments.js';

let sandbox: Sandbox;
let tri: ThreeEnvironments;
let handlers: Handlers;

beforeEach(async () => {
  sandbox = createSandbox();
  tri = await addThreeEnvironments(sandbox.vault);
  const memory = { text: '' };
  handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') }));
});
afterEach(async () => {
  await tri.close();
  await sandbox.cleanup();
});

/** Every client of the organization, as the window would have loaded it. */
const seenClients = () => sandbox.vault.organizationTree('tri').clients.map((c) => c.id);

async function sendAll(extra: Partial<CallInput<'console.sendAll'>> = {}, request: Partial<CallInput<'console.sendAll'>['request']> = {}): Promise<Result<AllEnvironmentsAnswer>> {
  return (await dispatch(handlers, 'console.sendAll', { requestId: randomUUID(), seenClients: seenClients(), request: { org: 'tri', method: 'GET', url: '/v1/me', ...request }, ...extra })) as Result<AllEnvironmentsAnswer>;
}

async function answered(extra: Partial<CallInput<'console.sendAll'>> = {}, request: Partial<CallInput<'console.sendAll'>['request']> = {}): Promise<EnvironmentAnswer[]> {
  const result = await sendAll(extra, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value.answers;
}

const byEnv = (answers: EnvironmentAnswer[], env: string) => answers.find((a) => a.environment === env)!;
const messageOf = (answer: EnvironmentAnswer) => (answer.outcome === 'failed' ? answer.error.message : '');
const bodyText = (answer: EnvironmentAnswer) => (answer.outcome === 'answered' && answer.response.body.encoding === 'text' ? answer.response.body.text : '');

/** No host saw another environment's client id, secret or token. */
function expectEachCredentialAtHome(): void {
  for (const env of ENVIRONMENTS) {
    const seen = seenBy(tri.servers[env]);
    for (const other of ENVIRONMENTS.filter((o) => o !== env)) {
      for (const value of [ENV_CLIENTS[other].clientId, ENV_CLIENTS[other].secret, ...tri.servers[other].issued]) expect(seen, `${other}'s credential reached ${env}'s host`).not.toContain(value);
    }
  }
}

describe('console.sendAll', () => {
  it("sends to development and staging, each with its own client and credential on its own host, and skips production", async () => {
    const answers = await answered();
    expect(answers.map((a) => [a.environment, a.outcome, a.client])).toEqual([
      ['development', 'answered', 'dev-app'],
      ['staging', 'answered', 'staging-app'],
      ['production', 'skipped', 'prod-app'],
    ]);
    expect(byEnv(answers, 'production')).toMatchObject({ production: true, reason: 'production: not included' });
    for (const env of ['development', 'staging'] as const) {
      const answer = byEnv(answers, env);
      expect(answer).toMatchObject({ production: false, response: { status: 200, scheme: 'bearer', productionCredential: false } });
      expect(answer.outcome === 'answered' && answer.response.url).toBe(`${tri.servers[env].origin}/v1/me`);
      // Its own token endpoint made its token, and its API took it.
      expect(tri.servers[env].exchanges).toBe(1);
      expect(tri.servers[env].seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /auth/token', 'GET /v1/me']);
    }
    expect(tri.servers.production.seen).toEqual([]);
    expectEachCredentialAtHome();

    // The bodies differ as the environments do.
    const comparison = compareWithFirst(answers.map((a) => ({ environment: a.environment, ...(a.outcome === 'answered' ? { text: bodyText(a) } : { absent: a.outcome }) })));
    expect(comparison?.baseline).toBe('development');
    const staging = comparison?.comparisons.find((c) => c.environment === 'staging');
    expect(staging && 'diff' in staging && staging.diff.entries.map((e) => `${e.kind} ${e.path}`)).toEqual([
      'changed $.data.plan',
      'removed $.data.beta',
      'changed $.data.limits.rpm',
      'added $.data.limits.burst',
    ]);
  });

  it('sends to production too when asked, with its production credential, and says so', async () => {
    const answers = await answered({ includeProduction: true });
    expect(answers.map((a) => a.outcome)).toEqual(['answered', 'answered', 'answered']);
    expect(byEnv(answers, 'production')).toMatchObject({ production: true, client: 'prod-app', response: { status: 200, productionCredential: true } });
    expect(bodyText(byEnv(answers, 'production'))).toContain('"rpm":6000');
    expectEachCredentialAtHome();
  });

  it('refuses a full URL, which would carry every credential to one host, and sends nothing', async () => {
    for (const url of [`${tri.servers.staging.origin}/v1/me`, 'https://collect.attacker.example/x']) {
      const result = await sendAll({ includeProduction: true }, { url });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'url' } });
      expect(!result.ok && result.error.message).toContain('not a full URL');
    }
    for (const env of ENVIRONMENTS) expect(tri.servers[env].seen).toEqual([]);
  });

  it('refuses, in each environment, a path the URL parser reads as another host, before any credential is made', async () => {
    const answers = await answered({ includeProduction: true }, { url: '\\\\127.0.0.9\\v1' });
    for (const answer of answers) expect(answer).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION', field: 'url' } });
    expect(messageOf(byEnv(answers, 'staging'))).toContain('is read as another host (127.0.0.9)');
    for (const env of ENVIRONMENTS) expect(tri.servers[env].seen).toEqual([]);
  });

  it("keeps the others' answers when one environment fails, with that environment's typed error", async () => {
    await tri.servers.staging.close();
    const answers = await answered({ includeProduction: true });
    expect(byEnv(answers, 'development')).toMatchObject({ outcome: 'answered', response: { status: 200 } });
    expect(byEnv(answers, 'staging')).toMatchObject({ outcome: 'failed', client: 'staging-app', error: { code: 'NETWORK' } });
    expect(byEnv(answers, 'production')).toMatchObject({ outcome: 'answered', response: { status: 200 } });
  });

  it('refuses an environment with several clients unless one is chosen for it', async () => {
    await sandbox.vault.addClient('tri', { name: 'staging-other', environment: 'staging', clientId: randomUUID() }, 'other-secret-33');
    const unchosen = await answered();
    expect(byEnv(unchosen, 'development').outcome).toBe('answered');
    expect(byEnv(unchosen, 'staging')).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION', field: 'clients' } });
    expect(messageOf(byEnv(unchosen, 'staging'))).toBe(
      'Not sent to staging: it has 2 clients (staging-app, staging-other); choose the one to send with.',
    );
    expect(tri.servers.staging.seen).toEqual([]);

    const chosen = await answered({ clients: [{ environment: 'stage', client: 'staging-app' }] });
    expect(byEnv(chosen, 'staging')).toMatchObject({ outcome: 'answered', client: 'staging-app' });
    const misplaced = await answered({ clients: [{ environment: 'staging', client: 'dev-app' }] });
    expect(byEnv(misplaced, 'staging')).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION', message: 'Not sent to staging: the client chosen for it, dev-app, is in development.' } });
    expect(await sendAll({ clients: [{ environment: 'qa', client: 'dev-app' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'clients' } });
  });

  it('does not send with a client the window did not show (added or replaced since)', async () => {
    const staging = sandbox.vault.resolveClient('tri', 'staging-app').client.id;
    const answers = await answered({ seenClients: seenClients().filter((id) => id !== staging) });
    expect(byEnv(answers, 'development').outcome).toBe('answered');
    expect(byEnv(answers, 'staging')).toMatchObject({ outcome: 'failed', error: { code: 'NOT_FOUND' } });
    expect(messageOf(byEnv(answers, 'staging'))).toContain('tri/staging-app was removed or changed outside this window');
    expect(tri.servers.staging.seen).toEqual([]);
  });

  it('treats a client marked production as production, wherever it is', async () => {
    await sandbox.vault.updateClient('tri', 'staging-app', { production: true });
    const answers = await answered();
    expect(byEnv(answers, 'staging')).toMatchObject({ outcome: 'skipped', production: true, reason: 'production: not included (staging-app is marked production)' });
    expect(tri.servers.staging.seen).toEqual([]);
    expect(byEnv(await answered({ includeProduction: true }), 'staging')).toMatchObject({ outcome: 'answered', response: { productionCredential: true } });
  });

  it('writes each environment\'s request to the history, with its client and without any credential', async () => {
    await answered({ includeProduction: true });
    const history = (await dispatch(handlers, 'console.history', { org: 'tri' })) as Result<Array<{ request: { client: string }; outcome: { status?: number } }>>;
    expect(history.ok && history.value.map((h) => [h.request.client, h.outcome.status]).sort()).toEqual([
      ['dev-app', 200],
      ['prod-app', 200],
      ['staging-app', 200],
    ]);
    await sandbox.core.requestConsole.flushHistory();
    const file = sandbox.storeText() + (await import('node:fs')).readFileSync(sandbox.core.requestConsole.store.file, 'utf8');
    for (const value of [...tri.secrets, ...ENVIRONMENTS.flatMap((env) => tri.servers[env].issued)]) expect(file).not.toContain(value);
  });

  it('stops the environments still on their way when cancelled', async () => {
    tri.servers.staging.delayMs = 60_000;
    const requestId = randomUUID();
    const pending = dispatch(handlers, 'console.sendAll', { requestId, seenClients: seenClients(), request: { org: 'tri', method: 'GET', url: '/v1/me' } });
    await expect.poll(() => tri.servers.staging.exchanges).toBe(1);
    expect(await dispatch(handlers, 'console.cancel', { requestId })).toEqual({ ok: true, value: { cancelled: true } });
    const result = (await pending) as Result<AllEnvironmentsAnswer>;
    expect(result.ok && byEnv(result.value.answers, 'staging')).toMatchObject({ outcome: 'failed', error: { code: 'CANCELLED' } });
    expect(result.ok && byEnv(result.value.answers, 'production')).toMatchObject({ outcome: 'skipped' });
  });
});
