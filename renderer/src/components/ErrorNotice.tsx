import type { ErrorPayload } from '../../../main/core/errors.js';

/** An error where it happened: its stable code and the message that says what to do. */
export function ErrorNotice({ error, onDismiss }: { error: ErrorPayload | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div role="alert" className="error">
      <strong>{error.code}</strong>
      <span>{error.message}</span>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      )}
    </div>
  );
}
