import { useId, type ReactNode } from 'react';

/** A labelled input with its inline validation message. */
export function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error ? (
        <span className="field-error" role="status">
          {error}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </div>
  );
}
