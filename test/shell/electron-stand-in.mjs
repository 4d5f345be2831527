// A test-only stand-in for the `electron` module, so the built shell (dist/main/index.js) runs in
// plain Node. It is not Electron and does not pretend to be: it records what the shell asks of
// it (windows, web preferences, protocol and IPC handlers, quit) and lets the test, its parent
// process, drive those handlers over the fork IPC channel. What is checked is our code.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const recorded = {
  privilegedSchemes: [],
  userData: undefined,
  singleInstanceLockRequested: false,
  quitCalls: 0,
  quitted: false,
  windows: [],
  ipcChannels: [],
  externalOpens: [],
  notifications: [],
  dialogs: [],
  sent: [],
};
const protocolHandlers = new Map();
const ipcHandlers = new Map();
let permissionRequestHandler;
let permissionCheckHandler;
let clipboardText = '';

class App extends EventEmitter {
  #ready = new Promise((resolve) => setImmediate(resolve));
  setPath(name, value) {
    if (name === 'userData') recorded.userData = value;
  }
  getPath() {
    return recorded.userData;
  }
  requestSingleInstanceLock() {
    recorded.singleInstanceLockRequested = true;
    // The test plays a second launch by saying another instance holds the lock.
    return process.env.STAND_IN_SECOND_INSTANCE !== '1';
  }
  whenReady() {
    return this.#ready;
  }
  quit() {
    recorded.quitCalls += 1;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) recorded.quitted = true;
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  windowOpenHandler;
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, payload) {
    recorded.sent.push({ channel, payload });
  }
}

export class BrowserWindow extends EventEmitter {
  static #all = [];
  static getAllWindows() {
    return BrowserWindow.#all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return null;
  }
  constructor(options) {
    super();
    this.webContents = new WebContents();
    this.destroyed = false;
    this.record = { options, loadedUrl: undefined, shown: 0, focused: 0, restored: 0, minimized: false };
    recorded.windows.push(this.record);
    BrowserWindow.#all.push(this);
  }
  loadURL(url) {
    this.record.loadedUrl = url;
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.record.shown += 1;
  }
  focus() {
    this.record.focused += 1;
  }
  isMinimized() {
    return this.record.minimized;
  }
  restore() {
    this.record.restored += 1;
    this.record.minimized = false;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => recorded.privilegedSchemes.push(...schemes),
  handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
};

/** Only what the shell does with it: fetch a file it resolved itself. */
export const net = {
  async fetch(url) {
    const file = fileURLToPath(url);
    const body = fs.readFileSync(file);
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    return new Response(body, { status: 200, headers: { 'content-type': type } });
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler) => (permissionCheckHandler = handler),
  },
};

export const ipcMain = {
  handle(channel, handler) {
    recorded.ipcChannels.push(channel);
    ipcHandlers.set(channel, handler);
  },
};

export const shell = { openExternal: async (url) => void recorded.externalOpens.push(url) };

export class Notification {
  static isSupported() {
    return true;
  }
  constructor(options) {
    this.options = options;
  }
  show() {
    recorded.notifications.push(this.options);
  }
}

export const clipboard = {
  writeText: (text) => void (clipboardText = text),
  readText: () => clipboardText,
  clear: () => void (clipboardText = ''),
};

export const dialog = {
  async showMessageBox(_window, options) {
    // A signal (Electron closes the box as cancelled when it aborts) is recorded by its kind.
    recorded.dialogs.push({ ...options, signal: options.signal instanceof AbortSignal ? 'AbortSignal' : undefined });
    // The user's click, as the test plays it: 0 (the first button) unless told otherwise.
    return { response: Number(process.env.STAND_IN_DIALOG_RESPONSE ?? 0), checkboxChecked: false };
  },
};

/** The system's power and session events; the test emits the screen lock. */
export const powerMonitor = new EventEmitter();

export default { app, BrowserWindow, protocol, net, session, ipcMain, shell, Notification, clipboard, dialog, powerMonitor };

// The test's remote control: each message names a command; the answer carries its id.
const commands = {
  state: () => recorded,
  async fetch({ url }) {
    const handler = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) return { error: 'no protocol handler' };
    const response = await handler(new Request(url));
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  },
  async invoke({ channel, senderUrl, isSubFrame, payload }) {
    const handler = ipcHandlers.get(channel);
    if (!handler) return { error: `no handler for ${channel}` };
    const senderFrame = senderUrl === null ? null : { url: senderUrl, parent: isSubFrame ? {} : null };
    return { result: await handler({ senderFrame }, payload) };
  },
  navigate({ window = 0, event, url }) {
    let prevented = false;
    BrowserWindow.getAllWindows()[window].webContents.emit(event, { preventDefault: () => (prevented = true) }, url);
    return { prevented };
  },
  windowOpen({ window = 0, url, disposition }) {
    return BrowserWindow.getAllWindows()[window].webContents.windowOpenHandler({ url, disposition, frameName: '', features: '' });
  },
  permission({ permission }) {
    let granted;
    permissionRequestHandler({}, permission, (answer) => (granted = answer));
    return { granted, checked: permissionCheckHandler({}, permission) };
  },
  webviewAttach() {
    const contents = new WebContents();
    app.emit('web-contents-created', {}, contents);
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    return { prevented };
  },
  minimize({ window = 0 }) {
    recorded.windows[window].minimized = true;
    return {};
  },
  secondInstance() {
    app.emit('second-instance', {}, [], process.cwd());
    return {};
  },
  quit() {
    app.quit();
    return {};
  },
  lockScreen() {
    powerMonitor.emit('lock-screen');
    return {};
  },
  clipboard: () => ({ text: clipboardText }),
  signals: () => ({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') }),
};

process.on('message', async (message) => {
  try {
    const answer = await commands[message.command](message);
    process.send({ id: message.id, answer: JSON.parse(JSON.stringify(answer ?? {})) });
  } catch (error) {
    process.send({ id: message.id, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
// The parent connects and waits for this before sending commands.
process.send?.({ ready: true });
