// What every connect wizard asks of the client it makes, never deciding it silently: its name in
// Tokendeck (a suggestion filled in, which the user sees and may change) and its environment (one
// of the organization's, or a new one, which main adds to the organization when the client is
// saved). Where there is a client per environment, the environment is fixed and only the name asked.
import { useState } from 'react';
import { Environment, Name, sameName } from '../../../main/core/model/primitives.js';
import { Field } from '../components/Field.js';
import { validate, type FieldErrors } from '../components/validation.js';

/** The value of "New environment…": never an environment's name (those start with a letter or digit). */
const NEW_ENVIRONMENT = '+new';

export interface Placement {
  name: string;
  environment: string;
}

/** The name's and the environment's problems, by main's own rules, under their fields. */
export function placementProblems(value: Placement): FieldErrors {
  const name = validate(Name, value.name.trim()).errors.form;
  const environment = value.environment.trim() ? validate(Environment, value.environment).errors.form : 'name the new environment, e.g. qa';
  return { ...(name ? { name } : {}), ...(environment ? { environment } : {}) };
}

/**
 * `environments`: the organization's, in its order (the first is the suggestion); `fixed`: the
 * environment of a per-environment form ("Staging"), said in the name's label instead of asked.
 */
export function ClientPlacementFields({ value, environments, fixed, errors, onChange, autoFocus }: { value: Placement; environments: readonly string[]; fixed?: string | undefined; errors: FieldErrors; onChange: (value: Placement) => void; autoFocus?: boolean }) {
  const known = environments.find((e) => sameName(e, value.environment));
  // "New environment…" chosen: a name typed in place of one of the organization's.
  const [typing, setTyping] = useState(false);
  const custom = typing || known === undefined;
  return (
    <div className="row client-placement">
      <Field label={fixed ? `${fixed} client name` : 'Client name'} error={errors.name} hint={fixed ? 'Your name for it in Tokendeck' : 'Your name for it in Tokendeck (letters, digits, . _ -): what commands and copies say'}>
        {(id) => <input id={id} value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} spellCheck={false} autoFocus={autoFocus} />}
      </Field>
      {!fixed && (
        <Field label="Environment" error={errors.environment} hint={custom ? 'A new environment of the organization, made with its URLs' : 'Where this client belongs: the switcher and the console group by it'}>
          {(id) => (
            <>
              <select
                id={id}
                value={custom ? NEW_ENVIRONMENT : known}
                onChange={(e) => {
                  const next = e.target.value === NEW_ENVIRONMENT;
                  setTyping(next);
                  onChange({ ...value, environment: next ? '' : e.target.value });
                }}
              >
                {environments.map((env) => (
                  <option key={env} value={env}>
                    {env}
                  </option>
                ))}
                <option value={NEW_ENVIRONMENT}>New environment…</option>
              </select>
              {custom && <input aria-label="New environment" value={value.environment} onChange={(e) => onChange({ ...value, environment: e.target.value })} placeholder="qa" spellCheck={false} />}
            </>
          )}
        </Field>
      )}
    </div>
  );
}
