// Electron's clipboard as Tokendeck's SystemClipboard. Electron writes plain text here: it cannot
// put text and a custom format (Linux `x-kde-passwordManagerHint`, macOS concealed type) in one
// write today, so the secret marker is not set (SECURITY.md); the timed clear still applies.
import { clipboard } from 'electron';
import type { SystemClipboard } from './core/clipboard-guard.js';

export const electronClipboard: SystemClipboard = {
  writeSecret: (text) => clipboard.writeText(text),
  writeText: (text) => clipboard.writeText(text),
  readText: () => clipboard.readText(),
  clear: () => clipboard.clear(),
};
