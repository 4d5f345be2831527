import { useState } from 'react';
import { cancelOnEscape, useFocusReturn } from './focus-return.js';

/** The question, with Cancel focused (Enter must not destroy) and Escape as Cancel. */
function Confirmation({ label, question, onConfirm, onCancel }: { label: string; question: string; onConfirm: () => void; onCancel: () => void }) {
  useFocusReturn();
  return (
    <span className="confirm" role="group" aria-label="Confirm" onKeyDown={cancelOnEscape(onCancel)}>
      <span>{question}</span>
      <button type="button" className="danger" onClick={onConfirm}>
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={onCancel} autoFocus>
        Cancel
      </button>
    </span>
  );
}

/** A destructive button that asks once more, inline, before it acts. */
export function ConfirmButton({ label, question, onConfirm, disabled }: { label: string; question: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <Confirmation
      label={label}
      question={question}
      onConfirm={() => {
        setAsking(false);
        onConfirm();
      }}
      onCancel={() => setAsking(false)}
    />
  );
}
