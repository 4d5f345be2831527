// An organization's environments from the command line, through the built `tokendeck`: a client
// picked by `--env` or TOKENDECK_ENV where a command takes `<org>/<client>`, `org env add|update|
// remove` (a change of where held secrets go refused without --allow-destination-change, naming
// the host), `env list` as text and JSON, `list`, and Tab completion of environment names.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_PATH, runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const DEV = { name: 'web-dev', clientId: '2cf82db3-4064-4235-8253-16994eb51773' };
const STAGING = { name: 'web-stg', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' };
const PROD = { name: 'web-prod', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' };
const PROD_TOO = { name: 'batch-prod', clientId: '0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4' };

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
  // The runner's own shell must not choose for these tests.
  delete sandbox.env.TOKENDECK_ENV;
});
afterEach(() => sandbox.cleanup());

const tokendeck = (args: string[], extra: NodeJS.ProcessEnv = {}, stdin?: string) => runTokendeck(args, { env: { ...sandbox.env, ...extra }, ...(stdin === undefined ? {} : { stdin }) });

async function ok(args: string[], extra?: NodeJS.ProcessEnv, stdin?: string) {
  const run = await tokendeck(args, extra, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

async function refused(args: string[], code: string, extra?: NodeJS.ProcessEnv) {
  const run = await tokendeck(args, extra);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(`tokendeck: ${code}: `);
  expect(run.stdout).toBe('');
  return run.stderr;
}

/** A MusicAPI organization (its default scheme hands out the public client id: no server needed) with a client in development, staging and production. */
async function musicApi() {
  await ok(['org', 'add', 'acme', '--provider', 'musicapi', '--api-url', 'https://api.acme.test']);
  await ok(['org', 'env', 'add', 'acme', 'development', '--api-url', 'https://dev.acme.test']);
  await ok(['org', 'env', 'add', 'acme', 'staging', '--api-url', 'https://staging.acme.test', '--allow-origin', 'https://cdn.staging.acme.test']);
  await ok(['org', 'env', 'add', 'acme', 'production']);
  for (const [client, env] of [[DEV, 'development'], [STAGING, 'staging'], [PROD, 'production']] as const) {
    await ok(['client', 'add', `acme/${client.name}`, '--env', env, '--client-id', client.clientId]);
  }
}

/** What `token` printed: the client id of the client it picked (MusicAPI's token scheme). */
const picked = (run: { stdout: string }) => run.stdout.trim();

describe('--env and TOKENDECK_ENV', () => {
  it('token <org> --env picks the organization\'s one client there; "prod" reads as production', async () => {
    await musicApi();
    expect(picked(await ok(['token', 'acme', '--env', 'staging']))).toBe(STAGING.clientId);
    expect(picked(await ok(['token', 'acme', '--env', 'prod']))).toBe(PROD.clientId);
    expect(picked(await ok(['token', 'acme', '--env', 'development', '--json']))).toContain(`"token": "${DEV.clientId}"`);
  });

  it('TOKENDECK_ENV picks the same way; --env wins over it; a named client wins over both, silently', async () => {
    await musicApi();
    expect(picked(await ok(['token', 'acme'], { TOKENDECK_ENV: 'staging' }))).toBe(STAGING.clientId);
    expect(picked(await ok(['token', 'acme', '--env', 'development'], { TOKENDECK_ENV: 'staging' }))).toBe(DEV.clientId);
    const named = await ok(['token', `acme/${PROD.name}`], { TOKENDECK_ENV: 'staging' });
    expect(picked(named)).toBe(PROD.clientId);
    // Silent about the environment: the scheme line is all it says.
    expect(named.stderr).toBe("Using the token scheme (the client's default); --scheme to choose another.\n");
  });

  it('exec <org> with TOKENDECK_ENV runs the command with that client\'s credential', async () => {
    await musicApi();
    const run = await ok(['exec', 'acme', '--', 'sh', '-c', 'printf %s "$TOKENDECK_TOKEN"'], { TOKENDECK_ENV: 'production' });
    expect(run.stdout).toBe(PROD.clientId);
  });

  it('refuses --env naming another environment than the named client\'s, saying which it is in', async () => {
    await musicApi();
    const message = await refused(['token', `acme/${DEV.name}`, '--env', 'production'], 'VALIDATION');
    expect(message).toContain(`acme/${DEV.name} is in development, not production (--env production): nothing was done.`);
    expect(message).toContain('`acme --env production`');
  });

  it('lists the clients when several are in the environment, and the environments that have clients when none is', async () => {
    await musicApi();
    await ok(['client', 'add', `acme/${PROD_TOO.name}`, '--env', 'production', '--client-id', PROD_TOO.clientId]);
    const several = await refused(['token', 'acme', '--env', 'production'], 'VALIDATION');
    expect(several).toContain(`"acme" has 2 clients in production: acme/${PROD.name}, acme/${PROD_TOO.name}. Name one`);
    await ok(['org', 'env', 'add', 'acme', 'qa']);
    const none = await refused(['token', 'acme'], 'NOT_FOUND', { TOKENDECK_ENV: 'qa' });
    expect(none).toContain('"acme" has no client in the environment "qa" (environments with clients: development, staging, production).');
  });

  it('without --env or TOKENDECK_ENV an organization of several clients is a usage error listing them and both ways', async () => {
    await musicApi();
    const message = await refused(['token', 'acme'], 'USAGE');
    expect(message).toContain(`"acme" has 3 clients: acme/${DEV.name} (development), `);
    expect(message).toContain('or give --env <environment> (or set TOKENDECK_ENV)');
  });

  it('client set-secret and client remove take --env; client update picks by TOKENDECK_ENV, its --env moving the client', async () => {
    await musicApi();
    const setSecret = await ok(['client', 'set-secret', 'acme', '--env', 'staging'], {}, 'staging-secret');
    expect(setSecret.stderr).toContain(`Saved the secret of acme/${STAGING.name} in the keychain`);
    const [staging] = JSON.parse((await ok(['client', 'list', 'acme', '--json'])).stdout).filter((c: { name: string }) => c.name === STAGING.name);
    expect(await sandbox.keychain.get(`client/${staging.id}/secret`)).toBe('staging-secret');

    await ok(['client', 'update', 'acme', '--devtoken-ttl', '1h'], { TOKENDECK_ENV: 'development' });
    expect(sandbox.vault.resolveClient('acme', DEV.name).client.devtokenTtlSeconds).toBe(3600);
    const moved = await refused(['client', 'update', 'acme', '--env', 'staging', '--devtoken-ttl', '1h'], 'USAGE');
    expect(moved).toContain("set TOKENDECK_ENV (this command's --env moves the client)");

    await ok(['client', 'remove', 'acme', '--env', 'production', '--yes']);
    expect(sandbox.vault.tree().organizations[0]!.clients.map((c) => c.name)).toEqual([DEV.name, STAGING.name]);
  });

  it('says in --help where --env picks a client', async () => {
    for (const command of [['token'], ['request'], ['exec'], ['client', 'set-secret'], ['client', 'remove']]) {
      const help = (await ok([...command, '--help'])).stdout;
      expect(help, command.join(' ')).toContain('--env');
      expect(help, command.join(' ')).toMatch(/--env ENV +with <org> alone: the organization's one client in ENV \(TOKENDECK_ENV too\)/);
    }
    expect((await ok(['--help'])).stdout).toContain('TOKENDECK_ENV               the environment whose one client `<org>` alone means (as --env)');
  });
});

describe('org env add | update | remove', () => {
  /** A Musimap organization whose development client holds its secret. */
  async function musimap() {
    await ok(['org', 'add', 'mm', '--provider', 'musimap', '--api-url', 'https://api.mm.test', '--token-url', 'https://auth.mm.test/token']);
    await ok(['org', 'env', 'add', 'mm', 'dev', '--api-url', 'https://api.dev.mm.test', '--token-url', 'https://auth.dev.mm.test/token']);
    await ok(['client', 'add', 'mm/dev', '--env', 'development', '--client-id', DEV.clientId, '--secret-stdin'], {}, 'dev-secret');
  }

  it('adds an environment with its overrides and says what it inherits', async () => {
    await musimap();
    const added = await ok(['org', 'env', 'add', 'mm', 'prod', '--token-url', 'https://auth.prod.mm.test/token', '--allow-origin', 'https://cdn.mm.test']);
    expect(added.stdout).toBe('');
    expect(added.stderr).toBe(
      [
        'Added environment production to mm:',
        'mm  production  (production, no clients)',
        '  API URL    https://api.mm.test  (inherited)',
        '  token URL  https://auth.prod.mm.test/token  (overridden)',
        '  origins    https://cdn.mm.test  (overridden)',
        '',
      ].join('\n'),
    );
    await ok(['org', 'env', 'add', 'mm', 'live', '--production']);
    await ok(['org', 'env', 'add', 'mm', 'production-copy', '--not-production']);
    expect(sandbox.vault.organization('mm').environments.map((e) => [e.name, e.production])).toEqual([
      ['development', false],
      ['production', true],
      ['live', true],
      ['production-copy', false],
    ]);
    expect(await refused(['org', 'env', 'add', 'mm', 'live'], 'VALIDATION')).toContain('"mm" already has an environment named "live"');
    expect(await refused(['org', 'env', 'add', 'mm', 'qa', '--api-url', 'http://qa.mm.test'], 'VALIDATION')).toContain('must use https://');
  });

  it('refuses an environment URL change where its client holds a secret, naming the host; allows it with --allow-destination-change', async () => {
    await musimap();
    const before = sandbox.storeText();
    const message = await refused(['org', 'env', 'update', 'mm', 'development', '--token-url', 'https://collect.attacker.example/token'], 'DESTINATION_CHANGE');
    expect(message).toContain('the secret of mm/dev would now be sent to https://collect.attacker.example/token');
    expect(message).toContain('--allow-destination-change');
    expect(sandbox.storeText()).toBe(before);
    const allowed = await ok(['org', 'env', 'update', 'mm', 'dev', '--token-url', 'https://auth2.dev.mm.test/token', '--allow-destination-change']);
    expect(allowed.stderr).toMatch(/^The secret of mm\/dev would now be sent to https:\/\/auth2\.dev\.mm\.test\/token.*\(--allow-destination-change\)\.$/m);
    expect(allowed.stderr).toContain('Updated environment development of mm: tokenUrl.');
    expect(sandbox.vault.resolveClient('mm', 'dev').org.tokenUrl).toBe('https://auth2.dev.mm.test/token');
  });

  it('--clear puts back the organization\'s value, itself a destination change where a secret is held', async () => {
    await musimap();
    expect(await refused(['org', 'env', 'update', 'mm', 'development', '--clear', 'token-url'], 'DESTINATION_CHANGE')).toContain('https://auth.mm.test/token');
    const cleared = await ok(['org', 'env', 'update', 'mm', 'development', '--clear', 'token-url', '--allow-destination-change']);
    expect(cleared.stderr).toContain("Updated environment development of mm: tokenUrl (now the organization's).");
    expect(cleared.stderr).toContain('  token URL  https://auth.mm.test/token  (inherited)');
    expect(await refused(['org', 'env', 'update', 'mm', 'development', '--clear', 'api-url', '--api-url', 'https://x.mm.test'], 'USAGE')).toContain('Give --api-url or --clear api-url, not both.');
    expect(await refused(['org', 'env', 'update', 'mm', 'development', '--clear', 'scope'], 'USAGE')).toContain('--clear takes api-url, token-url, allow-origin, audience');
  });

  it('moving a client to an environment on other hosts is a destination change too', async () => {
    await musimap();
    await ok(['org', 'env', 'add', 'mm', 'production', '--api-url', 'https://api.prod.mm.test']);
    const message = await refused(['client', 'update', 'mm/dev', '--env', 'production'], 'DESTINATION_CHANGE');
    expect(message).toContain('https://api.prod.mm.test');
    await ok(['client', 'update', 'mm/dev', '--env', 'production', '--allow-destination-change']);
    expect(sandbox.vault.resolveClient('mm', 'dev').org.apiBaseUrl).toBe('https://api.prod.mm.test');
  });

  it('renames an environment with --name, its clients following, and marks it production or not', async () => {
    await musimap();
    const renamed = await ok(['org', 'env', 'update', 'mm', 'development', '--name', 'sandbox', '--production']);
    expect(renamed.stderr).toContain('Updated environment sandbox of mm: production, name (was development).');
    expect(sandbox.vault.resolveClient('mm', 'dev').client.environment).toBe('sandbox');
    expect(sandbox.vault.organization('mm').environments).toEqual([expect.objectContaining({ name: 'sandbox', production: true, apiBaseUrl: 'https://api.dev.mm.test' })]);
    await ok(['org', 'env', 'add', 'mm', 'staging']);
    const before = sandbox.storeText();
    expect(await refused(['org', 'env', 'update', 'mm', 'sandbox', '--name', 'staging', '--not-production'], 'VALIDATION')).toContain('already has an environment named "staging"; nothing was changed.');
    expect(sandbox.storeText()).toBe(before);
    expect(await refused(['org', 'env', 'update', 'mm', 'sandbox'], 'USAGE')).toContain('Nothing to change');
  });

  it('removes an environment only without clients, saying what it was', async () => {
    await musimap();
    await ok(['org', 'env', 'add', 'mm', 'staging', '--api-url', 'https://api.staging.mm.test']);
    const removed = await ok(['org', 'env', 'remove', 'mm', 'stage']);
    expect(removed.stderr).toContain('Removed environment staging from mm. It was:\nmm  staging  (no clients)\n  API URL    https://api.staging.mm.test  (overridden)');
    const before = sandbox.storeText();
    const message = await refused(['org', 'env', 'remove', 'mm', 'development'], 'VALIDATION');
    expect(message).toContain('"development" of "mm" still has the client dev. Move it to another environment or remove it first; nothing was changed.');
    expect(sandbox.storeText()).toBe(before);
    expect(await refused(['org', 'env', 'remove', 'mm', 'qa'], 'NOT_FOUND')).toContain('"mm" has no environment named "qa" (it has: development)');
  });

  it('names what `org env` takes when a word is missing', async () => {
    const message = await refused(['org', 'env'], 'USAGE');
    expect(message).toContain('`tokendeck org env` takes add, update, remove.');
  });
});

describe('env list and list', () => {
  async function twoOrganizations() {
    await ok(['org', 'add', 'jwtco', '--preset', 'jwt-bearer', '--api-url', 'https://api.jwtco.test', '--token-url', 'https://auth.jwtco.test/token']);
    await ok(['org', 'env', 'add', 'jwtco', 'staging', '--audience', 'https://auth.staging.jwtco.test/token', '--token-url', 'https://auth.staging.jwtco.test/token']);
    await ok(['client', 'add', 'jwtco/svc', '--env', 'staging', '--client-id', 'svc@jwtco.test']);
    await ok(['org', 'add', 'acme', '--provider', 'musicapi', '--allow-origin', 'https://cdn.acme.test']);
    await ok(['client', 'add', 'acme/web', '--env', 'development', '--client-id', DEV.clientId]);
    await ok(['org', 'env', 'add', 'acme', 'production', '--api-url', 'https://api.prod.acme.test', '--allow-origin', 'https://cdn.prod.acme.test']);
  }

  it('lists every organization\'s environments in order, each value overridden or inherited', async () => {
    await twoOrganizations();
    const run = await ok(['env', 'list']);
    expect(run.stdout).toBe(
      [
        'jwtco  staging  (1 client: svc)',
        '  API URL    https://api.jwtco.test  (inherited)',
        '  token URL  https://auth.staging.jwtco.test/token  (overridden)',
        '  origins    none  (inherited)',
        '  audience   https://auth.staging.jwtco.test/token  (overridden)',
        'acme  development  (1 client: web)',
        '  API URL    https://api.musicapi.com  (inherited)',
        '  origins    https://cdn.acme.test  (inherited)',
        'acme  production  (production, no clients)',
        '  API URL    https://api.prod.acme.test  (overridden)',
        '  origins    https://cdn.prod.acme.test  (overridden)',
        '',
      ].join('\n'),
    );
    expect((await ok(['env', 'list', 'ACME'])).stdout.split('\n')[0]).toBe('acme  development  (1 client: web)');
  });

  it('--json: one row per environment, with its effective values and the ones it overrides', async () => {
    await twoOrganizations();
    const rows = JSON.parse((await ok(['env', 'list', '--json'])).stdout);
    expect(rows).toEqual([
      {
        org: 'jwtco',
        provider: 'jwt',
        environment: 'staging',
        production: false,
        clients: ['svc'],
        apiBaseUrl: 'https://api.jwtco.test',
        tokenUrl: 'https://auth.staging.jwtco.test/token',
        allowedOrigins: [],
        audience: 'https://auth.staging.jwtco.test/token',
        overridden: ['tokenUrl', 'audience'],
      },
      { org: 'acme', provider: 'musicapi', environment: 'development', production: false, clients: ['web'], apiBaseUrl: 'https://api.musicapi.com', tokenUrl: null, allowedOrigins: ['https://cdn.acme.test'], audience: null, overridden: [] },
      { org: 'acme', provider: 'musicapi', environment: 'production', production: true, clients: [], apiBaseUrl: 'https://api.prod.acme.test', tokenUrl: null, allowedOrigins: ['https://cdn.prod.acme.test'], audience: null, overridden: ['apiBaseUrl', 'allowedOrigins'] },
    ]);
  });

  it('an empty vault has no environments: a hint on stderr, nothing on stdout', async () => {
    const run = await ok(['env', 'list']);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No environments yet. Add one with `tokendeck org env add <org> <name>`');
  });

  it('list names each organization\'s environments, production and what each sets itself; org list keeps its three columns', async () => {
    await twoOrganizations();
    const lines = (await ok(['list'])).stdout.split('\n');
    expect(lines).toContain('  environments: staging (own token URL, audience)');
    expect(lines).toContain('  environments: development, production (production, own API URL, origins)');
    expect((await ok(['org', 'list'])).stdout).toBe('jwtco\tjwt\thttps://api.jwtco.test\nacme\tmusicapi\thttps://api.musicapi.com\n');
  });
});

describe('completion of environments', () => {
  /** What bash offers after `line` and Tab, with the script `completion bash` prints. */
  function bashComplete(line: string, extra: NodeJS.ProcessEnv = {}): string[] {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bin-'));
    try {
      fs.writeFileSync(path.join(bin, 'tokendeck'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`, { mode: 0o755 });
      const script = `source <(tokendeck completion bash)
COMP_WORDS=(${line.split(' ').map((w) => `'${w}'`).join(' ')})
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_tokendeck
printf '%s\\n' "\${COMPREPLY[@]}"`;
      const env = { ...sandbox.env, ...extra, PATH: `${bin}:${sandbox.env.PATH}` };
      const result = spawnSync('bash', ['-c', script], { env, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout.split('\n').filter(Boolean);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  }

  it('offers the organization\'s environments after --env, and the vault\'s when no organization is named yet', async () => {
    await musicApi();
    await ok(['org', 'add', 'other', '--provider', 'musicapi']);
    await ok(['client', 'add', 'other/ci', '--env', 'ci', '--client-id', PROD_TOO.clientId]);
    expect(bashComplete('tokendeck token acme --env ')).toEqual(['development', 'production', 'staging']);
    expect(bashComplete('tokendeck token acme/web-dev --env s')).toEqual(['staging']);
    expect(bashComplete('tokendeck token --env ')).toEqual(['ci', 'development', 'production', 'staging']);
    expect(bashComplete('tokendeck request other --env ')).toEqual(['ci']);
  });

  it('offers the org env subcommands, then the organization, then its environments', async () => {
    await musicApi();
    expect(bashComplete('tokendeck org ')).toEqual(['add', 'env', 'list', 'remove', 'rename', 'show', 'update']);
    expect(bashComplete('tokendeck org env ')).toEqual(['add', 'remove', 'update']);
    expect(bashComplete('tokendeck org env update a')).toEqual(['acme']);
    expect(bashComplete('tokendeck org env update acme ')).toEqual(['development', 'production', 'staging']);
    expect(bashComplete('tokendeck org env remove acme st')).toEqual(['staging']);
    expect(bashComplete('tokendeck org env update acme staging --clear ')).toEqual(['allow-origin', 'api-url', 'audience', 'token-url']);
    expect(bashComplete('tokendeck env ')).toEqual(['list']);
  });

  it('offers an organization alone where --env or TOKENDECK_ENV picks its client', async () => {
    await musicApi();
    expect(bashComplete('tokendeck token ac')).toEqual(['acme/web-dev', 'acme/web-prod', 'acme/web-stg']);
    expect(bashComplete('tokendeck token --env staging ac')).toEqual(['acme', 'acme/web-dev', 'acme/web-prod', 'acme/web-stg']);
    expect(bashComplete('tokendeck exec ac', { TOKENDECK_ENV: 'production' })).toEqual(['acme', 'acme/web-dev', 'acme/web-prod', 'acme/web-stg']);
    expect(bashComplete('tokendeck exec ac', { TOKENDECK_ENV: 'qa' })).toEqual(['acme/web-dev', 'acme/web-prod', 'acme/web-stg']);
  });
});
