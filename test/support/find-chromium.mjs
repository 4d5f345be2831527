// Where the tests find a Chromium: CHROMIUM_PATH, the system's Chromium or Chrome, or a browser
// Playwright installed. One search for the prerequisite check and the browser harness.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function playwrightBrowsers(env) {
  const home = os.homedir();
  const root =
    env.PLAYWRIGHT_BROWSERS_PATH ||
    (process.platform === 'darwin'
      ? path.join(home, 'Library', 'Caches', 'ms-playwright')
      : process.platform === 'win32'
        ? path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'ms-playwright')
        : path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'ms-playwright'));
  let dirs;
  try {
    dirs = fs.readdirSync(root).filter((name) => /^chromium-\d+$/.test(name)).sort().reverse();
  } catch {
    return [];
  }
  const inside = {
    linux: [['chrome-linux', 'chrome'], ['chrome-linux64', 'chrome']],
    darwin: [['chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'], ['chrome-mac-arm64', 'Chromium.app', 'Contents', 'MacOS', 'Chromium']],
    win32: [['chrome-win', 'chrome.exe'], ['chrome-win64', 'chrome.exe']],
  }[process.platform] ?? [];
  return dirs.flatMap((dir) => inside.map((parts) => path.join(root, dir, ...parts)));
}

function systemBrowsers(env) {
  switch (process.platform) {
    case 'darwin':
      return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
    case 'win32': {
      const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
      return roots.map((root) => path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    }
    default:
      return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  }
}

/** The executable to launch, or undefined. A CHROMIUM_PATH that does not exist finds nothing. */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return fs.existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return [...systemBrowsers(env), ...playwrightBrowsers(env)].find((file) => fs.existsSync(file));
}
