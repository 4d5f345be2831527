// Electron edge: binds each contract channel to ipcMain, after checking the sender is the app's
// own page. Everything else happens in dispatch().
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Result } from '../../preload/contract.js';
import { acceptsIpcFrom } from '../security.js';
import { dispatch, type Handlers } from './handlers.js';

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This call did not come from the Tokendeck window and was refused.' },
};

export function registerIpc(handlers: Handlers): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      if (!acceptsIpcFrom(frame && { url: frame.url, isSubFrame: frame.parent !== null })) return FORBIDDEN;
      return dispatch(handlers, channel, payload);
    });
  }
}
