// `npm test`'s first step on a machine without the system packages: as a normal user it stops at
// once, before any test, with the exact install command; it never starts a half run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve('test/prerequisites.mjs');
const isRootOnLinux = process.platform === 'linux' && process.getuid?.() === 0;

describe.skipIf(!isRootOnLinux)('npm test prerequisites (run as another user, needs root to switch)', () => {
  it('stops a normal user at once, naming the sudo apt-get line for every missing package', () => {
    // A PATH with node alone: every tool the suites use is "missing"; uid nobody is not root.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bare-'));
    fs.chmodSync(bin, 0o755);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    fs.symlinkSync('/usr/bin/apt-get', path.join(bin, 'apt-get'));
    try {
      const result = spawnSync(path.join(bin, 'node'), [script], {
        uid: 65534,
        gid: 65534,
        cwd: os.tmpdir(),
        env: { PATH: bin, HOME: '/nonexistent', CHROMIUM_PATH: '/nonexistent/chromium' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('sudo apt-get install -y dbus gnome-keyring libsecret-tools xvfb xclip openssl curl pass gnupg git chromium');
      expect(result.stdout).toBe('');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('passes on this machine, where the packages are installed', () => {
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
