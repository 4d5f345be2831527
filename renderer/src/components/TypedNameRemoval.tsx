// Removing what holds secrets or keys: what goes is listed, and the Remove button stays disabled
// until the name is typed as it is (a click on the wrong row, or Enter, removes nothing).
import { useId, useState } from 'react';
import { cancelOnEscape, useFocusReturn } from './focus-return.js';

export function TypedNameRemoval({ name, what, onRemove, onCancel }: { name: string; what: string[]; onRemove: () => void; onCancel: () => void }) {
  useFocusReturn();
  const [typed, setTyped] = useState('');
  const input = useId();
  return (
    <section className="warning-banner removal" aria-label={`Remove ${name}`} onKeyDown={cancelOnEscape(onCancel)}>
      <p>
        <strong>Remove {name}?</strong>
      </p>
      <ul>
        {what.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor={input}>Type {name} to confirm</label>
        <input id={input} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus autoComplete="off" spellCheck={false} />
      </div>
      <div className="actions">
        <button type="button" className="danger" disabled={typed !== name} onClick={onRemove}>
          Remove
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
