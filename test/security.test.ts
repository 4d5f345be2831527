// ARCHITECTURE.md, security invariant 4 and Electron's security checklist, as far as they can be checked
// without the Electron binary: the decisions main/index.ts and main/ipc/register.ts delegate here.
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptsIpcFrom, CONTENT_SECURITY_POLICY, decideWindowOpen, grantPermission, isAppPage, mayNavigate, resolveAppAsset, secureWebPreferences } from '../main/security.js';

describe('window security', () => {
  it('uses the secure web preferences', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('has a CSP without eval, inline script or remote sources', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('puts the same CSP in the renderer page', () => {
    const html = fs.readFileSync(path.join(import.meta.dirname, '..', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta?.split('; ').sort()).toEqual(CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).sort());
  });

  it('accepts IPC only from the app page', () => {
    expect(isAppPage('tokendeck://app/index.html')).toBe(true);
    for (const url of ['https://evil.test/', 'file:///index.html', 'tokendeck://other/index.html', 'about:blank', '', undefined]) {
      expect(isAppPage(url)).toBe(false);
    }
  });

  it('serves only files inside the renderer folder', () => {
    const root = path.resolve('/opt/tokendeck/renderer');
    expect(resolveAppAsset(root, 'tokendeck://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'tokendeck://app/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    expect(resolveAppAsset(root, 'tokendeck://app/../secret')).toBe(path.join(root, 'secret'));
    // The URL parser already folds plain and %2e dot segments into the root.
    expect(resolveAppAsset(root, 'tokendeck://app/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    // Encoded separators survive the parser and are caught after decoding.
    for (const url of ['tokendeck://app/a%2F..%2F..%2F..%2Fetc%2Fpasswd', 'tokendeck://app/a%5c..%5c..%5cx', 'tokendeck://evil/index.html', 'tokendeck://app/%E0%A4%A', 'tokendeck://app/a%00b']) {
      expect(resolveAppAsset(root, url)).toBeUndefined();
    }
  });

  it('opens only clicked https links, in the browser, and never a window in the app', () => {
    expect(decideWindowOpen({ url: 'https://docs.musicapi.com/auth', disposition: 'foreground-tab' })).toEqual({ action: 'deny', openExternally: 'https://docs.musicapi.com/auth' });
    const refused = [
      { url: 'https://example.com/', disposition: 'new-window' }, // window.open from script
      { url: 'https://example.com/', disposition: 'other' },
      { url: 'http://example.com/', disposition: 'foreground-tab' },
      { url: 'file:///etc/passwd', disposition: 'foreground-tab' },
      { url: 'javascript:alert(1)', disposition: 'foreground-tab' },
      { url: 'smb://host/share', disposition: 'foreground-tab' },
      { url: 'https://user:pass@example.com/', disposition: 'foreground-tab' },
      { url: 'not a url', disposition: 'foreground-tab' },
    ];
    for (const request of refused) expect(decideWindowOpen(request)).toEqual({ action: 'deny' });
  });

  it('keeps the window on the app page', () => {
    expect(mayNavigate('tokendeck://app/index.html')).toBe(true);
    for (const url of ['https://evil.test/', 'file:///tmp/x.html', 'tokendeck://evil/', 'data:text/html,hi', 'about:blank']) expect(mayNavigate(url)).toBe(false);
  });

  it('grants no permission request', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'openExternal', 'fullscreen']) {
      expect(grantPermission(permission)).toBe(false);
    }
  });

  it('answers IPC only from the top-level app page, never from a sub-frame or another origin', () => {
    expect(acceptsIpcFrom({ url: 'tokendeck://app/index.html', isSubFrame: false })).toBe(true);
    expect(acceptsIpcFrom({ url: 'tokendeck://app/index.html', isSubFrame: true })).toBe(false);
    expect(acceptsIpcFrom({ url: 'https://evil.test/', isSubFrame: false })).toBe(false);
    expect(acceptsIpcFrom(null)).toBe(false);
    expect(acceptsIpcFrom(undefined)).toBe(false);
  });

  it('gives the Electron layer no way around these decisions', () => {
    // The shell must use the tested decisions, not its own: a regression here is a silent hole.
    const main = fs.readFileSync(path.join(import.meta.dirname, '..', 'main', 'index.ts'), 'utf8');
    expect(main).toContain('decideWindowOpen(details)');
    expect(main).toMatch(/will-navigate[\s\S]*mayNavigate/);
    expect(main).toMatch(/setPermissionRequestHandler\([^\n]*grantPermission/);
    expect(main).toMatch(/setPermissionCheckHandler\([^\n]*grantPermission/);
    expect(main).toMatch(/will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(main).not.toMatch(/openExternal\((?!openExternally)/);
    const register = fs.readFileSync(path.join(import.meta.dirname, '..', 'main', 'ipc', 'register.ts'), 'utf8');
    expect(register).toContain('acceptsIpcFrom(');
    // No window anywhere enables what the checklist forbids.
    for (const file of ['index.ts', 'security.ts']) {
      const text = fs.readFileSync(path.join(import.meta.dirname, '..', 'main', file), 'utf8');
      expect(text).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true|enableBlinkFeatures|experimentalFeatures:\s*true|webviewTag:\s*true|allowpopups/);
    }
    const preload = fs.readFileSync(path.join(import.meta.dirname, '..', 'preload', 'index.ts'), 'utf8');
    // The preload exposes the typed API only: never ipcRenderer or another Electron object itself.
    expect(preload).toMatch(/exposeInMainWorld\(\s*'tokendeck',\s*buildApi\(/);
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
  });

  it('logs nothing: no console call in main, the preload or the renderer', () => {
    const root = path.join(import.meta.dirname, '..');
    const files = ['main', 'preload', path.join('renderer', 'src')].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.(ts|tsx|cjs)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name)),
    );
    expect(files.length).toBeGreaterThan(50);
    // export-code.ts writes a console.log into the fetch snippet it generates for the user: text, not a call.
    const generated = path.join(root, 'main', 'core', 'console', 'export-code.ts');
    const offenders = files.filter((file) => file !== generated && /(?<![.\w])console\.(log|error|warn|info|debug|trace)\(/.test(fs.readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
