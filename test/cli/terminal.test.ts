// The CLI a terminal user expects, through the built `tokendeck`: --version, per-command help,
// the live-token list, client listing and updates (OAuth 2.0 options included), Tab completion
// from the vault without the keychain, and a hint for an empty vault.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { CLI_PATH, runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function sandboxed(): Sandbox {
  const sandbox = createSandbox();
  cleanups.push(() => sandbox.cleanup());
  return sandbox;
}

async function world(): Promise<VendorWorld> {
  const started = await startVendorWorld();
  cleanups.push(() => started.close());
  return started;
}

async function ok(env: NodeJS.ProcessEnv, args: string[]) {
  const run = await runTokendeck(args, { env });
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

describe('tokendeck for a terminal user', () => {
  it('prints its version', async () => {
    const { env } = sandboxed();
    expect((await ok(env, ['--version'])).stdout).toBe(`tokendeck ${pkg.version}\n`);
  });

  it('describes one command with <command> --help, without opening the vault', async () => {
    const home = path.join(os.tmpdir(), `tokendeck-never-${process.pid}`);
    const run = await ok({ ...process.env, TOKENDECK_HOME: home }, ['client', 'update', '--help']);
    expect(run.stdout).toMatch(/^Change a client's settings\.\n[\s\S]*\nUSAGE\n {2}tokendeck client update <org>\/<client> \[flags\]\n/);
    for (const option of ['--env', '--client-id', '--default-scheme', '--user', '--auto-refresh', '--devtoken-ttl', '--scope', '--audience', '--auth-method', '--assumed-lifetime']) expect(run.stdout).toContain(option);
    expect(fs.existsSync(home)).toBe(false);
    expect((await ok(process.env, ['tokens', '--help'])).stdout).toContain('USAGE\n  tokendeck tokens [flags]\n\nFLAGS\n      --json  print JSON for scripts instead of text\n');
  });

  it('answers list on an empty vault with a one-line hint on stderr', async () => {
    const { env } = sandboxed();
    const run = await ok(env, ['list']);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('The vault is empty. Start with `tokendeck org add <org> --provider musicapi|musimap|oauth2|jwt|apikey` (`tokendeck org add --help` says what each needs).\n');
  });

  it('lists clients, all or of one organization', async () => {
    const { env } = await world();
    const all = (await ok(env, ['client', 'list'])).stdout;
    expect(all.split('\n').filter(Boolean).map((line) => line.split('  ')[0])).toEqual(['acme/web', 'moodmap/prod', 'partner/svc', 'partner/svc-post']);
    expect((await ok(env, ['client', 'list', 'moodmap'])).stdout).toMatch(/^moodmap\/prod {2}\[production\] {2}id efb3ed15-0052-4e00-9584-1365510b547d {2}secret in keychain {2}default bearer\n$/);
    expect(JSON.parse((await ok(env, ['client', 'list', 'partner', '--json'])).stdout)).toHaveLength(2);
    expect((await runTokendeck(['client', 'list', 'nope'], { env })).code).toBe(2);
  });

  it('updates a client with everything the deck form sets, OAuth 2.0 options included', async () => {
    const { env, vault } = await world();
    // Scope, audience and auth method re-point the stored secret: refused without the flag.
    const asked = ['client', 'update', 'partner/svc', '--env', 'prod', '--scope', 'catalog:read catalog:write', '--audience', 'https://api.partner.test', '--auth-method', 'post', '--assumed-lifetime', '20m', '--auto-refresh', 'on'];
    const before = fs.readFileSync(path.join(env.TOKENDECK_HOME!, 'vault.json'), 'utf8');
    const refused = await runTokendeck(asked, { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('DESTINATION_CHANGE');
    expect(fs.readFileSync(path.join(env.TOKENDECK_HOME!, 'vault.json'), 'utf8')).toBe(before);
    expect((await ok(env, [...asked, '--allow-destination-change'])).stderr).toMatch(/^The secret of partner\/svc/m);
    // token → devtoken hands out what acme's stored key signs where the public id went: confirmed too.
    await ok(env, ['client', 'update', 'acme/web', '--devtoken-ttl', '2d', '--default-scheme', 'devtoken', '--user', 'bob=6f1c1a8e-1f5d-4b8e-9a55-3d3b8f0d2c11', '--allow-destination-change']);
    const clients = vault.tree().organizations.flatMap((o) => o.clients);
    expect(clients.find((c) => c.name === 'svc')).toMatchObject({
      environment: 'production',
      autoRefresh: true,
      oauth2: { authMethod: 'client_secret_post', scope: 'catalog:read catalog:write', audience: 'https://api.partner.test', assumedLifetimeSeconds: 1200 },
    });
    expect(clients.find((c) => c.name === 'web')).toMatchObject({ devtokenTtlSeconds: 172_800, defaultScheme: 'devtoken', integrationUsers: [{ label: 'bob' }] });
    // Only what was given changes; an empty value clears one OAuth 2.0 setting.
    await ok(env, ['client', 'update', 'partner/svc', '--scope', '', '--allow-destination-change']);
    expect(vault.tree().organizations.flatMap((o) => o.clients).find((c) => c.name === 'svc')!.oauth2).toEqual({ authMethod: 'client_secret_post', audience: 'https://api.partner.test', assumedLifetimeSeconds: 1200 });
    const misfit = await runTokendeck(['client', 'update', 'moodmap/prod', '--scope', 'x', '--allow-destination-change'], { env });
    expect(misfit.code).toBe(2);
    expect(misfit.stderr).toContain('apply to OAuth 2.0 clients');
    expect((await runTokendeck(['client', 'update', 'partner/svc'], { env })).stderr).toContain('Nothing to change');
  });

  it('adds an OAuth 2.0 client with its options', async () => {
    const { env, vault } = await world();
    await ok(env, ['client', 'add', 'partner/batch', '--env', 'dev', '--client-id', 'batch', '--auth-method', 'post', '--scope', 'catalog:read']);
    expect(vault.resolveClient('partner', 'batch').client.oauth2).toEqual({ authMethod: 'client_secret_post', scope: 'catalog:read' });
  });

  it('updates an organization: origins, agreement, catalogs, notes', async () => {
    const { env, vault } = await world();
    // acme holds a client secret: a new origin is a destination change, refused without the flag.
    const originOnly = await runTokendeck(['org', 'update', 'acme', '--allow-origin', 'https://cdn.musicapi.com'], { env });
    expect(originOnly.code).toBe(2);
    expect(originOnly.stderr).toMatch(/DESTINATION_CHANGE.*https:\/\/cdn\.musicapi\.com/);
    expect(vault.organization('acme').allowedOrigins).toEqual([]);
    await ok(env, ['org', 'update', 'acme', '--allow-origin', 'https://cdn.musicapi.com', '--allow-destination-change', '--agreement', 'AGR-7', '--licensed-product', 'search', '--valid-until', '2027-12-31', '--catalog', 'Main=cat-1:private', '--notes', 'prod keys rotate in May']);
    expect(vault.organization('acme')).toMatchObject({
      allowedOrigins: ['https://cdn.musicapi.com'],
      agreement: { reference: 'AGR-7', licensedProducts: ['search'], validUntil: '2027-12-31' },
      catalogs: [{ name: 'Main', id: 'cat-1', visibility: 'private' }],
      notes: 'prod keys rotate in May',
    });
    await ok(env, ['org', 'update', 'acme', '--no-origins', '--no-agreement', '--allow-destination-change']);
    // Notes and agreements are not destinations: no flag needed.
    await ok(env, ['org', 'update', 'acme', '--notes', 'no flag needed']);
    expect(vault.organization('acme').allowedOrigins).toEqual([]);
    expect(vault.organization('acme').agreement).toBeUndefined();
  });

  it('lists the live tokens soonest first, in the deck\'s words, the expired last and counted apart; an OAuth 2.0 token without expires_in shows as assumed', async () => {
    const { env, oauth, musimap } = await world();
    oauth.expiresIn = undefined;
    await ok(env, ['token', 'acme/web', '--scheme', 'devtoken', '--sub', 'alice']);
    expect((await ok(env, ['token', 'partner/svc'])).stdout).toMatch(/^oa\./);
    musimap.lifetimeMs = 1_000;
    await ok(env, ['token', 'moodmap/prod']);
    const short = (JSON.parse((await ok(env, ['tokens', '--json'])).stdout) as Array<{ client: string; expiresAt: string }>).find((t) => t.client === 'prod')!;
    // Waits for the second-long token to be over: what is asserted is the listing after, not the wait.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(short.expiresAt) - Date.now() + 100)));
    const run = await ok(env, ['tokens']);
    expect(run.stderr).toBe('2 live · 1 expired\n');
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('  ')[0])).toEqual(['partner/svc', 'acme/web', 'moodmap/prod']);
    const exact = '\\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)';
    expect(lines[0]).toMatch(new RegExp(`^partner/svc {2}\\[staging\\] {2}bearer {2}expiry assumed {2}expires in (59 min \\d+ s|1 h) ${exact}$`));
    expect(lines[1]).toMatch(new RegExp(`^acme/web {2}\\[development\\] {2}devtoken {2}sub 8d883178-9585-482e-bb4b-0c85736edc2d {2}expires in 13 d 23 h ${exact}$`));
    expect(lines[2]).toMatch(new RegExp(`^moodmap/prod {2}\\[production\\] {2}bearer {2}expired (just now|\\d+ s ago) ${exact}$`));
    const listed = JSON.parse((await ok(env, ['tokens', '--json'])).stdout);
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ org: 'partner', client: 'svc', scheme: 'bearer', assumedExpiry: true, secondsLeft: expect.any(Number) })]));
    expect(JSON.stringify(listed)).not.toMatch(/oa\.[0-9a-f-]{36}/);
  });

  it('sends a console request with an OAuth 2.0 token whose answer had no expires_in', async () => {
    const { env, oauth } = await world();
    oauth.expiresIn = undefined;
    const run = await ok(env, ['request', 'partner/svc', 'GET', `${oauth.origin}/api/catalog`, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 200 });
  });
});

