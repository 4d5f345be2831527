// The CLI's compile cache: Node 22's own, and on Node 20 (the suite's) the same made by hand
// (main/cli/code-cache.ts). What is in it is code the next `tokendeck` runs, so it is used only in a
// folder that is the user's own and writable by nobody else, made 0700 if missing. Otherwise the
// cache stays off and the command still works. The real built CLI under a real Node 22
// (test/support/node22.ts) and under the Node running the suite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../support/cli.js';
import { node22 } from '../support/node22.js';

/** Node 22 has the cache built in; the suite's Node 20 gets the CLI's own. */
const NODES: Array<{ name: string; binary: () => string }> = [
  { name: 'Node 22', binary: node22 },
  { name: `the suite's Node (${process.version})`, binary: () => process.execPath },
];

let node: string;
let cacheHome: string;
beforeEach(() => {
  cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-cache-test-'));
});
afterEach(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

function helpUnder(): { code: number | null; stdout: string; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^NODE_(OPTIONS|COMPILE_CACHE|DISABLE_COMPILE_CACHE)$/.test(name)));
  const run = spawnSync(node, [CLI_PATH, '--help'], { env: { ...env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file under the folder (none if it is absent). */
function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const mode = (folder: string) => fs.statSync(folder).mode & 0o7777;

function succeeds(run: ReturnType<typeof helpUnder>): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('TOKENS AND REQUESTS');
}

describe.skipIf(process.platform === 'win32').each(NODES)('the compile cache under $name', ({ binary }) => {
  beforeAll(() => {
    node = binary();
  }, 300_000);

  it('in a fresh cache folder: made 0700, the cache written there', () => {
    succeeds(helpUnder());
    const own = path.join(cacheHome, 'tokendeck');
    expect(mode(own)).toBe(0o700);
    expect(mode(path.join(own, 'compile-cache'))).toBe(0o700);
    const written = filesUnder(path.join(own, 'compile-cache'));
    expect(written.length).toBeGreaterThan(0);
    // The next command reads it back (takes it: a cache V8 refused would be written again) and still works.
    const inodes = written.map((file) => fs.statSync(file).ino);
    succeeds(helpUnder());
    expect(filesUnder(path.join(own, 'compile-cache')).map((file) => fs.statSync(file).ino)).toEqual(inodes);
  });

  it('a damaged cache: not used, the command works, and whole ones are written in its place', () => {
    succeeds(helpUnder());
    const written = filesUnder(path.join(cacheHome, 'tokendeck', 'compile-cache'));
    expect(written.length).toBeGreaterThan(0);
    const damaged = written.map((file) => Buffer.alloc(fs.statSync(file).size, 0x5a));
    written.forEach((file, at) => fs.writeFileSync(file, damaged[at]!));
    succeeds(helpUnder());
    written.forEach((file, at) => expect(fs.readFileSync(file).equals(damaged[at]!)).toBe(false));
    expect(filesUnder(path.join(cacheHome, 'tokendeck', 'compile-cache')).filter((file) => file.endsWith('.partial'))).toEqual([]);
  });

  it('in a Tokendeck cache folder all users can write to: left off, nothing written, the command works', () => {
    const own = path.join(cacheHome, 'tokendeck');
    fs.mkdirSync(own);
    fs.chmodSync(own, 0o777);
    succeeds(helpUnder());
    expect(fs.readdirSync(own)).toEqual([]);
    expect(mode(own)).toBe(0o777);
  });

  it('in a compile-cache folder its group can write to: left off, nothing written', () => {
    const folder = path.join(cacheHome, 'tokendeck', 'compile-cache');
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.chmodSync(folder, 0o770);
    succeeds(helpUnder());
    expect(filesUnder(folder)).toEqual([]);
  });

  it('under a cache folder all users can write to (not sticky): left off, no folder made in it', () => {
    fs.chmodSync(cacheHome, 0o777);
    succeeds(helpUnder());
    expect(fs.readdirSync(cacheHome)).toEqual([]);
  });

  it('where its folder is a link in a shared sticky cache folder (whoever made it could re-point it after the check): left off, nothing written there', () => {
    fs.chmodSync(cacheHome, 0o1777);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-cache-elsewhere-'));
    try {
      fs.chmodSync(elsewhere, 0o700);
      fs.symlinkSync(elsewhere, path.join(cacheHome, 'tokendeck'));
      succeeds(helpUnder());
      expect(filesUnder(elsewhere)).toEqual([]);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('covers the whole CLI: the entry loads no chunk of it before the cache is on (the check included)', () => {
    const entry = fs.readFileSync(CLI_PATH, 'utf8');
    const loadedAtOnce = [...entry.matchAll(/^(?:const|let) \w+ = require\("\.\/chunks\/([\w-]+)\.js"\)/gm)].map((match) => match[1]);
    expect(loadedAtOnce.every((chunk) => chunk!.startsWith('rolldown-runtime-'))).toBe(true);
  });

  it('finds no import() in any chunk: Node 20 compiles them by hand, with no ES module loader for one', () => {
    const chunks = path.join(path.dirname(CLI_PATH), 'chunks');
    const calls = fs
      .readdirSync(chunks)
      .filter((name) => name.endsWith('.js'))
      .flatMap((name) => {
        const found: string[] = [];
        const visit = (node: ts.Node): void => {
          if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push(`${name}: ${node.getText().slice(0, 60)}`);
          ts.forEachChild(node, visit);
        };
        visit(ts.createSourceFile(name, fs.readFileSync(path.join(chunks, name), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS));
        return found;
      });
    expect(calls).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('in a compile-cache folder owned by another user (nobody): left off, nothing written', () => {
    const folder = path.join(cacheHome, 'tokendeck', 'compile-cache');
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.chownSync(folder, 65534, 65534);
    succeeds(helpUnder());
    // Root could write there regardless of its mode: only the check keeps the cache out.
    expect(filesUnder(folder)).toEqual([]);
  });
});
