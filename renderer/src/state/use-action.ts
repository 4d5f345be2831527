// Runs one bridge call for a button or form: pending while it runs, its error kept to be shown
// right where it happened.
import { useCallback, useState } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { errorPayload } from '../bridge.js';

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  error: ErrorPayload | undefined;
  clearError: () => void;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(undefined);
      try {
        return await fn(...args);
      } catch (caught) {
        setError(errorPayload(caught));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [fn],
  );
  return { run, pending, error, clearError: () => setError(undefined) };
}
