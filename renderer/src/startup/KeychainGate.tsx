// Before the deck: the keychain must answer. A locked or missing keychain at start-up gets a
// screen that says so and how to fix it, with "Try again", instead of a deck that fails on every
// click (main starts its refresh scheduler only once the check passes).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { call, errorPayload } from '../bridge.js';

type Gate = { state: 'checking' } | { state: 'ready' } | { state: 'failed'; error: ErrorPayload };

let firstCheck: Promise<unknown> | undefined;
/**
 * Asks main before the first render (main.tsx), beside the vault's outline and tokens: the answer
 * is on its way while React draws 'Opening the vault…', rather than asked only once it has.
 */
export function startKeychainCheck(): void {
  if (firstCheck) return;
  firstCheck = call('vault.checkKeychain', {});
  // A failure is the gate's to show when it reads the answer, not an unhandled rejection before.
  firstCheck.catch(() => {});
}

export function KeychainGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const check = useCallback(async () => {
    setGate({ state: 'checking' });
    // The first check is the one started before the render; "Try again" asks anew.
    const asked = firstCheck ?? call('vault.checkKeychain', {});
    firstCheck = undefined;
    try {
      await asked;
      setGate({ state: 'ready' });
    } catch (error) {
      setGate({ state: 'failed', error: errorPayload(error) });
    }
  }, []);
  useEffect(() => void check(), [check]);

  if (gate.state === 'ready') return <>{children}</>;
  return (
    <div className="app loading">
      {gate.state === 'checking' ? (
        <p className="muted pad">Opening the vault…</p>
      ) : (
        <section className="startup-problem" aria-labelledby="startup-problem-title">
          <h1 id="startup-problem-title">Tokendeck cannot reach the keychain</h1>
          <p>Client secrets and signing keys live in your OS keychain, so nothing can be shown or copied until it answers.</p>
          <div role="alert" className="error">
            <strong>{gate.error.code}</strong>
            <span>{gate.error.message}</span>
          </div>
          <button type="button" className="primary" onClick={() => void check()}>
            Try again
          </button>
        </section>
      )}
    </div>
  );
}
