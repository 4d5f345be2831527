// `tokendeck request <org> <METHOD> <path> --all-envs` against three stand-in hosts (development,
// staging, production on 127.0.0.1, .2, .3): the table, the JSON diff against the first
// environment, production only with --include-production, exit 3 when the statuses differ, --json
// for scripts, and the refusals (a full URL, <org>/<client>).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';
import { addThreeEnvironments, ENV_CLIENTS, ENVIRONMENTS, seenBy, type ThreeEnvironments } from '../support/three-environments.js';

let sandbox: Sandbox;
let tri: ThreeEnvironments;
beforeEach(async () => {
  sandbox = createSandbox();
  tri = await addThreeEnvironments(sandbox.vault);
});
afterEach(async () => {
  await tri.close();
  await sandbox.cleanup();
});

const tokendeck = (...args: string[]) => runTokendeck(args, { env: sandbox.env });

/** The table's rows, cells split on runs of spaces (the time column varies). */
const rowsOf = (stdout: string) =>
  stdout
    .split('\n')
    .slice(0, 4)
    .map((line) => line.split(/ {2,}/));

describe('request --all-envs', () => {
  it('prints a table and the JSON diff against the first environment, skips production, and exits 0 when the statuses agree', async () => {
    const run = await tokendeck('request', 'tri', 'get', '/v1/me', '--all-envs');
    expect(run.code, run.stderr).toBe(0);
    const rows = rowsOf(run.stdout);
    expect(rows[0]).toEqual(['ENVIRONMENT', 'CLIENT', 'STATUS', 'TIME', 'SIZE']);
    expect(rows[1]!.slice(0, 3)).toEqual(['development', 'dev-app', '200']);
    expect(rows[1]![3]).toMatch(/^\d+(\.\d)? ms$/);
    expect(rows[1]![4]).toMatch(/^\d+ B$/);
    expect(rows[2]!.slice(0, 3)).toEqual(['staging', 'staging-app', '200']);
    expect(rows[3]).toEqual(['production', 'prod-app', 'skipped', '—', '—']);
    expect(run.stdout).toContain('production: skipped (production: not included) — add --include-production to send with its production credential');
    expect(run.stdout).toContain(
      [
        'JSON bodies against development:',
        'staging: 1 added, 1 removed, 2 changed',
        '  ~ $.data.plan: "free" → "pro"',
        '  - $.data.beta: true',
        '  ~ $.data.limits.rpm: 60 → 600',
        '  + $.data.limits.burst: 20',
      ].join('\n'),
    );
    expect(tri.servers.production.seen).toEqual([]);
    // Each environment's credential reached its own host only; nothing of them on the terminal or in the home.
    for (const env of ENVIRONMENTS) {
      for (const other of ENVIRONMENTS.filter((o) => o !== env)) expect(seenBy(tri.servers[env])).not.toContain(ENV_CLIENTS[other].secret);
    }
    for (const secret of tri.secrets) expect(run.stdout + run.stderr + readAllFiles(sandbox.home)).not.toContain(secret);
    // `tokendeck request` keeps no console history, with or without --all-envs.
    expect(await sandbox.core.requestConsole.history('tri')).toEqual([]);
  });

  it('sends to production with --include-production', async () => {
    const run = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs', '--include-production');
    expect(run.code, run.stderr).toBe(0);
    expect(rowsOf(run.stdout)[3]!.slice(0, 3)).toEqual(['production', 'prod-app', '200']);
    expect(run.stdout).toMatch(/production: 2 changed, 1 added, 1 removed|production: 1 added, 1 removed, 2 changed/);
    expect(tri.servers.production.exchanges).toBe(1);
  });

  it('exits 3 when the environments answer with different statuses, and says so', async () => {
    expect((await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs')).code).toBe(0);
    // Staging's cached token is refused from now on: its answer is a 401, development's a 200.
    tri.servers.staging.revokeAll();
    const run = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs');
    expect(run.code).toBe(3);
    expect(rowsOf(run.stdout).slice(1, 3).map((row) => row.slice(0, 3))).toEqual([
      ['development', 'dev-app', '200'],
      ['staging', 'staging-app', '401'],
    ]);
    expect(run.stderr).toBe('The environments answered differently (exit 3).\n');
    // An environment that could not be reached is an outcome that differs too.
    await tri.servers.staging.close();
    const unreachable = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stdout).toMatch(/^staging: NETWORK: /m);
  });

  it('answers JSON for scripts, with each answer, the diff and whether the statuses differ', async () => {
    const run = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs', '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.environments.map((e: { environment: string; outcome: string; status?: number }) => [e.environment, e.outcome, e.status ?? null])).toEqual([
      ['development', 'answered', 200],
      ['staging', 'answered', 200],
      ['production', 'skipped', null],
    ]);
    expect(JSON.parse(out.environments[1].body).data.plan).toBe('pro');
    expect(out.diff.baseline).toBe('development');
    expect(out.diff.comparisons[0]).toMatchObject({ environment: 'staging', summary: '1 added, 1 removed, 2 changed', counts: { added: 1, removed: 1, changed: 2 } });
    expect(out.statusesDiffer).toBe(false);
  });

  it('uses the client chosen with --client where an environment has several', async () => {
    await sandbox.vault.addClient('tri', { name: 'staging-b', environment: 'staging', clientId: ENV_CLIENTS.production.clientId }, 'b-secret-771');
    const unchosen = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs');
    expect(unchosen.code).toBe(3);
    expect(unchosen.stdout).toContain('staging: VALIDATION: Not sent to staging: it has 2 clients (staging-app, staging-b); choose the one to send with.');
    const chosen = await tokendeck('request', 'tri', 'GET', '/v1/me', '--all-envs', '--client', 'staging=staging-app');
    expect(chosen.code, chosen.stdout).toBe(0);
    expect(rowsOf(chosen.stdout)[2]!.slice(0, 3)).toEqual(['staging', 'staging-app', '200']);
  });

  it('refuses a full URL, <org>/<client>, and its own options without --all-envs, sending nothing', async () => {
    const absolute = await tokendeck('request', 'tri', 'GET', `${tri.servers.staging.origin}/v1/me`, '--all-envs');
    expect(absolute.code).toBe(2);
    expect(absolute.stderr).toMatch(/^tokendeck: VALIDATION: Invalid url: "Send to all environments" takes a path/);
    const withClient = await tokendeck('request', 'tri/dev-app', 'GET', '/v1/me', '--all-envs');
    expect(withClient.code).toBe(2);
    expect(withClient.stderr).toContain('--all-envs takes <org>, not "tri/dev-app"');
    const stray = await tokendeck('request', 'tri/dev-app', 'GET', '/v1/me', '--include-production');
    expect(stray).toMatchObject({ code: 2, stderr: 'tokendeck: USAGE: --include-production goes with --all-envs.\n' });
    for (const env of ENVIRONMENTS) expect(tri.servers[env].seen).toEqual([]);
  });
});
