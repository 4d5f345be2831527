// The renderer's one client for main: `window.tokendeck`, typed by the contract. In Electron the
// preload puts it there; in the browser test harness a WebSocket shim does. `call` turns a
// Result into a value or a thrown UiError carrying the stable code.
import type { CallInput, CallOutput, Channel, TokendeckApi } from '../../preload/contract.js';
import type { ErrorPayload } from '../../main/core/errors.js';

declare global {
  interface Window {
    tokendeck: TokendeckApi;
  }
}

export const tokendeck = (): TokendeckApi => window.tokendeck;

export class UiError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
  }
}

export async function call<C extends Channel>(channel: C, input: CallInput<C>): Promise<CallOutput<C>> {
  const [group, method] = channel.split('.') as [string, string];
  const api = tokendeck() as unknown as Record<string, Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: ErrorPayload }>>>;
  const result = await api[group]![method]!(input);
  if (!result.ok) throw new UiError(result.error!);
  return result.value as CallOutput<C>;
}

export function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof UiError) return error.payload;
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
