// Builds `tokendeck` as self-contained CommonJS modules (dependencies bundled in, except the native
// keychain binding): a tiny entry, the dispatcher with the command index and the help (written in
// at build time from the command files, so `--help` loads none), each command file in its own
// chunk (a command loads its own), one chunk with the core a credential needs (vault, store,
// keychain, token service, schemes, zod, the token command: what the token path imports
// statically), and the core modules only some commands load in chunks of their own. A CLI pays for
// every module file it resolves and compiles at start-up, and scripts call it often: few files on
// the token path, nothing on it that the token path does not run.
// CommonJS, in a folder whose package.json says so: Node's ES module loader costs ~10% of
// `node -e 0` before the first line runs (41 interleaved runs: an empty .mjs file 1.11×, an empty
// .cjs 1.01×). The sources stay ES modules; the bundler turns import() into a deferred require().
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defineConfig } from 'vite';

/** What the entry asks the agent with (agent-client.ts), before and without the dispatcher or the core. */
const AGENT_CLIENT = /main\/cli\/agent-client\.ts$|main\/core\/(home-path|agent\/agent-place|agent\/agent-protocol)\.ts$/;
/** Writing to stdout and stderr without streams: the CLI's io and the agent's client share it. */
const DESCRIPTOR_WRITER = /main\/cli\/descriptor-writer\.ts$/;
/** What every command shares; the help is written into it at build time (HELP below), so it loads no command file. */
const DISPATCH = /main\/cli\/(run-cli|command-index|command|io)\.ts$|main\/core\/errors\.ts$/;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What `tokendeck token` runs: its command file, and what the dispatcher loads for every vault command. */
const TOKEN_PATH_ENTRIES = ['main/cli/commands/token.ts', 'main/core/vault-core.ts', 'main/core/file-lock.ts'];

/**
 * The modules the token path imports statically (not by `import()`, not types only): the core
 * chunk holds these and nothing else, so that loading it compiles and runs nothing the token path
 * does not need (issue 27: 670 KB of every core module became 558 KB, and node:http, node:tls and
 * node:child_process no longer load with it). The token command and its option helpers are in it
 * too: `token` reads one file after the dispatcher, not five. The modules the core imports lazily
 * (the console, OAuth sign-in, the secret sources…) get chunks of their own.
 */
function tokenPathModules(): Set<string> {
  const found = new Set<string>();
  const queue = [...TOKEN_PATH_ENTRIES];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (found.has(file)) continue;
    found.add(file);
    const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    for (const statement of source.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!specifier?.startsWith('.') || typeOnly(statement)) continue;
      queue.push(path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts'));
    }
  }
  return found;
}

/** `import type { A }`, `import { type A }`, `export type { A } from`: gone at run time. */
function typeOnly(statement: ts.Statement): boolean {
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly;
  const clause = (statement as ts.ImportDeclaration).importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

const TOKEN_PATH = tokenPathModules();

const onTheTokenPath = (id: string) => {
  const file = path.relative(ROOT, id).replaceAll('\\', '/');
  return file.startsWith('node_modules/zod/') || TOKEN_PATH.has(file);
};

/**
 * `tokendeck --help` as the sources print it (every command file's usage line), run once here and
 * written into the build: the built `--help` then loads none of the command files it describes.
 */
const HELP = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const { runCli } = await import('./main/cli/run-cli.ts'); process.exitCode = await runCli(['--help']);"], {
  cwd: ROOT,
  encoding: 'utf8',
  env: { ...process.env, NODE_COMPILE_CACHE: '' },
});

export default defineConfig({
  root: ROOT,
  define: { __TOKENDECK_HELP__: JSON.stringify(HELP) },
  ssr: { noExternal: true },
  plugins: [
    {
      // dist/cli/*.js are CommonJS, whatever the root package.json's "type" says.
      name: 'commonjs-package',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "commonjs" }\n' });
      },
    },
  ],
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/cli',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { tokendeck: 'main/cli.ts' },
      external: ['@napi-rs/keyring', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: {
        format: 'cjs',
        // import('node:…') as a deferred require() too, not kept as import(): the chunks are
        // compiled by hand on Node 20 (cli/code-cache.ts), where an import() would have no loader.
        dynamicImportInCjs: false,
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : ''),
        // A group takes its modules' dependencies along; the higher priority chooses first.
        codeSplitting: {
          groups: [
            { name: 'descriptor-writer', test: DESCRIPTOR_WRITER, priority: 4 },
            { name: 'agent-client', test: AGENT_CLIENT, priority: 3 },
            { name: 'dispatch', test: DISPATCH, priority: 2 },
            { name: 'core', test: onTheTokenPath, priority: 1 },
          ],
        },
      },
    },
  },
});
