// The organization form's environments: add one, set or clear its URLs and origins (and a
// signed-JWT profile's audience), mark it production, move it up or down, remove one that has no
// clients. The form sends the whole list in order; main asks before stored secrets would go to a
// new host, as for the organization's own URLs.
import { sameName } from '../../../main/core/model/primitives.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { Field } from '../components/Field.js';
import type { FieldErrors } from '../components/validation.js';
import { isProductionDraft, newEnvironmentDraft, NO_ORIGINS, type EnvironmentDraft } from './environment-draft.js';

type Override = 'apiBaseUrl' | 'tokenUrl' | 'allowedOrigins' | 'audience';

interface Props {
  drafts: readonly EnvironmentDraft[];
  onChange: (drafts: EnvironmentDraft[]) => void;
  /** `<index>.<field>` for one environment's field; `environments` for the list. */
  errors: FieldErrors;
  /** The organization being edited (its clients say which environment may go); undefined for a new one. */
  org: OrganizationTree | undefined;
  /** What a blank field means: the organization's values as the form has them now. */
  inherited: { apiBaseUrl: string; tokenUrl: string; allowedOrigins: string; audience: string };
  showsTokenUrl: boolean;
  /** A signed-JWT profile: its `aud` can differ per environment. */
  withAudience: boolean;
}

const inheritedText = (value: string, none: string) => `organization's: ${value.trim() || none}`;

export function EnvironmentFields({ drafts, onChange, errors, org, inherited, showsTokenUrl, withAudience }: Props) {
  const change = (index: number, patch: Partial<EnvironmentDraft>) => onChange(drafts.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...drafts];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    onChange(next);
  };
  // Each input's name says its environment ("Token URL of staging"): the visible label, then whose.
  const text = (index: number, field: Override | 'name') => (event: { target: { value: string } }) => change(index, { [field]: event.target.value });

  return (
    <section className="env-fields" aria-label="Environments">
      <h3>Environments</h3>
      <p className="field-hint">
        In the order the deck lists them. A blank field uses the organization&apos;s value above; <code>{NO_ORIGINS}</code> in allowed origins allows only the environment&apos;s own API and token URLs.
      </p>
      {drafts.length === 0 && <p className="muted">None yet. A client added in a new environment adds it, with the organization&apos;s values.</p>}
      {drafts.map((draft, index) => {
        const name = draft.name.trim();
        const label = draft.saved ? draft.name : name || 'New environment';
        const clients = draft.saved ? (org?.clients.filter((c) => sameName(c.environment, draft.name)) ?? []) : [];
        const error = (field: Override | 'name') => errors[`${index}.${field}`];
        return (
          <fieldset key={draft.key} className={isProductionDraft(draft) ? 'env-edit production' : 'env-edit'}>
            <legend>{label}</legend>
            {!draft.saved && (
              <Field label="Name" error={error('name')} hint="development, staging, production or your own">
                {(id) => <input id={id} aria-label="Name of the new environment" value={draft.name} onChange={text(index, 'name')} placeholder="staging" spellCheck={false} autoFocus />}
              </Field>
            )}
            <div className="env-edit-head">
              <label className="check">
                <input type="checkbox" checked={isProductionDraft(draft)} onChange={(e) => change(index, { production: e.target.checked })} />
                Production
              </label>
              <span className="spacer" />
              <button type="button" className="small" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${label} up`}>
                ↑ Up
              </button>
              <button type="button" className="small" onClick={() => move(index, 1)} disabled={index === drafts.length - 1} aria-label={`Move ${label} down`}>
                ↓ Down
              </button>
              <button type="button" className="small danger" onClick={() => onChange(drafts.filter((_, i) => i !== index))} disabled={clients.length > 0} aria-label={`Remove ${label}`}>
                Remove
              </button>
            </div>
            {clients.length > 0 && (
              <p className="field-hint env-in-use">
                Cannot be removed: {clients.map((c) => c.name).join(', ')} {clients.length === 1 ? 'is' : 'are'} in it. Move {clients.length === 1 ? 'it' : 'them'} to another environment (Edit on the client) or remove {clients.length === 1 ? 'it' : 'them'} first.
              </p>
            )}
            <div className="row">
              <Field label="API base URL" error={error('apiBaseUrl')}>
                {(id) => <input id={id} aria-label={`API base URL of ${label}`} value={draft.apiBaseUrl} onChange={text(index, 'apiBaseUrl')} placeholder={inheritedText(inherited.apiBaseUrl, 'none')} title={draft.apiBaseUrl ? undefined : inheritedText(inherited.apiBaseUrl, 'none')} spellCheck={false} />}
              </Field>
              {showsTokenUrl && (
                <Field label="Token URL" error={error('tokenUrl')}>
                  {(id) => <input id={id} aria-label={`Token URL of ${label}`} value={draft.tokenUrl} onChange={text(index, 'tokenUrl')} placeholder={inheritedText(inherited.tokenUrl, 'none')} title={draft.tokenUrl ? undefined : inheritedText(inherited.tokenUrl, 'none')} spellCheck={false} />}
                </Field>
              )}
            </div>
            <div className="row">
              <Field label="Allowed origins" error={error('allowedOrigins')}>
                {(id) => <input id={id} aria-label={`Allowed origins of ${label}`} value={draft.allowedOrigins} onChange={text(index, 'allowedOrigins')} placeholder={inheritedText(inherited.allowedOrigins, 'API and token URL only')} title={draft.allowedOrigins ? undefined : inheritedText(inherited.allowedOrigins, 'API and token URL only')} spellCheck={false} />}
              </Field>
              {withAudience && (
                <Field label="Audience (aud)" error={error('audience')}>
                  {(id) => <input id={id} aria-label={`Audience (aud) of ${label}`} value={draft.audience} onChange={text(index, 'audience')} placeholder={inheritedText(inherited.audience, "the profile's")} title={draft.audience ? undefined : inheritedText(inherited.audience, "the profile's")} spellCheck={false} />}
                </Field>
              )}
            </div>
          </fieldset>
        );
      })}
      {errors.environments && (
        <span className="field-error" role="status">
          {errors.environments}
        </span>
      )}
      <div>
        <button type="button" className="small" onClick={() => onChange([...drafts, newEnvironmentDraft()])}>
          + Environment
        </button>
      </div>
    </section>
  );
}
