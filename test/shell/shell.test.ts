// The Electron shell as built (dist/main/index.js and dist/preload/index.cjs), run in plain Node
// with `electron` replaced by a recording stand-in (electron-stand-in.mjs). The Electron binary
// cannot be had here; this runs *our* shell code: the protocol handler, IPC registration and
// sender check, the window's preferences and guards, start-up with a broken keychain, the single
// instance and quitting, the app as the CLI's agent behind its approval dialog. The Playwright `_electron` test (test/e2e/electron.test.ts) covers the
// real window where the binary exists.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../preload/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../main/security.js';
import { runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(root, 'dist/main/index.js');
const PRELOAD = path.join(root, 'dist/preload/index.cjs');
const REGISTER = fileURLToPath(new URL('./register-electron.mjs', import.meta.url));
const APP_PAGE = 'tokendeck://app/index.html';

interface WindowRecord {
  options: { width: number; minWidth: number; minHeight: number; webPreferences: Record<string, unknown> };
  loadedUrl?: string;
  shown: number;
  focused: number;
  restored: number;
}
interface Recorded {
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  userData?: string;
  singleInstanceLockRequested: boolean;
  quitCalls: number;
  quitted: boolean;
  windows: WindowRecord[];
  ipcChannels: string[];
  /** What main pushed to its windows (webContents.send). */
  sent: Array<{ channel: string; payload: unknown }>;
  externalOpens: string[];
  dialogs: Array<{ type: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; signal?: string }>;
}

class Shell {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: { id?: number; answer?: unknown; failure?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.failure) waiter?.reject(new Error(message.failure));
      else waiter?.resolve(message.answer);
    });
    child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  send<T>(command: string, fields: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command, ...fields });
    });
  }

  state = () => this.send<Recorded>('state');
  invoke = (channel: string, payload: unknown, senderUrl: string | null = APP_PAGE, isSubFrame = false) =>
    this.send<{ result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>('invoke', { channel, payload, senderUrl, isSubFrame }).then((a) => a.result);

  async until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 500; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`The shell never got there. Its stderr: ${this.stderr}`);
  }

  stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill();
    return this.exited;
  }
}

