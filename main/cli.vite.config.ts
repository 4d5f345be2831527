// Builds `tokendeck` as self-contained CommonJS modules (dependencies bundled in, except the native
// keychain binding): a tiny entry, the dispatcher with the command index and the help (written in
// at build time from the command files, so `--help` loads none), each command file in its own
// chunk (a command loads its own), one chunk with the core a credential needs (vault, store, keychain, token service, schemes,
// zod), and the core modules only some commands load, each in its own chunk. A CLI pays for
// every module file it resolves and compiles at start-up, and scripts call it often: few files on
// the token path, nothing on it that the token path does not run.
// CommonJS, in a folder whose package.json says so: Node's ES module loader costs ~10% of
// `node -e 0` before the first line runs (41 interleaved runs: an empty .mjs file 1.11×, an empty
// .cjs 1.01×). The sources stay ES modules; the bundler turns import() into a deferred require().
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** What the entry asks the agent with (agent-client.ts), before and without the dispatcher or the core. */
const AGENT_CLIENT = /main\/cli\/agent-client\.ts$|main\/core\/(home-path|agent\/agent-place|agent\/agent-protocol)\.ts$/;
/** What every command shares; the help is written into it at build time (HELP below), so it loads no command file. */
const DISPATCH = /main\/cli\/(run-cli|command-index|command|io)\.ts$|main\/core\/errors\.ts$/;
/** Core modules only some commands load: the console, setup sharing, the inspector, hand-outs, the agent. */
const OFF_THE_TOKEN_PATH = /main\/core\/(console|setup|agent)\/|main\/core\/(open-vault|jwt-inspect|token-inspect|handouts|operations|authorized-request|http\/send-request|http\/timed-agent)\.ts$/;

const onTheTokenPath = (id: string) => {
  const file = id.replaceAll('\\', '/');
  return file.includes('/node_modules/zod/') || (file.includes('/main/core/') && !OFF_THE_TOKEN_PATH.test(file));
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : ''),
        // A group takes its modules' dependencies along; the higher priority chooses first.
        codeSplitting: {
          groups: [
            { name: 'agent-client', test: AGENT_CLIENT, priority: 3 },
            { name: 'dispatch', test: DISPATCH, priority: 2 },
            { name: 'core', test: onTheTokenPath, priority: 1 },
          ],
        },
      },
    },
  },
});
