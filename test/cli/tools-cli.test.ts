// Credentials into other tools without files (issue 26, item 5): `exec --var NAME` puts the token
// in the variables a tool reads, and `inject` fills a template with fresh tokens — all or nothing,
// each one remembered as a hand-out — run as scripts run them, against the vendor stand-ins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(() => world.close());

const tokendeck = (args: string[], stdin?: string) => runTokendeck(args, { env: world.env, ...(stdin === undefined ? {} : { stdin }) });

async function ok(args: string[], stdin?: string) {
  const run = await tokendeck(args, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

async function handouts(): Promise<Array<{ org: string; client: string; scheme: string; how: string; copies: number }>> {
  return JSON.parse((await ok(['handouts', '--json'])).stdout);
}

describe('tokendeck exec --var', () => {
  const printVariables = ['node', '-e', 'process.stdout.write(JSON.stringify([process.env.GITHUB_TOKEN, process.env.NPM_TOKEN, process.env.TOKENDECK_TOKEN]))'];

  it('puts the token in every variable named, beside TOKENDECK_TOKEN', async () => {
    const run = await ok(['exec', 'moodmap/prod', '--var', 'GITHUB_TOKEN', '--var', 'NPM_TOKEN', '--', ...printVariables]);
    const token = world.musimap.issued[0];
    expect(JSON.parse(run.stdout)).toEqual([token, token, token]);
  });

  it('keeps --env for picking the client', async () => {
    const run = await ok(['exec', 'moodmap', '--env', 'production', '--var', 'GITHUB_TOKEN', '--', ...printVariables]);
    expect(JSON.parse(run.stdout)[0]).toBe(world.musimap.issued[0]);
  });

  it.each([
    ['PATH', 'decides what programs run or load'],
    ['LD_PRELOAD', 'decides what programs run or load'],
    ['TOKENDECK_TOKEN', "is one of Tokendeck's own"],
    ['1TOKEN', 'is not a variable name'],
    ['GITHUB-TOKEN', 'is not a variable name'],
  ])('refuses --var %s before any token is made', async (name, why) => {
    const run = await tokendeck(['exec', 'moodmap/prod', '--var', name, '--', ...printVariables]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(why);
    expect(run.stdout).toBe('');
    expect(world.musimap.issued).toHaveLength(0);
  });
});

describe('tokendeck inject', () => {
  const template = ['# written by tokendeck inject', 'MUSIC_TOKEN={{ tokendeck "acme/web" "DevToken" }}', 'MOOD={{tokendeck "moodmap/prod"}} and again {{ tokendeck "moodmap/prod" }}', 'LEFT={{ other.tool }}', ''].join('\n');

  it('fills each placeholder with a fresh token on stdout, one token per client and scheme, leaving other braces alone', async () => {
    const run = await ok(['inject'], template);
    const [comment, music, mood, left] = run.stdout.split('\n');
    expect(comment).toBe('# written by tokendeck inject');
    expect(decodeProtectedHeader(music!.replace('MUSIC_TOKEN=', '')).kid).toBe('KID-1');
    const musimapToken = world.musimap.issued[0];
    expect(world.musimap.issued).toHaveLength(1);
    expect(mood).toBe(`MOOD=${musimapToken} and again ${musimapToken}`);
    expect(left).toBe('LEFT={{ other.tool }}');
  });

  it('remembers each token handed out as an injected hand-out, never its value', async () => {
    await ok(['inject'], template);
    expect((await handouts()).map(({ org, client, scheme, how, copies }) => ({ org, client, scheme, how, copies })).sort((a, b) => a.org.localeCompare(b.org))).toEqual([
      { org: 'acme', client: 'web', scheme: 'devtoken', how: 'injected', copies: 1 },
      { org: 'moodmap', client: 'prod', scheme: 'bearer', how: 'injected', copies: 1 },
    ]);
    expect(fs.readFileSync(path.join(world.home, 'handouts.json'), 'utf8')).not.toContain(world.musimap.issued[0]);
  });

  it('reads the template from -i and writes -o only when asked, readable by the user alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-inject-'));
    try {
      fs.writeFileSync(path.join(dir, 'env.tmpl'), 'MOOD={{ tokendeck "moodmap/prod" }}\n');
      const run = await ok(['inject', '-i', path.join(dir, 'env.tmpl'), '-o', path.join(dir, '.env')]);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('(mode 0600: readable by you only)');
      expect(fs.readFileSync(path.join(dir, '.env'), 'utf8')).toBe(`MOOD=${world.musimap.issued[0]}\n`);
      expect(fs.statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir).sort()).toEqual(['.env', 'env.tmpl']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['an unknown client', 'A={{ tokendeck "moodmap/prod" }}\nB={{ tokendeck "moodmap/nope" }}\n', 'NOT_FOUND', 'nope'],
    ['a scheme the client does not offer', 'A={{ tokendeck "moodmap/prod" }}\nB={{ tokendeck "moodmap/prod" "devtoken" }}\n', 'VALIDATION', 'not devtoken'],
    ['an unknown scheme', 'A={{ tokendeck "moodmap/prod" }}\nB={{ tokendeck "moodmap/prod" "magic" }}\n', 'VALIDATION', 'Template line 2: "magic" is not a scheme'],
    ['a malformed placeholder', 'A={{ tokendeck "moodmap/prod" }}\n\nB={{ tokendeck moodmap/prod }}\n', 'VALIDATION', 'Template line 3'],
    ['an unclosed placeholder', 'A={{ tokendeck "moodmap/prod" }}\nB={{ tokendeck "moodmap/prod"\n}}\n', 'VALIDATION', 'Template line 2: a tokendeck placeholder is not closed'],
  ])('prints nothing, makes no token and records no hand-out for %s', async (_what, text, code, says) => {
    const run = await tokendeck(['inject'], text);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(code);
    expect(run.stderr).toContain(says);
    expect(world.musimap.issued).toHaveLength(0);
    expect(await handouts()).toEqual([]);
  });

  it('writes no file when a token cannot be made', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-inject-'));
    try {
      await world.musimap.close();
      const run = await tokendeck(['inject', '-o', path.join(dir, 'out')], 'A={{ tokendeck "acme/web" "devtoken" }}\nB={{ tokendeck "moodmap/prod" }}\n');
      expect(run.code).toBe(1);
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(await handouts()).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
