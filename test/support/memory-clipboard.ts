// The handlers over a clipboard in memory, for the tests of the contract where the clipboard is not
// what is tested (the e2e suite uses the real one), and a call that throws on a refusal.
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import type { Core } from '../../main/core/open-vault.js';
import { createHandlers, dispatch, type HandlerOptions, type Handlers } from '../../main/ipc/handlers.js';

export interface MemoryHandlers {
  handlers: Handlers;
  /** What was copied last. */
  clipboard: { text: string };
  /** The channel's answer; a refusal throws, naming its code and message. */
  call(channel: string, payload: unknown): Promise<unknown>;
}

export function handlersWithMemoryClipboard(core: Core, options?: HandlerOptions): MemoryHandlers {
  const clipboard = { text: '' };
  const memory = { writeSecret: (t: string) => void (clipboard.text = t), writeText: (t: string) => void (clipboard.text = t), readText: () => clipboard.text, clear: () => void (clipboard.text = '') };
  const handlers = createHandlers(core, new ClipboardGuard(memory), options);
  return {
    handlers,
    clipboard,
    async call(channel, payload) {
      const answer = await dispatch(handlers, channel, payload);
      if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}: ${answer.error.message}`);
      return answer.value;
    },
  };
}
