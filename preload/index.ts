// Runs sandboxed (CommonJS): turns the contract's names (channel-names.ts, no schemas, so no zod
// in this bundle) into `window.tokendeck`. It holds nothing itself; every call goes to main, which validates it.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './channel-names.js';

contextBridge.exposeInMainWorld(
  'tokendeck',
  buildApi(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (event, listener) => {
      // The renderer gets the payload only, never the IpcRendererEvent (it exposes `sender`).
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => ipcRenderer.removeListener(event, forward);
    },
  ),
);
