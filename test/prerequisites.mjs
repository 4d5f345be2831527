// The first step of `npm test`: checks what the suites need from the system before anything
// runs, so a bare machine never gets half a run. On Debian/Ubuntu as root it installs what is
// missing with apt-get; as a normal user it stops at once with the exact command to run. On
// macOS and Windows the OS keychain is used and only a Chromium is needed.
// Plain Node, no dependencies: it runs before `npm run build` and must work on a fresh clone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from './support/find-chromium.mjs';

/** What the Linux suites run, and the Debian package that brings each. */
export const LINUX_TOOLS = [
  { command: 'dbus-run-session', package: 'dbus', why: 'a private D-Bus session for the keychain tests' },
  { command: 'dbus-send', package: 'dbus', why: 'checking the Secret Service is up' },
  { command: 'gnome-keyring-daemon', package: 'gnome-keyring', why: 'the real Secret Service' },
  { command: 'secret-tool', package: 'libsecret-tools', why: 'seeing what Tokendeck stored' },
  { command: 'Xvfb', package: 'xvfb', why: 'a real X clipboard' },
  { command: 'xclip', package: 'xclip', why: 'reading and writing that clipboard' },
  { command: 'openssl', package: 'openssl', why: 'keys and self-signed certificates' },
  { command: 'curl', package: 'curl', why: "running the console's curl export" },
  { command: 'pass', package: 'pass', why: 'a real team secret store (pass over git)' },
  { command: 'gpg', package: 'gnupg', why: 'the encryption behind pass' },
  { command: 'git', package: 'git', why: 'sharing a pass store through a bare repository; cloning with tokendeck git-credential' },
];
const CHROMIUM_PACKAGE = 'chromium';

export function onPath(command, env = process.env) {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`, command] : [command];
  return dirs.some((dir) => names.some((name) => isExecutable(path.join(dir, name))));
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Debian packages whose commands are missing (Chromium only if none can be found). */
export function missingLinuxPackages(env = process.env) {
  const missing = new Set(LINUX_TOOLS.filter((tool) => !onPath(tool.command, env)).map((tool) => tool.package));
  if (!findChromium(env)) missing.add(CHROMIUM_PACKAGE);
  return [...missing];
}

function run(command, args, env) {
  return spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function checkLinux(env) {
  const missing = missingLinuxPackages(env);
  if (missing.length === 0) return 0;
  const install = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = onPath('apt-get', env);
  if (!hasApt) {
    process.stderr.write(`npm test needs these Debian/Ubuntu packages (or your distribution's equivalents): ${missing.join(', ')}. Install them, then run npm test again.\n`);
    return 1;
  }
  if (!isRoot) {
    process.stderr.write(`npm test needs system packages that are missing. Install them, then run npm test again:\n  sudo ${install}\n`);
    return 1;
  }
  process.stderr.write(`npm test: installing missing test prerequisites: ${install}\n`);
  // A fresh machine's package lists may be empty: update first, then install.
  if (!run('apt-get', ['update', '-qq'], env) || !run('apt-get', ['install', '-y', '-qq', ...missing], env)) {
    process.stderr.write(`npm test: apt-get could not install ${missing.join(' ')}. Install them by hand (${install}) and run npm test again.\n`);
    return 1;
  }
  const still = missingLinuxPackages(env);
  if (still.length) {
    process.stderr.write(`npm test: after apt-get, still missing: ${still.join(' ')}.\n`);
    return 1;
  }
  return 0;
}

function checkOther(env) {
  // The clipboard suites drive a private X server; there is none to start on macOS or Windows.
  const x = ['Xvfb', 'xclip'].filter((command) => !onPath(command, env));
  if (x.length) process.stderr.write(`npm test: ${x.join(' and ')} not found: the X clipboard tests (test/cli/clipboard, test/core/clipboard-guard, the e2e suites' copies) need them and will fail here.\n`);
  if (findChromium(env)) return 0;
  process.stderr.write(
    'npm test needs a Chromium or Chrome for the renderer tests and found none: set CHROMIUM_PATH to its executable, install Google Chrome, or run `npx playwright install chromium`.\n' +
      'The keychain tests use the OS keychain (macOS Keychain, Windows Credential Manager) directly.\n',
  );
  return 1;
}

export function checkPrerequisites(env = process.env) {
  return process.platform === 'linux' ? checkLinux(env) : checkOther(env);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = checkPrerequisites();
}
