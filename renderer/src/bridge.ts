// The renderer's one client for main: `window.tokendeck`, typed by the contract. In Electron the
// preload puts it there; in the browser test harness a WebSocket shim does.
import type { TokendeckApi } from '../../preload/contract.js';

declare global {
  interface Window {
    tokendeck: TokendeckApi;
  }
}

export const tokendeck = (): TokendeckApi => window.tokendeck;
