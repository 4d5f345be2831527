// The help through the built `tokendeck`, as a person reads it: the commands grouped with the
// daily ones first, a group's commands (`org --help`), and one command's help (`token --help`,
// `help token`) with every flag explained and examples. The consistency test walks every command:
// its help names each option it takes, its usage line names only options it takes, and its
// examples use only flags it has.
import { describe, expect, it } from 'vitest';
import { loadAllCommands } from '../../main/cli/command-index.js';
import { runTokendeck, type CliRun } from '../support/cli.js';
import { createSandbox } from '../support/sandbox.js';

async function run(args: string[]): Promise<CliRun> {
  const sandbox = createSandbox();
  try {
    return await runTokendeck(args, { env: sandbox.env });
  } finally {
    sandbox.cleanup();
  }
}

async function ok(args: string[]): Promise<string> {
  const result = await run(args);
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.code, args.join(' ')).toBe(0);
  return result.stdout;
}

/** The lines of a help section (`FLAGS`, `EXAMPLES`…), up to the next blank line. */
function section(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(title);
  if (start === -1) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

const GROUPS = ['TOKENS AND REQUESTS', 'ORGANIZATIONS', 'CLIENTS', 'KEYS', 'SOURCES', 'SHARING', 'INSPECTION', 'SHELL'];

describe('tokendeck --help', () => {
  it('groups the commands, tokens and requests first, one line each', async () => {
    const help = await ok(['--help']);
    const at = GROUPS.map((title) => help.split('\n').indexOf(title));
    expect(at.every((line) => line > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const first = section(help, 'TOKENS AND REQUESTS');
    expect(first[0]).toMatch(/^ {2}token {2,}Print a client's token/);
    expect(first.map((line) => line.trim().split(/ {2,}/)[0])).toEqual(['token', 'request', 'exec', 'inject', 'tokens', 'login', 'logout', 'git-credential']);
    // Every command in a group: none left over, none hidden shown.
    expect(help).not.toContain('OTHER COMMANDS');
    expect(help).not.toContain('__complete');
    for (const title of GROUPS) for (const line of section(help, title)) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('is the same as `tokendeck help`, on stdout; with no command at all it goes to stderr with exit 2', async () => {
    expect(await ok(['help'])).toBe(await ok(['--help']));
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('TOKENS AND REQUESTS');
  });
});

describe('tokendeck <group> --help', () => {
  it('lists org\'s commands with their one-liners, in the help\'s order', async () => {
    const help = await ok(['org', '--help']);
    expect(section(help, 'COMMANDS').map((line) => line.trim().split(/ {2,}/)[0])).toEqual(['add', 'list', 'show', 'update', 'rename', 'remove', 'env add', 'env update', 'env remove']);
    expect(help).toContain('tokendeck org <command> [arguments] [flags]');
    expect(await ok(['help', 'org'])).toBe(help);
  });

  it('lists the commands of client, key, source, org env and trash', async () => {
    const expected: Record<string, string[]> = {
      client: ['add', 'list', 'show', 'update', 'rename', 'set-secret', 'remove'],
      key: ['generate', 'import', 'list', 'public', 'set-kid', 'retire', 'remint'],
      'org env': ['add', 'update', 'remove'],
      trash: ['list', 'restore'],
    };
    for (const [group, names] of Object.entries(expected)) {
      const help = await ok([...group.split(' '), '--help']);
      expect(section(help, 'COMMANDS').map((line) => line.trim().split(/ {2,}/)[0]), group).toEqual(names);
    }
    expect(section(await ok(['source', '--help']), 'COMMANDS').map((line) => line.trim().split(/ {2,}/)[0])).toEqual(['add pass', 'add vault', 'add command', 'list', 'check', 'pull', 'remove']);
  });

  it('answers -h as --help, and a group without a command with a usage error naming its commands', async () => {
    expect(await ok(['key', '-h'])).toBe(await ok(['key', '--help']));
    const bare = await run(['key']);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('takes generate, import, public, set-kid, list, retire, remint');
  });
});

describe('tokendeck <command> --help', () => {
  it('says what token does, its usage, each flag with its meaning, and examples; `help token` is the same', async () => {
    const help = await ok(['token', '--help']);
    expect(help.split('\n')[0]).toBe("Print a client's token (cached while fresh), or copy it.");
    expect(section(help, 'USAGE')).toEqual(['  tokendeck token <org>/<client> [flags]']);
    expect(section(help, 'FLAGS').find((line) => line.includes('--scheme SCHEME'))).toMatch(/--scheme SCHEME +which credential \(/);
    expect(section(help, 'EXAMPLES')[0]).toBe('  $ tokendeck token acme/web');
    expect(await ok(['help', 'token'])).toBe(help);
    expect(await ok(['--help', 'token'])).toBe(help);
    expect(await ok(['help', 'org', 'env', 'add'])).toBe(await ok(['org', 'env', 'add', '--help']));
  });

  it('names the required flags in the usage line', async () => {
    expect(section(await ok(['org', 'add', '--help']), 'USAGE')).toEqual(['  tokendeck org add <org> --provider PROVIDER [flags]']);
    expect(section(await ok(['exec', '--help']), 'USAGE')).toEqual(['  tokendeck exec <org>/<client> [flags] -- <command> [args...]']);
  });

  it('refuses help for an unknown or hidden command', async () => {
    for (const words of [['nope'], ['__complete']]) {
      const refused = await run(['help', ...words]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`no command "${words.join(' ')}"`);
    }
  });

  it('for every command: each option explained, the usage line and the examples only use its options', async () => {
    const commands = Object.entries(await loadAllCommands()).filter(([, command]) => !command.hidden);
    expect(commands.length).toBeGreaterThan(40);
    for (const [name, command] of commands) {
      const help = await ok([...name.split(' '), '--help']);
      const flags = section(help, 'FLAGS');
      for (const [option, spec] of Object.entries(command.options)) {
        const line = flags.find((text) => new RegExp(`--${option}(?= |$)`).test(text));
        expect(line, `${name} --${option}`).toBeDefined();
        // The flag, its value's name, then its description after two spaces.
        expect(line!.trim(), `${name} --${option}`).toMatch(/\S {2,}\S.{5,}/);
        expect(spec.description.trim().length, `${name} --${option}`).toBeGreaterThan(5);
      }
      expect(flags.length, name).toBe(Object.keys(command.options).length);
      const usage = section(help, 'USAGE');
      expect(usage, name).toHaveLength(1);
      for (const flag of usage[0]!.match(/--[\w-]+/g) ?? []) expect(Object.keys(command.options), `${name} usage ${flag}`).toContain(flag.slice(2));
      if (Object.values(command.options).some((spec) => !spec.required)) expect(usage[0], name).toContain('[flags]');
      const examples = section(help, 'EXAMPLES').filter((line) => line.startsWith('  $ '));
      expect(examples.length, name).toBeGreaterThan(0);
      for (const example of examples) {
        const at = example.indexOf(`tokendeck ${name}`);
        expect(at, `${name}: ${example}`).toBeGreaterThan(-1);
        // The command's own words: up to a passthrough `--`, a pipe, a redirection or the end of $(…).
        const own = example.slice(at).split(/ -- | \| | > |\)/)[0]!;
        for (const flag of own.match(/(?<= )--[\w-]+/g) ?? []) expect(Object.keys(command.options), `${name} example ${flag}`).toContain(flag.slice(2));
      }
    }
  });
});
