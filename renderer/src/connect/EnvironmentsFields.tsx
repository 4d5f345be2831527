// The organization step's environments: which exist and each one's URLs, in a table where the
// first environment's URLs fill in the others until one is typed. With one environment left it is
// the plain URL fields of a connection without environments, and a line to add one.
import { useEffect, useRef } from 'react';
import type { FieldErrors } from '../components/validation.js';
import { Field } from '../components/Field.js';
import {
  draftField,
  followsFirst,
  isProduction,
  shownUrl,
  withAdded,
  withName,
  withoutEnvironment,
  withProduction,
  withUrl,
  type EnvironmentDraft,
  type UrlField,
} from './environment-drafts.js';

const FIELD_WORDS: Record<UrlField, string> = { tokenUrl: 'Token URL', apiBaseUrl: 'API URL' };
/** As a label goes on after the environment's name: "staging token URL". */
const FIELD_AFTER_NAME: Record<UrlField, string> = { tokenUrl: 'token URL', apiBaseUrl: 'API URL' };

export interface UrlFieldSpec {
  field: UrlField;
  hint?: string | undefined;
  placeholder?: string | undefined;
}

interface Props {
  drafts: EnvironmentDraft[];
  /** The URL fields each environment has, in order, with the single-environment form's hints. */
  fields: readonly UrlFieldSpec[];
  errors: FieldErrors;
  onChange: (drafts: EnvironmentDraft[]) => void;
}

export function EnvironmentsFields(props: Props) {
  // A removed row takes the focused button with it: the keyboard goes on from "Add an environment".
  const box = useRef<HTMLDivElement>(null);
  const removed = useRef(false);
  useEffect(() => {
    if (!removed.current) return;
    removed.current = false;
    box.current?.querySelector<HTMLButtonElement>('button.add-environment')?.focus();
  }, [props.drafts]);
  const onChange = (drafts: EnvironmentDraft[]) => {
    removed.current = drafts.length < props.drafts.length;
    props.onChange(drafts);
  };
  return (
    <div className="connect-environments-box" ref={box}>
      {props.drafts.length === 1 ? <OneEnvironment {...props} onChange={onChange} /> : <EnvironmentTable {...props} onChange={onChange} />}
    </div>
  );
}

/** The URL fields of one environment, the only one: what a connection without environments asks. */
export function UrlFields({ drafts, fields, errors, onChange }: Props) {
  return fields.map(({ field, hint, placeholder }) => (
    <Field key={field} label={FIELD_WORDS[field]} error={errors[draftField(0, field)]} hint={hint ?? ''}>
      {(id) => <input id={id} value={shownUrl(drafts, 0, field)} onChange={(e) => onChange(withUrl(drafts, 0, field, e.target.value))} placeholder={placeholder} />}
    </Field>
  ));
}

/** Today's form of a connection: the URL fields, then the environment's name and "add one". */
function OneEnvironment(props: Props) {
  const { drafts, errors, onChange } = props;
  return (
    <>
      <UrlFields {...props} />
      <div className="connect-one-environment">
        <Field label="Environment" error={errors[draftField(0, 'name')]}>
          {(id) => <input id={id} value={drafts[0]!.name} onChange={(e) => onChange(withName(drafts, 0, e.target.value))} spellCheck={false} />}
        </Field>
        <button type="button" className="add-environment" onClick={() => onChange(withAdded(drafts))}>
          Add an environment
        </button>
      </div>
    </>
  );
}

function EnvironmentTable({ drafts, fields, errors, onChange }: Props) {
  const first = drafts[0]!.name.trim() || 'the first';
  return (
    <fieldset className="connect-environments">
      <legend>Environments</legend>
      <p className="field-hint">
        One client per environment, each tried against its own host. The URLs of {first} fill in the others until you type one of their own; a blank URL is {first}'s.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Environment</th>
            {fields.map(({ field }) => (
              <th key={field} scope="col">
                {FIELD_WORDS[field]}
              </th>
            ))}
            <th scope="col">Production</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((env, index) => {
            // Labels name the environment, as typed: "staging token URL".
            const called = env.name.trim() || `Environment ${index + 1}`;
            const nameError = errors[draftField(index, 'name')];
            return (
              <tr key={env.key}>
                <td>
                  <div className={nameError ? 'field invalid' : 'field'}>
                    <input aria-label={`Environment ${index + 1} name`} value={env.name} onChange={(e) => onChange(withName(drafts, index, e.target.value))} autoFocus={env.name === ''} spellCheck={false} />
                    {nameError && <span className="field-error" role="status">{nameError}</span>}
                  </div>
                </td>
                {fields.map(({ field, placeholder }) => {
                  const error = errors[draftField(index, field)];
                  const follows = followsFirst(drafts, index, field);
                  return (
                    <td key={field}>
                      <div className={error ? 'field invalid' : 'field'}>
                        <input
                          aria-label={`${called} ${FIELD_AFTER_NAME[field]}`}
                          className={follows ? 'follows-first' : undefined}
                          title={follows ? `${drafts[0]!.name.trim() || 'The first'}'s, until you type another` : undefined}
                          value={shownUrl(drafts, index, field)}
                          onChange={(e) => onChange(withUrl(drafts, index, field, e.target.value))}
                          placeholder={index === 0 ? placeholder : shownUrl(drafts, 0, field)}
                          spellCheck={false}
                        />
                        {error && <span className="field-error" role="status">{error}</span>}
                      </div>
                    </td>
                  );
                })}
                <td className="environment-production">
                  <input type="checkbox" aria-label={`${called} is production`} checked={isProduction(env)} onChange={(e) => onChange(withProduction(drafts, index, e.target.checked))} />
                </td>
                <td>
                  <button type="button" className="link" aria-label={`Remove ${called}`} title={`Remove ${called}`} onClick={() => onChange(withoutEnvironment(drafts, index))}>
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div>
        <button type="button" className="add-environment" onClick={() => onChange(withAdded(drafts))}>
          Add an environment
        </button>
      </div>
    </fieldset>
  );
}
