// A secret reference typed by the user (`pass:team/…`, `vault:secret/…#field`, `command:op`) and
// its inline check: main reads it once and says whether this machine can, never the value.
import { useState } from 'react';
import type { SourceCheck } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { useAction } from '../state/use-action.js';

export const REFERENCE_HINT = 'pass:team/musimap/prod, vault:secret/musimap#client_secret or command:<name>';

/** The verdict of a check, as one line: readable ✓, or the source's own words on why not. */
export function CheckVerdict({ check }: { check: SourceCheck | undefined }) {
  if (!check) return null;
  return check.readable ? (
    <p className="success" role="status">
      <code>{check.reference}</code> is readable on this machine ✓
    </p>
  ) : (
    <p className="error" role="status">
      <code>{check.reference}</code> is not readable: {check.error.message} <small className="error-code">{check.error.code}</small>
    </p>
  );
}

/** A reference field with a Check button. `value`/`onChange` let a form own the reference. */
export function ReferenceField({
  label,
  value,
  onChange,
  error,
  hint = REFERENCE_HINT,
}: {
  label: string;
  value: string;
  onChange: (reference: string) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const [check, setCheck] = useState<SourceCheck>();
  const checking = useAction(async () => setCheck(await call('sources.check', { reference: value.trim() })));
  return (
    <div className="reference-check">
      <div className="reference-row">
        <Field label={label} error={error} hint={hint}>
          {(id) => (
            <input
              id={id}
              value={value}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => onChange(e.target.value)}
              placeholder="pass:team/…"
            />
          )}
        </Field>
        <button type="button" onClick={() => void checking.run()} disabled={!value.trim() || checking.pending}>
          {checking.pending ? 'Checking…' : 'Check'}
        </button>
      </div>
      {/* Only the verdict on what the field holds now (a form may clear it after use). */}
      <CheckVerdict check={check?.reference === value.trim() ? check : undefined} />
      <ErrorNotice error={checking.error} onDismiss={checking.clearError} />
    </div>
  );
}
