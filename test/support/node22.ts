// A Node 22 binary for the tests that run the built CLI under it (the compile cache the CLI turns
// on exists from Node 22.1; the suite itself runs on Node 20). It is the npm registry's
// `node-<platform>-<arch>` package (the binary nodejs.org ships, no install script), installed once
// under node_modules/.cache and reused by later runs. The first run needs the registry; without
// it this throws, naming what it could not get, so the test fails rather than passing or
// skipping unseen.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE22_VERSION = '22.23.3';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function works(binary: string): boolean {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return run.status === 0 && run.stdout.trim() === `v${NODE22_VERSION}`;
}

/** The path of a Node 22 binary, installed from the npm registry the first time. */
export function node22(): string {
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const prefix = path.join(ROOT, 'node_modules', '.cache', 'tokendeck-tests', `${pkg}-${NODE22_VERSION}`);
  const binary = path.join(prefix, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (fs.existsSync(binary) && works(binary)) return binary;
  fs.mkdirSync(prefix, { recursive: true });
  // --prefix outweighs the npm_config_* that `npm test` hands down; the user's registry settings still apply.
  const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${NODE22_VERSION}`], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0 || !works(binary)) {
    throw new Error(
      `Could not get Node ${NODE22_VERSION} (${pkg}) from the npm registry into ${prefix}; this test runs the CLI under Node 22 and needs it ` +
        `(network to the registry, once). npm said: ${(install.stderr || install.error?.message || '').trim().split('\n').slice(0, 4).join(' ')}`,
    );
  }
  return binary;
}