const shells: Shell[] = [];
const sandboxes: Sandbox[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await Promise.all(shells.splice(0).map((s) => s.stop()));
  await Promise.all(sandboxes.splice(0).map((s) => s.cleanup()));
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function launch(env: NodeJS.ProcessEnv): Shell {
  const child = fork(MAIN, [], { execArgv: ['--import', REGISTER], env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const shell = new Shell(child);
  shells.push(shell);
  return shell;
}

async function started(extraEnv: NodeJS.ProcessEnv = {}): Promise<{ shell: Shell; sandbox: Sandbox }> {
  const sandbox = createSandbox();
  sandboxes.push(sandbox);
  const shell = launch({ ...sandbox.env, TOKENDECK_CLIPBOARD_CLEAR_MS: '600000', ...extraEnv });
  await shell.until(shell.state, (s) => s.windows.length === 1 && s.ipcChannels.length > 0);
  return { shell, sandbox };
}

describe('the Electron shell, run from dist/main/index.js', () => {
  it('serves the renderer over tokendeck:// with the CSP header and refuses traversal', async () => {
    const { shell } = await started();
    const state = await shell.state();
    expect(state.privilegedSchemes).toEqual([{ scheme: 'tokendeck', privileges: { standard: true, secure: true, supportFetchAPI: false } }]);

    type Fetched = { status: number; headers: Record<string, string>; body: string };
    const page = await shell.send<Fetched>('fetch', { url: APP_PAGE });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.body).toContain('<div id="root">');
    const script = page.body.match(/src="\.?\/?(assets\/[^"]+\.js)"/)![1]!;
    const asset = await shell.send<Fetched>('fetch', { url: `tokendeck://app/${script}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

    for (const url of ['tokendeck://app/missing.js', 'tokendeck://app/assets', 'tokendeck://app/..%2f..%2fpackage.json', 'tokendeck://app/%2e%2e/%2e%2e/package.json', 'tokendeck://app/assets/..%5c..%5cpackage.json', 'tokendeck://other/index.html']) {
      const refused = await shell.send<Fetched>('fetch', { url });
      expect(refused.status, url).toBe(404);
      expect(refused.body).not.toContain('"name": "tokendeck"');
    }
  });

  it('opens one window with the secure web preferences and an existing preload', async () => {
    const { shell, sandbox } = await started();
    const state = await shell.state();
    const [window] = state.windows;
    expect(window!.loadedUrl).toBe(APP_PAGE);
    expect(window!.options.minWidth).toBe(900);
    expect(window!.options.minHeight).toBe(600);
    const prefs = window!.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(prefs.preload).toBe(PRELOAD);
    expect(fs.existsSync(prefs.preload as string)).toBe(true);
    // The app and the CLI share one folder.
    expect(state.userData).toBe(sandbox.home);
  });

  it('denies navigation, window.open, permissions and webviews', async () => {
    const { shell } = await started();
    for (const event of ['will-navigate', 'will-redirect']) {
      expect((await shell.send<{ prevented: boolean }>('navigate', { event, url: 'https://evil.example/' })).prevented).toBe(true);
      expect((await shell.send<{ prevented: boolean }>('navigate', { event, url: 'file:///etc/passwd' })).prevented).toBe(true);
      expect((await shell.send<{ prevented: boolean }>('navigate', { event, url: APP_PAGE })).prevented).toBe(false);
    }
    expect(await shell.send('windowOpen', { url: 'https://docs.example/', disposition: 'new-window' })).toEqual({ action: 'deny' });
    expect(await shell.send('windowOpen', { url: 'javascript:alert(1)', disposition: 'foreground-tab' })).toEqual({ action: 'deny' });
    // A clicked https link goes to the browser, never into a Tokendeck window.
    expect(await shell.send('windowOpen', { url: 'https://docs.example/guide', disposition: 'foreground-tab' })).toEqual({ action: 'deny' });
    expect((await shell.state()).externalOpens).toEqual(['https://docs.example/guide']);
    expect(await shell.send('permission', { permission: 'clipboard-read' })).toEqual({ granted: false, checked: false });
    expect(await shell.send('permission', { permission: 'notifications' })).toEqual({ granted: false, checked: false });
    expect((await shell.send<{ prevented: boolean }>('webviewAttach')).prevented).toBe(true);
  });

  it('registers every contract channel and refuses a sender that is not the app page', async () => {
    const { shell } = await started();
    expect([...(await shell.state()).ipcChannels].sort()).toEqual([...CHANNELS].sort());
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('did not come from the Tokendeck window') } };
    for (const channel of CHANNELS) {
      expect(await shell.invoke(channel, {}, 'https://evil.example/'), channel).toEqual(forbidden);
      expect(await shell.invoke(channel, {}, 'tokendeck://app/index.html', true), channel).toEqual(forbidden);
      expect(await shell.invoke(channel, {}, null), channel).toEqual(forbidden);
    }
    // From the app's own page, the same registration reaches the real core.
    expect(await shell.invoke('org.add', { name: 'acme', provider: 'musicapi' })).toMatchObject({ ok: true, value: { name: 'acme' } });
    expect(await shell.invoke('vault.tree', {})).toMatchObject({ ok: true, value: { organizations: [{ name: 'acme' }] } });
  });

  it("asks main's own dialog before a stored secret goes to a new host: Cancel first and the default; cancelled, nothing changes", async () => {
    const { shell, sandbox } = await started();
    await shell.invoke('org.add', { name: 'partner', provider: 'oauth2', tokenUrl: 'http://127.0.0.1:9/token' });
    await shell.invoke('client.add', { org: 'partner', client: { name: 'svc', environment: 'dev', clientId: 'svc' }, secret: 'shell-secret-77e1' });
    const before = sandbox.storeText();
    const answer = await shell.invoke('org.update', { org: 'partner', changes: { tokenUrl: 'http://127.0.0.1:10/token' } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(sandbox.storeText()).toBe(before);
    const [dialog] = (await shell.state()).dialogs;
    expect(dialog).toMatchObject({ type: 'warning', buttons: ['Cancel', expect.any(String)], defaultId: 0, cancelId: 0 });
    expect(`${dialog!.message} ${dialog!.detail}`).toContain('127.0.0.1:10');
    expect(JSON.stringify(dialog)).not.toContain('shell-secret-77e1');
  });

  it('applies the change when the user clicks the confirming button', async () => {
    const { shell, sandbox } = await started({ STAND_IN_DIALOG_RESPONSE: '1' });
    await shell.invoke('org.add', { name: 'partner', provider: 'oauth2', tokenUrl: 'http://127.0.0.1:9/token' });
    await shell.invoke('client.add', { org: 'partner', client: { name: 'svc', environment: 'dev', clientId: 'svc' }, secret: 'shell-secret-77e1' });
    expect(await shell.invoke('org.update', { org: 'partner', changes: { tokenUrl: 'http://127.0.0.1:10/token' } })).toMatchObject({ ok: true, value: { tokenUrl: 'http://127.0.0.1:10/token' } });
    expect((await shell.state()).dialogs).toHaveLength(1);
    expect(sandbox.vault.organization('partner').tokenUrl).toBe('http://127.0.0.1:10/token');
  });

  it('releases the vault lock on SIGINT and SIGTERM: the running shell listens for both', async () => {
    const { shell } = await started();
    expect(await shell.send('signals')).toEqual({ SIGINT: 1, SIGTERM: 1, exit: 1 });
  });

  it('focuses the running window on a second launch, and a second launch starts nothing', async () => {
    const { shell, sandbox } = await started();
    await shell.send('minimize');
    await shell.send('secondInstance');
    const window = (await shell.state()).windows[0]!;
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);

    const second = launch({ ...sandbox.env, STAND_IN_SECOND_INSTANCE: '1' });
    const state = await second.until(second.state, (s) => s.quitCalls > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await second.state();
    expect(after.singleInstanceLockRequested).toBe(true);
    expect(after.windows).toEqual([]);
    expect(after.ipcChannels).toEqual([]);
    expect(state.quitted).toBe(true);
  });

  it('pushes vault.changed to its window when the CLI changes the vault under it', async () => {
    const { shell, sandbox } = await started();
    expect(await runTokendeck(['org', 'add', 'studio', '--provider', 'musicapi'], { env: sandbox.env })).toMatchObject({ code: 0 });
    const state = await shell.until(shell.state, (s) => s.sent.some((e) => e.channel === 'vault.changed'));
    expect(state.sent.filter((e) => e.channel === 'vault.changed')).toEqual([{ channel: 'vault.changed', payload: { organizations: true, tokens: false } }]);
  });

  it('forgets the secrets read from sources when the screen locks: the next read asks the source again', async () => {
    const { shell, sandbox } = await started();
    // A command source that counts its runs: a read kept in main's memory does not run it.
    const runs = path.join(sandbox.home, 'runs');
    const script = `require('fs').appendFileSync(${JSON.stringify(runs)}, 'x'); console.log('from-the-source-31f')`;
    fs.writeFileSync(path.join(sandbox.home, 'sources.json'), JSON.stringify({ sourcesVersion: 1, commands: { counted: { argv: [process.execPath, '-e', script] } } }));
    const ranTimes = () => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').length : 0);
    expect(await shell.invoke('sources.check', { reference: 'command:counted' })).toEqual({ ok: true, value: { reference: 'command:counted', readable: true } });
    expect(await shell.invoke('sources.check', { reference: 'command:counted' })).toMatchObject({ ok: true, value: { readable: true } });
    expect(ranTimes()).toBe(1);
    await shell.send('lockScreen');
    expect(await shell.invoke('sources.check', { reference: 'command:counted' })).toMatchObject({ ok: true, value: { readable: true } });
    expect(ranTimes()).toBe(2);
  });

  it('on quit, writes the queued console history and clears a token it copied', async () => {
    const { shell, sandbox } = await started();
    await shell.invoke('org.add', { name: 'acme', provider: 'musicapi', apiBaseUrl: 'http://127.0.0.1:9/' });
    const added = await shell.invoke('client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '2cf82db3-4064-4235-8253-16994eb51773' } });
    const seenClient = (added.value as { id: string }).id;
    expect(await shell.invoke('tokens.copy', { org: 'acme', client: 'web', seenClient, scheme: 'token' })).toMatchObject({ ok: true });
    expect((await shell.send<{ text: string }>('clipboard')).text).toBe('2cf82db3-4064-4235-8253-16994eb51773');
    // A request to a closed port: its history entry is queued, written in the next batch.
    await shell.invoke('console.send', { requestId: crypto.randomUUID(), seenClient, request: { org: 'acme', client: 'web', scheme: 'token', method: 'GET', url: '/ping' } });

    await shell.send('quit');
    const state = await shell.until(shell.state, (s) => s.quitted);
    expect(state.quitCalls).toBe(2);
    expect((await shell.send<{ text: string }>('clipboard')).text).toBe('');
    const consoleFile = JSON.parse(fs.readFileSync(path.join(sandbox.home, 'console.json'), 'utf8'));
    expect(JSON.stringify(consoleFile)).toContain('/ping');
  });

  /** The app as the CLI's agent, on a socket of this test's own (as `tokendeck agent` would be). */
  async function startedAsAgent(dialogResponse: number): Promise<{ shell: Shell; sandbox: Sandbox; socket: string; cli: (args: string[]) => ReturnType<typeof runTokendeck> }> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-shell-agent-'));
    cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const socket = path.join(folder, 'agent.sock');
    const { shell, sandbox } = await started({ TOKENDECK_AGENT_SOCKET: socket, STAND_IN_DIALOG_RESPONSE: String(dialogResponse) });
    await shell.invoke('org.add', { name: 'acme', provider: 'musicapi', apiBaseUrl: 'http://127.0.0.1:9/' });
    await shell.invoke('client.add', { org: 'acme', client: { name: 'web', environment: 'dev', clientId: '2cf82db3-4064-4235-8253-16994eb51773' } });
    await shell.until(async () => fs.existsSync(socket), Boolean);
    // TOKENDECK_AGENT_DEBUG: the CLI says on stderr whether the agent answered, so a direct run cannot pass for one.
    return { shell, sandbox, socket, cli: (args) => runTokendeck(args, { env: { ...sandbox.env, TOKENDECK_AGENT_SOCKET: socket, TOKENDECK_AGENT_DEBUG: '1' } }) };
  }

  it("answers the CLI's token only after main's dialog: it names the program, pid and client, Deny first and the default; a denial is final", async () => {
    const { shell, sandbox, cli } = await startedAsAgent(0);
    const denied = await cli(['token', 'acme/web']);
    expect([denied.code, denied.stdout]).toEqual([1, '']);
    expect(denied.stderr).toMatch(/^tokendeck: AGENT_DENIED: /m);
    const [dialog] = (await shell.state()).dialogs;
    // Deny is also what the box becomes when its signal closes it, unanswered (APPROVAL_TIMEOUT_MS).
    expect(dialog).toMatchObject({ type: 'question', buttons: ['Deny', 'Allow once', 'Always for this program'], defaultId: 0, cancelId: 0, signal: 'AbortSignal' });
    expect(dialog!.message).toMatch(/^node \(pid \d+\) asks for a token of acme\/web$/);
    expect(dialog!.detail).toContain(`Program: ${process.execPath} `);
    // Without the agent the same command is done directly: the denial was the app's, not a failure.
    expect(await runTokendeck(['token', 'acme/web'], { env: { ...sandbox.env, TOKENDECK_AGENT: '0' } })).toMatchObject({ code: 0, stdout: '2cf82db3-4064-4235-8253-16994eb51773\n' });
  });

  it('answered "Always for this program": the token from the app, asked once for that program; quitting removes the socket', async () => {
    const { shell, socket, cli } = await startedAsAgent(2);
    for (let i = 0; i < 2; i++) expect(await cli(['token', 'acme/web'])).toMatchObject({ code: 0, stdout: '2cf82db3-4064-4235-8253-16994eb51773\n', stderr: `tokendeck: agent: answered by the agent at ${socket}\nUsing the token scheme (the client's default); --scheme to choose another.\n` });
    expect((await shell.state()).dialogs).toHaveLength(1);
    await shell.send('quit');
    await shell.until(shell.state, (state) => state.quitted);
    await shell.until(async () => fs.existsSync(socket), (exists) => !exists);
  });
});

describe('the built preload, in a VM context with contextBridge and ipcRenderer stand-ins', () => {
  it('exposes exactly the contract: one method per channel and `on`, nothing else', () => {
    const exposed: Record<string, unknown> = {};
    const invoked: Array<[string, unknown]> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
      ipcRenderer: { invoke: async (channel: string, input: unknown) => void invoked.push([channel, input]), on: () => undefined, removeListener: () => undefined },
    };
    const module = { exports: {} };
    const context = vm.createContext({ module, exports: module.exports, require: (name: string) => (name === 'electron' ? electron : undefined) });
    vm.runInContext(fs.readFileSync(PRELOAD, 'utf8'), context, { filename: PRELOAD });

    expect(Object.keys(exposed)).toEqual(['tokendeck']);
    const api = exposed.tokendeck as Record<string, Record<string, unknown>>;
    const methods = Object.entries(api).flatMap(([group, value]) => (typeof value === 'function' ? [group] : Object.keys(value).map((m) => `${group}.${m}`)));
    expect(methods.sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const value of Object.values(api)) if (typeof value !== 'function') for (const fn of Object.values(value)) expect(typeof fn).toBe('function');
    void (api.vault!.tree as (input: unknown) => Promise<unknown>)({});
    expect(invoked).toEqual([['vault.tree', {}]]);
  });
});

describe('start-up with the keychain missing, then back', () => {
  it('answers KEYCHAIN_UNAVAILABLE to the window, and "Try again" works once it is back', async () => {
    // A D-Bus address with nothing listening yet: the Secret Service is missing at start-up.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-nobus-'));
    cleanups.push(() => fs.rmSync(scratch, { recursive: true, force: true }));
    const runtime = path.join(scratch, 'runtime');
    fs.mkdirSync(runtime, { mode: 0o700 });
    const address = `unix:path=${path.join(scratch, 'bus')}`;
    const sandbox = createSandbox();
    sandboxes.push(sandbox);
    const env = { ...sandbox.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: path.join(scratch, 'data') };
    const shell = launch(env);
    await shell.until(shell.state, (s) => s.windows.length === 1 && s.ipcChannels.length > 0);

    const failed = await shell.invoke('vault.checkKeychain', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringMatching(/Secret Service|keychain/) } });

    // The keyring comes up (the user logs in, or starts it): a bus at that address, a keyring on it.
    const bus = spawn('dbus-daemon', ['--session', `--address=${address}`, '--nofork', '--nopidfile'], { stdio: 'ignore' });
    cleanups.push(() => bus.kill());
    await shell.until(async () => fs.existsSync(path.join(scratch, 'bus')), Boolean);
    const keyring = spawn('sh', ['-c', 'printf pw | gnome-keyring-daemon --unlock --components=secrets --foreground'], { env, stdio: ['ignore', 'ignore', 'ignore'], detached: true });
    cleanups.push(() => {
      try {
        process.kill(-keyring.pid!);
      } catch {
        // already gone
      }
    });

    const answered = await shell.until(() => shell.invoke('vault.checkKeychain', {}), (r) => r.ok);
    expect(answered).toEqual({ ok: true, value: null });
  });
});
