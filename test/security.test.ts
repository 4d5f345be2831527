// ARCHITECTURE.md, security invariant 4 and Electron's security checklist, as far as they can be checked
// without the Electron binary: the decisions main/index.ts and main/ipc/register.ts delegate here.
// Then the rules of the security issue that hold for the app and the CLI alike (typed headers, …).
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleRequest } from '../main/core/console/console-model.js';
import { ClipboardGuard } from '../main/core/clipboard-guard.js';
import { OrganizationChanges, OrganizationInput } from '../main/core/model/inputs.js';
import { createHandlers, dispatch } from '../main/ipc/handlers.js';
import { validate } from '../renderer/src/components/validation.js';
import { runTokendeck } from './support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from './support/sandbox.js';
import { startVendorWorld, type VendorWorld } from './support/vendors.js';
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
    expect(main).not.toMatch(/openExternal\((?!openExternally|browserUrl\()/);
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

describe('typed headers: one rule for the console and `tokendeck request`', () => {
  let world: VendorWorld;
  beforeEach(async () => {
    world = await startVendorWorld();
  });
  afterEach(() => world.close());

  // The list: a typed Host fronts another domain with the credential, the others are the
  // credential or the message framing, which the HTTP client owns.
  const reserved = ['Host: evil.example', 'Content-Length: 0', 'Transfer-Encoding: chunked', 'Connection: close', 'Authorization: Token x'];

  it('the CLI refuses each with VALIDATION (exit 2) and sends nothing, not even a token exchange', async () => {
    for (const header of reserved) {
      const run = await runTokendeck(['request', 'acme/web', 'GET', '/search/introspection', '-H', header], { env: world.env });
      expect(run, header).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(new RegExp(`^tokendeck: VALIDATION: .*${header.split(':')[0]}`));
      const exchanged = await runTokendeck(['request', 'moodmap/prod', 'GET', '/', '-H', header.toLowerCase()], { env: world.env });
      expect(exchanged.code, header).toBe(2);
    }
    expect(world.musicapi.seen).toEqual([]);
    expect(world.musimap.exchanges).toBe(0);
  });

  it('the console refuses each in main, before anything is sent', async () => {
    for (const header of reserved) {
      const [name, value] = header.split(': ') as [string, string];
      const request = ConsoleRequest.parse({ org: 'acme', client: 'web', method: 'GET', url: '/search/introspection' });
      // The core path, as a caller that skips the contract's parsing would reach it.
      await expect(world.core.requestConsole.send({ requestId: crypto.randomUUID(), request: { ...request, headers: [{ name, value }] } }), header).rejects.toMatchObject({ code: 'VALIDATION' });
      // The contract's parsing says the same on the field.
      expect(ConsoleRequest.safeParse({ ...request, headers: [{ name: name.toUpperCase(), value }] }).success, header).toBe(false);
    }
    expect(world.musicapi.seen).toEqual([]);
  });
});

describe('userinfo in organization URLs', () => {
  const PASSWORD = 'Pw-0f-the-url-9131';
  const withUserinfo = `https://ops:${PASSWORD}@api.example.com/`;
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('the CLI refuses it in every URL option with VALIDATION naming the field, and never repeats the password', async () => {
    const cases: Array<[string[], string]> = [
      [['--provider', 'musicapi', '--api-url', withUserinfo], 'apiBaseUrl'],
      [['--provider', 'oauth2', '--token-url', `https://:${PASSWORD}@auth.example.com/token`], 'tokenUrl'],
      [['--provider', 'musicapi', '--allow-origin', `https://ops:${PASSWORD}@cdn.example.com`], 'allowedOrigins'],
    ];
    for (const [options, field] of cases) {
      const run = await runTokendeck(['org', 'add', 'acme', ...options], { env: sandbox.env });
      expect(run.code, field).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^tokendeck: VALIDATION: .*${field}.*must not contain a user name or password`));
      expect(run.stderr).not.toContain(PASSWORD);
    }
    expect(sandbox.vault.organizations()).toEqual([]);
    expect(readAllFiles(sandbox.home)).not.toContain(PASSWORD);
  });

  it('the contract refuses it in org.add and org.update, and the stored organization keeps its URLs', async () => {
    const handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: () => undefined, writeText: () => undefined, readText: () => '', clear: () => undefined }));
    expect(await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi', apiBaseUrl: withUserinfo })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlers, 'org.add', { name: 'acme', provider: 'musicapi', apiBaseUrl: 'https://api.example.com' })).toMatchObject({ ok: true });
    for (const changes of [{ apiBaseUrl: withUserinfo }, { tokenUrl: withUserinfo }, { allowedOrigins: [withUserinfo.slice(0, -1)] }]) {
      const field = Object.keys(changes)[0]!;
      const answer = await dispatch(handlers, 'org.update', { org: 'acme', changes });
      expect(answer, field).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(`${field}`) } });
      expect(JSON.stringify(answer)).not.toContain(PASSWORD);
    }
    expect(sandbox.vault.organization('acme')).toMatchObject({ apiBaseUrl: 'https://api.example.com', allowedOrigins: [] });
    expect(readAllFiles(sandbox.home)).not.toContain(PASSWORD);
  });

  it('the deck form shows the message on the field it is about', () => {
    const added = validate(OrganizationInput, { name: 'acme', provider: 'oauth2', tokenUrl: withUserinfo, allowedOrigins: [] });
    expect(added.errors.tokenUrl).toMatch(/must not contain a user name or password/);
    const edited = validate(OrganizationChanges, { apiBaseUrl: withUserinfo });
    expect(edited.errors.apiBaseUrl).toMatch(/must not contain a user name or password/);
    expect(JSON.stringify([added, edited])).not.toContain(PASSWORD);
  });
});

describe('standard input', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('messages name what was read: a JWT, a setup file, a client secret', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    await sandbox.vault.addClient('acme', { name: 'web', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' });
    const tooLong = 'x'.repeat(70 * 1024);
    const jwt = await runTokendeck(['inspect', '-'], { env: sandbox.env, stdin: tooLong });
    expect(jwt).toMatchObject({ code: 2, stderr: expect.stringContaining('Invalid token: standard input is far too long') });
    const secret = await runTokendeck(['client', 'set-secret', 'acme/web'], { env: sandbox.env, stdin: tooLong });
    expect(secret).toMatchObject({ code: 2, stderr: expect.stringContaining('Invalid client secret: standard input is far too long') });
    // A setup file is not held to a secret's size: 70 KB of notes import like any other.
    const setup = JSON.stringify({ tokendeckSetup: 1, organizations: Array.from({ length: 7 }, (_, i) => ({ name: `org-${i}`, provider: 'musicapi', notes: 'n'.repeat(10_000) })) });
    const imported = await runTokendeck(['import', '-', '--dry-run'], { env: sandbox.env, stdin: setup });
    expect(imported.stderr).not.toMatch(/secret/i);
    expect(imported.code).toBe(0);
  });
});

describe('names that are also Object.prototype\'s', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = createSandbox();
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  });
  afterEach(() => sandbox.cleanup());

  it('are ordinary environment names, from the CLI and the core', async () => {
    for (const environment of ['constructor', 'toString', 'hasOwnProperty']) {
      const run = await runTokendeck(['client', 'add', `acme/cli-${environment}`, '--env', environment, '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70'], { env: sandbox.env });
      expect(run, environment).toMatchObject({ code: 0 });
      await sandbox.vault.addClient('acme', { name: `core-${environment}`, environment, clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' });
    }
    // Environments are kept in lower case; "constructor" is the one that reached the prototype.
    expect(sandbox.vault.tree().organizations[0]!.clients.map((c) => c.environment).sort()).toEqual(['constructor', 'constructor', 'hasownproperty', 'hasownproperty', 'tostring', 'tostring']);
  });

  it('are refused by the name rule when they break it, not by reading the prototype', async () => {
    const run = await runTokendeck(['client', 'add', 'acme/web', '--env', '__proto__', '--client-id', '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70'], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tokendeck: VALIDATION: Invalid client: environment: use 1-64 letters/);
    await expect(sandbox.vault.addClient('acme', { name: 'web', environment: '__proto__', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.not.stringMatching(/received/) });
  });

  it('are not CLI commands', async () => {
    for (const word of ['constructor', '__proto__', 'toString']) {
      expect(await runTokendeck([word], { env: sandbox.env })).toMatchObject({ code: 2, stderr: expect.stringContaining('USAGE: unknown command') });
    }
  });
});

describe('a Tokendeck home other users could write to', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = createSandbox();
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  });
  afterEach(async () => {
    fs.chmodSync(sandbox.home, 0o700);
    if (process.getuid?.() === 0) fs.chownSync(sandbox.home, 0, 0);
    await sandbox.cleanup();
  });

  async function refused(reason: RegExp) {
    const before = sandbox.storeText();
    for (const args of [['list'], ['org', 'add', 'other', '--provider', 'musicapi']]) {
      const run = await runTokendeck(args, { env: sandbox.env });
      expect(run, args.join(' ')).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/^tokendeck: STORE_UNWRITABLE: Tokendeck will not use /);
      expect(run.stderr).toMatch(reason);
    }
    expect(sandbox.storeText()).toBe(before);
  }

  it.skipIf(process.platform === 'win32')('is refused when group- or world-writable, as ssh does', async () => {
    fs.chmodSync(sandbox.home, 0o777);
    await refused(/all users can write to it \(mode 0777\).*chmod go-w/);
    fs.chmodSync(sandbox.home, 0o770);
    await refused(/its group can write to it \(mode 0770\)/);
    // Readable by others is the user's choice (the vault holds no secret); writable is not.
    fs.chmodSync(sandbox.home, 0o755);
    expect(await runTokendeck(['list'], { env: sandbox.env })).toMatchObject({ code: 0 });
  });

  it.skipIf(process.getuid?.() !== 0)('is refused when another user owns it', async () => {
    fs.chownSync(sandbox.home, 65534, 65534);
    await refused(/belongs to another user \(uid 65534, you are 0\)/);
  });
});
