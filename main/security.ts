// The window's secure defaults and the checks main applies to pages and IPC senders, kept free of
// Electron so tests can hold them to the security invariants of docs/ARCHITECTURE.md.
import path from 'node:path';
import { TokendeckError } from './core/errors.js';

/** The app's own pages are served from this privileged custom scheme, not file://. */
export const APP_SCHEME = 'tokendeck';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  } as const;
}

/** What a `setWindowOpenHandler` sees (Electron's HandlerDetails, the fields we use). */
export interface WindowOpenRequest {
  url: string;
  /** 'foreground-tab' / 'background-tab' for a clicked link; 'new-window' for script window.open. */
  disposition: string;
}

/**
 * No window ever opens inside the app. A link the user clicked to an https page opens in their
 * browser; anything else (script-opened windows, http, file:, javascript:, custom schemes) is
 * dropped.
 */
export function decideWindowOpen(request: WindowOpenRequest): { action: 'deny'; openExternally?: string } {
  const clicked = request.disposition === 'foreground-tab' || request.disposition === 'background-tab';
  let url: URL | undefined;
  try {
    url = new URL(request.url);
  } catch {
    url = undefined;
  }
  return clicked && url?.protocol === 'https:' && !url.username && !url.password ? { action: 'deny', openExternally: url.toString() } : { action: 'deny' };
}

/** The window stays on the app's page: any navigation elsewhere is prevented. */
export const mayNavigate = (url: string) => isAppPage(url);

/** No permission (camera, notifications, clipboard read, geolocation…) is ever granted to a page. */
export const grantPermission = (_permission: string) => false;

/** The sender of an IPC call, as Electron describes it (the fields we check). */
export interface IpcSender {
  url: string;
  /** Whether it is a sub-frame (an iframe) rather than the top-level page. */
  isSubFrame: boolean;
}

/** Only the app's own top-level page may call main (ARCHITECTURE.md, The contract). */
export const acceptsIpcFrom = (sender: IpcSender | null | undefined) => !!sender && !sender.isSubFrame && isAppPage(sender.url);

/** Only the app's own top-level page may call main. */
export function isAppPage(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Maps a `tokendeck://app/...` request to a file inside the built renderer, or undefined for
 * anything that would escape it (`..`, encoded separators) or another host.
 */
export function resolveAppAsset(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (relative.includes('\0') || relative.includes('\\')) return undefined;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative === '/' ? '/index.html' : relative}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/**
 * What main hands the system browser for a sign-in (shell.openExternal would also run file:, smb:,
 * custom schemes): a web page only, and never one carrying credentials in its authority.
 */
export function browserUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username || parsed.password) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', 'The sign-in page is not an http(s) address; nothing was opened.');
  }
  return parsed.toString();
}
