// `npm test` (and `npm test -- <pattern>`): the system prerequisites, then lint, typecheck and
// build side by side (independent; one at a time they were ~50 s of every run on 2 cores), then
// the suite against a private keyring. Arguments after `--` go to vitest: a file or a pattern
// runs that subset, with the same prerequisites. Plain Node: it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const startedAt = Date.now();
// Run from npm, node_modules/.bin is on PATH already; run by hand, it is put there.
const env = { ...process.env, PATH: [path.join(root, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter) };

function step(name, command, args) {
  return new Promise((resolve) => {
    const began = Date.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, ok: false, output: `${output}${error.message}\n`, seconds: 0 }));
    child.on('close', (code) => resolve({ name, ok: code === 0, output, seconds: (Date.now() - began) / 1000 }));
  });
}

const prerequisites = spawnSync(process.execPath, [path.join(root, 'test', 'prerequisites.mjs')], { cwd: root, env, stdio: 'inherit' });
if (prerequisites.status !== 0) process.exit(prerequisites.status ?? 1);

const checks = await Promise.all([
  step('lint', 'eslint', ['.']),
  step('typecheck', 'tsc', ['-b']),
  step('build', 'npm', ['run', '--silent', 'build']),
]);
for (const check of checks) {
  // npm 11 on Node 20 warns about devEngines on every call (package.json asks 22.12 for development).
  const output = check.output.split('\n').filter((line) => !line.startsWith('npm warn EBADDEVENGINES')).join('\n').trim();
  process.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name} (${check.seconds.toFixed(1)} s)\n${output ? `${output}\n` : ''}`);
}
if (checks.some((check) => !check.ok)) {
  process.stderr.write(`\nnpm test: ${checks.filter((check) => !check.ok).map((check) => check.name).join(', ')} failed; the suite did not run.\n`);
  process.exit(1);
}

const suite = spawnSync('sh', [path.join(root, 'test', 'with-keyring.sh'), 'vitest', 'run', '--config', 'test/vitest.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  env: { ...env, TOKENDECK_TEST_STARTED_AT: String(startedAt) },
  stdio: 'inherit',
});
process.exit(suite.status ?? 1);
