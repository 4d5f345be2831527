// Electron entry: the thin shell around the core. It opens the vault, registers IPC, serves the
// renderer from the tokendeck:// scheme and applies the window's secure defaults.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { app, BrowserWindow, net, Notification, powerMonitor, protocol, session, shell } from 'electron';
import { ClipboardGuard, DEFAULT_CLIPBOARD_CLEAR_MS } from './core/clipboard-guard.js';
import { releaseLocksOnSignals } from './core/file-lock.js';
import { reminderText } from './core/handouts.js';
import { openCore, warmUp } from './core/open-vault.js';
import { confirmDestinationChangeInDialog } from './destination-dialog.js';
import { electronClipboard } from './electron-clipboard.js';
import { RefreshScheduler } from './core/refresh-scheduler.js';
import { resolveHome } from './core/paths.js';
import { watchVault, type VaultWatch } from './core/vault-watch.js';
import { chooseCertificateFilesInDialog } from './certificate-dialog.js';
import { createHandlers } from './ipc/handlers.js';
import { startAppAgent } from './app-agent.js';
import { registerIpc } from './ipc/register.js';
import type { EventName, Events } from '../preload/contract.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  browserUrl,
  decideWindowOpen,
  grantPermission,
  mayNavigate,
  resolveAppAsset,
  secureWebPreferences,
} from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
]);
// One folder for the app and the CLI (TOKENDECK_HOME or the userData default).
app.setPath('userData', resolveHome());

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    // Inside the renderer folder but absent (or a folder): a plain 404, not a failed fetch.
    if (!file || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback) => callback(grantPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_webContents, permission) => grantPermission(permission));
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 900,
    minHeight: 600,
    title: 'Tokendeck',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler((details) => {
    const { openExternally } = decideWindowOpen(details);
    if (openExternally) void shell.openExternal(openExternally);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

// One running Tokendeck: a second launch focuses the first window instead of starting a second
// refresh scheduler and reminder timer over the same vault.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let mainWindow: BrowserWindow | undefined;

app.on('second-instance', () => {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
});

if (primary) void app.whenReady().then(start);

function start(): void {
  hardenSession();
  serveRenderer();
  // Quitting, or a signal, in the middle of a vault write leaves no lock behind.
  releaseLocksOnSignals();
  const core = openCore();
  const clearAfter = Number(process.env.TOKENDECK_CLIPBOARD_CLEAR_MS) || DEFAULT_CLIPBOARD_CLEAR_MS;
  const clipboardGuard = new ClipboardGuard(electronClipboard, clearAfter);
  const scheduler = new RefreshScheduler(core.vault, core.tokens);
  // Started by the window's first keychain check that passes: with the keychain locked or
  // missing at start-up, the window explains it and offers "Try again" (KeychainGate).
  let schedulerStarted = false;
  const keychainReady = () => {
    if (schedulerStarted) return;
    schedulerStarted = true;
    scheduler.start();
  };
  const push = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(event, payload);
  };
  registerIpc(
    createHandlers(core, clipboardGuard, {
      confirmDestinationChange: confirmDestinationChangeInDialog,
      keychainReady,
      // A sign-in's authorization page, in the system browser (RFC 8252 §4): a web page only.
      openExternal: (url) => shell.openExternal(browserUrl(url)),
      showDeviceCode: (code) => push('session.deviceCode', code),
      // A client's TLS certificate and key: main's own file dialogs, the key read here, never by the page.
      chooseCertificateFiles: chooseCertificateFilesInDialog,
    }),
  );
  core.tokens.events.on((event) => push('tokens.changed', event));
  // `tokendeck token` in a terminal asks the app first (approved per program in a dialog).
  const agent = startAppAgent(core);
  // The CLI (or anything else) changing the vault under the window: the page reloads what changed.
  // Started once the window exists (below): its first reading of the whole vault is not the
  // window's wait, and nothing is missed, as the page loads the vault only later.
  let vaultWatch: VaultWatch | undefined;
  // A day before a handed-out token expires, an OS notification (once per hand-out).
  const remind = () =>
    void core.handouts.takeDueReminders().then(
      (due) => {
        for (const handout of due) if (Notification.isSupported()) new Notification(reminderText(handout)).show();
      },
      () => undefined,
    );
  const reminders = setInterval(remind, 60_000);
  remind();
  // Quitting waits for the console's queued history and for a copied token to leave the
  // clipboard: Electron does not wait for promises, so the first quit is held back until both
  // are done, then repeated.
  let leaving = false;
  app.on('before-quit', (event) => {
    if (leaving) return;
    leaving = true;
    event.preventDefault();
    core.vault.forgetSecrets();
    scheduler.stop();
    vaultWatch?.close();
    void agent.then((running) => running?.close());
    clearInterval(reminders);
    void Promise.allSettled([clipboardGuard.clearIfStillOurs(), core.requestConsole.flushHistory()]).then(() => app.quit());
  });
  // Secrets read from the keychain, pass or Vault are kept in main's memory for a few minutes: a locked screen
  // ends that, as quitting does (the next read asks the source, and gpg its agent, again).
  powerMonitor.on('lock-screen', () => core.vault.forgetSecrets());
  mainWindow = createWindow();
  setImmediate(() => {
    warmUp(core);
    vaultWatch = watchVault(resolveHome(), core, (change) => push('vault.changed', change));
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
