// Mistakes answered with the fix (issue 26, item 3), through the built `tokendeck`: "did you mean"
// for commands, options, organizations, clients, environments, providers and schemes; schemes in
// any case; an organization alone meaning its one client; a secret typed as an argument refused
// with the way to pipe it in; no parser or schema wording; the empty vault's hint; MusicAPI's
// DevToken default once its key can sign, and stderr naming a scheme chosen for the user.
import { decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../main/core/providers/registry.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const WEB = '2cf82db3-4064-4235-8253-16994eb51773';
const API = '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70';
/** What node's parseArgs and zod say in their own words: none of it may reach a user. */
const RAW_WORDING = /Unknown option '|To specify a positional|Invalid option: expected one of|Invalid input: expected|Unrecognized key/;

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
  delete sandbox.env.TOKENDECK_ENV;
});
afterEach(() => sandbox.cleanup());

const tokendeck = (args: string[], stdin?: string) => runTokendeck(args, { env: sandbox.env, ...(stdin === undefined ? {} : { stdin }) });

async function ok(args: string[], stdin?: string) {
  const run = await tokendeck(args, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

/** Exit 2 with nothing on stdout and no parser or schema wording; the message (stderr). */
async function mistake(args: string[]) {
  const run = await tokendeck(args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(RAW_WORDING);
  return run.stderr;
}

async function studio() {
  await ok(['org', 'add', 'studio', '--provider', 'musicapi', '--api-url', 'https://api.studio.test']);
  await ok(['client', 'add', 'studio/web', '--env', 'development', '--client-id', WEB]);
}

describe('did you mean', () => {
  it('names the command a typo meant, at any depth', async () => {
    expect(await mistake(['tokn', 'studio/web'])).toContain('unknown command "tokn studio/web". Did you mean `tokendeck token` or `tokendeck tokens`?');
    expect(await mistake(['org', 'ad', 'studio'])).toContain('Did you mean `tokendeck org add`?');
    expect(await mistake(['clinet', 'list'])).toContain('Did you mean `tokendeck client list`?');
    expect(await mistake(['frobnicate'])).not.toContain('Did you mean');
  });

  it('names the organization, client and environment a typo meant', async () => {
    await studio();
    expect(await mistake(['token', 'studio/wbe'])).toContain('Organization "studio" has no client named "wbe". Did you mean studio/web?');
    expect(await mistake(['token', 'stuido/web'])).toContain('No organization named "stuido". Did you mean "studio"?');
    expect(await mistake(['token', 'studio', '--env', 'dvelopment'])).toContain('Did you mean "development"?');
    // A typo of the short name (dev) is close to the environment it stands for.
    expect(await mistake(['token', 'studio', '--env', 'dve'])).toContain('Did you mean "development"?');
  });

  it('names the provider in the organization\'s words, never the schema\'s', async () => {
    const message = await mistake(['org', 'add', 'studio', '--provider', 'musimapp']);
    expect(message).toContain(`provider: must be one of ${PROVIDERS.join(', ')}, not "musimapp" (did you mean "musimap"`);
  });

  it('names the option a typo meant, without the parser\'s text', async () => {
    await studio();
    expect(await mistake(['token', 'studio/web', '--jsno'])).toContain('`tokendeck token` has no option --jsno. Did you mean --json? `tokendeck token --help` lists its options.');
    expect(await mistake(['client', 'add', 'studio/api', '--env', 'production', '--client-id', API, '--sheme', 'basic'])).toContain('has no option --sheme. Did you mean --default-scheme?');
    expect(await mistake(['token', 'studio/web', '--scheme'])).toContain('--scheme needs a value after it');
    expect(await mistake(['token', 'studio/web', '--json=yes'])).toContain('--json takes no value');
  });
});

describe('schemes', () => {
  it('reads a scheme in any case (DevToken, as the deck and the header write it) and names the one a typo meant', async () => {
    await studio();
    expect((await ok(['token', 'studio/web', '--scheme', 'Token'])).stdout).toBe(`${WEB}\n`);
    expect(await mistake(['token', 'studio/web', '--scheme', 'tokn'])).toContain('--scheme must be one of token, basic, devtoken, bearer, jwt, apikey, not "tokn". Did you mean "token"?');
    await ok(['client', 'add', 'studio/api', '--env', 'production', '--client-id', API, '--default-scheme', 'Basic']);
    expect(JSON.parse((await ok(['client', 'show', 'studio/api', '--json'])).stdout)).toMatchObject({ defaultScheme: 'basic' });
  });

  it('says on stderr which scheme was chosen when none was named, and nothing when one was', async () => {
    await studio();
    const chosen = await ok(['token', 'studio/web']);
    expect(chosen.stdout).toBe(`${WEB}\n`);
    expect(chosen.stderr).toBe("Using the token scheme (the client's default); --scheme to choose another.\n");
    expect((await ok(['token', 'studio/web', '--scheme', 'token'])).stderr).toBe('');
  });

  it('gives a new MusicAPI client DevTokens once the organization has a key that signs, as its document recommends', async () => {
    await studio();
    await ok(['key', 'generate', 'studio', '--kid', 'KID-1']);
    await ok(['client', 'add', 'studio/app', '--env', 'staging', '--client-id', API]);
    expect(JSON.parse((await ok(['client', 'show', 'studio/app', '--json'])).stdout)).toMatchObject({ defaultScheme: 'devtoken' });
    const run = await ok(['token', 'studio/app']);
    expect(decodeProtectedHeader(run.stdout.trim()).kid).toBe('KID-1');
    expect(run.stderr).toContain('Using the devtoken scheme (the client\'s default)');
    // The client added before the key keeps the public Token.
    expect(JSON.parse((await ok(['client', 'show', 'studio/web', '--json'])).stdout)).toMatchObject({ defaultScheme: 'token' });
  });
});

describe('an organization alone', () => {
  it('means its one client; with several, the refusal lists them and how to choose', async () => {
    await studio();
    expect((await ok(['token', 'studio'])).stdout).toBe(`${WEB}\n`);
    await ok(['client', 'add', 'studio/api', '--env', 'production', '--client-id', API]);
    const message = await mistake(['token', 'studio']);
    expect(message).toContain('"studio" has 2 clients: studio/web (development), studio/api (production). Name one (e.g. studio/web), or give --env <environment>');
  });

  it('is never enough for client remove, which could have meant org remove', async () => {
    await studio();
    expect(await mistake(['client', 'remove', 'studio', '--yes'])).toContain('"studio" has one client: studio/web (development). Name one');
    expect(JSON.parse((await ok(['client', 'list', 'studio', '--json'])).stdout)).toHaveLength(1);
  });
});

describe('a secret typed as an argument', () => {
  it.each(['--secret', '--password', '--client-secret'])('%s is refused, saying secrets are never arguments and how to pipe it in, without quoting it', async (option) => {
    await studio();
    const message = await mistake(['client', 'add', 'studio/api', '--env', 'production', '--client-id', API, option, 'hunter2-typed']);
    expect(message).toContain(`${option}: secrets are never arguments`);
    expect(message).toContain('printf %s "$SECRET" | tokendeck client add … --secret-stdin');
    expect(message).not.toContain('hunter2-typed');
    expect(readAllFiles(sandbox.home)).not.toContain('studio/api');
    expect(JSON.parse((await ok(['client', 'list', 'studio', '--json'])).stdout)).toHaveLength(1);
  });

  it('on a command without a stdin option, says where a secret goes', async () => {
    await studio();
    const message = await mistake(['token', 'studio/web', '--secret', 'hunter2-typed']);
    expect(message).toContain('--secret-stdin');
    expect(message).toContain('tokendeck client set-secret <org>/<client>');
    expect(message).not.toContain('hunter2-typed');
  });
});

describe('the empty vault', () => {
  it('hints at org add with every provider', async () => {
    const run = await ok(['list']);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`tokendeck org add <org> --provider ${PROVIDERS.join('|')}`);
  });
});