describe('shell completion', () => {
  /** What bash offers after typing `line` and Tab, using the script `completion bash` prints. */
  function bashComplete(env: NodeJS.ProcessEnv, line: string): string[] {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bin-'));
    cleanups.push(() => fs.rmSync(bin, { recursive: true, force: true }));
    fs.writeFileSync(path.join(bin, 'tokendeck'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`, { mode: 0o755 });
    const script = `source <(tokendeck completion bash)
COMP_WORDS=(${line.split(' ').map((w) => `'${w}'`).join(' ')})
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_tokendeck
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = spawnSync('bash', ['-c', script], { env: { ...env, PATH: `${bin}:${env.PATH}` }, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout.split('\n').filter(Boolean);
  }

  it('completes commands, subcommands, flags, option values and org/client names in bash', async () => {
    const { env } = await world();
    expect(bashComplete(env, 'tokendeck to')).toEqual(['token', 'tokens']);
    expect(bashComplete(env, 'tokendeck client ')).toEqual(expect.arrayContaining(['add', 'list', 'update', 'set-secret', 'remove']));
    expect(bashComplete(env, 'tokendeck token moo')).toEqual(['moodmap/prod']);
    expect(bashComplete(env, 'tokendeck token partner/')).toEqual(['partner/svc', 'partner/svc-post']);
    expect(bashComplete(env, 'tokendeck token acme/web --sch')).toEqual(['--scheme']);
    expect(bashComplete(env, 'tokendeck token acme/web --scheme d')).toEqual(['devtoken']);
    expect(bashComplete(env, 'tokendeck key list ')).toEqual(['acme', 'moodmap', 'partner']);
    expect(bashComplete(env, 'tokendeck completion ')).toEqual([]);
    expect(bashComplete(env, 'tokendeck org add x --preset a')).toEqual(['app-store-connect', 'apple-music']);
    expect(bashComplete(env, 'tokendeck org add x --alg E')).toEqual(['ES256', 'ES384', 'EdDSA']);
  });

  it("offers the schemes the client's organization offers, and its environments", async () => {
    const { env } = await world();
    const musicapi = bashComplete(env, 'tokendeck token acme/web --scheme ');
    expect(musicapi).toContain('devtoken');
    expect(musicapi).not.toContain('bearer');
    const oauth = bashComplete(env, 'tokendeck token partner/svc --scheme ');
    expect(oauth).toContain('bearer');
    expect(oauth).not.toContain('devtoken');
    expect(bashComplete(env, 'tokendeck request partner/svc GET https://x.test --scheme b')).toEqual(oauth.filter((s) => s.startsWith('b')));
    expect(bashComplete(env, 'tokendeck client update acme/web --default-scheme dev')).toEqual(['devtoken']);
    // An organization that does not exist: every scheme rather than none.
    expect(bashComplete(env, 'tokendeck token nowhere/x --scheme ')).toEqual(expect.arrayContaining(['devtoken', 'bearer']));
    await ok(env, ['org', 'env', 'add', 'partner', 'qa']);
    expect(bashComplete(env, 'tokendeck token partner/svc --env ')).toContain('qa');
    expect(bashComplete(env, 'tokendeck token acme/web --env ')).not.toContain('qa');
    expect(bashComplete(env, 'tokendeck org env update partner ')).toContain('qa');
  });

  it('offers organizations where a command names one, and `client add` the organizations to put a new client in', async () => {
    const { env } = await world();
    expect(bashComplete(env, 'tokendeck org show ')).toEqual(['acme', 'moodmap', 'partner']);
    expect(bashComplete(env, 'tokendeck inspect x --org p')).toEqual(['partner']);
    expect(bashComplete(env, 'tokendeck client add ')).toEqual(['acme/', 'moodmap/', 'partner/']);
    expect(bashComplete(env, 'tokendeck client add pa')).toEqual(['partner/']);
    expect(bashComplete(env, 'tokendeck discover https://x.test --client partner/svc-')).toEqual(['partner/svc-post']);
  });

  it('never offers a hidden command, and completes `help <command>`', async () => {
    const { env } = sandboxed();
    const top = bashComplete(env, 'tokendeck ');
    expect(top).toEqual(expect.arrayContaining(['token', 'org', 'client', 'help']));
    expect(top.filter((word) => word.startsWith('_'))).toEqual([]);
    expect(bashComplete(env, 'tokendeck _')).toEqual([]);
    expect(bashComplete(env, 'tokendeck __complete ')).toEqual([]);
    expect(bashComplete(env, 'tokendeck help or')).toEqual(['org']);
    expect(bashComplete(env, 'tokendeck help org e')).toEqual(['env']);
  });

  it('reads names without the keychain: completion works with no Secret Service at all', async () => {
    const { env } = await world();
    const noKeychain = { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    expect(bashComplete(noKeychain, 'tokendeck token partner/svc-')).toEqual(['partner/svc-post']);
  });

  it('prints scripts for zsh and fish that call the same helper', async () => {
    const { env } = sandboxed();
    expect((await ok(env, ['completion', 'zsh'])).stdout).toMatch(/^#compdef tokendeck\n[\s\S]*tokendeck __complete/);
    expect((await ok(env, ['completion', 'fish'])).stdout).toContain("complete -c tokendeck -f -a '(tokendeck __complete");
    const refused = await runTokendeck(['completion', 'tcsh'], { env });
    expect(refused.code).toBe(2);
    expect((await ok(env, ['--help'])).stdout).not.toContain('__complete');
  });
});
