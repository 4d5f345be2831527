// A locked keyring, in a D-Bus session of its own so locking it cannot disturb other tests.
// Headless, the unlock prompt cannot be shown and is dismissed, as when a user cancels it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';

const run = promisify(execFile);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-locked-'));
afterEach(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  recordCount('fault cases', 1);
});

const SCRIPT = `
printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
node "$CLI" org add acme --provider musicapi 2>/dev/null
dbus-send --session --dest=org.freedesktop.secrets --type=method_call /org/freedesktop/secrets \\
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login
printf %s "$SECRET" | node "$CLI" client add acme/web --env dev --client-id 3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70 --secret-stdin
echo "exit=$?"
node "$CLI" list --json
`;

function runtimeDir(): string {
  const dir = path.join(scratch, 'runtime');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

describe('locked keyring', () => {
  it('answers KEYCHAIN_UNAVAILABLE naming the lock and its remedy, and saves nothing', async () => {
    const secret = 'locked-secret-0b7e';
    const env = {
      ...process.env,
      XDG_DATA_HOME: path.join(scratch, 'data'),
      // Its own runtime folder too: gnome-keyring finds a running daemon through the control
      // socket there, and must not reach (and lock) the one the other tests share.
      XDG_RUNTIME_DIR: runtimeDir(),
      TOKENDECK_HOME: path.join(scratch, 'home'),
      TOKENDECK_KEYCHAIN_SERVICE: 'tokendeck-test-locked',
      CLI: CLI_PATH,
      SECRET: secret,
    };
    const { stdout, stderr } = await run('dbus-run-session', ['--', 'sh', '-c', SCRIPT], { env, timeout: 60_000 });
    expect(stdout).toContain('exit=1');
    expect(stderr).toMatch(/KEYCHAIN_UNAVAILABLE: Could not save to the keychain: the keyring is locked\. Unlock it/);
    expect(stderr).not.toContain(secret);
    const tree = JSON.parse(stdout.slice(stdout.indexOf('{')));
    expect(tree.organizations[0].clients).toEqual([]);
    expect(fs.readFileSync(path.join(scratch, 'home', 'vault.json'), 'utf8')).not.toContain(secret);
  });
});
