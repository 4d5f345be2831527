// DESIGN.md security invariant 4, as far as it can be checked without the Electron binary.
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppPage, resolveAppAsset, secureWebPreferences } from '../main/security.js';

describe('window security', () => {
  it('uses the secure web preferences', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
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
});
