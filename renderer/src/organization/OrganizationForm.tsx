// Create or edit an organization: provider, URLs, allowed origins, agreement, catalogs, notes.
// Validated with main's own schemas before anything is sent. A change of URLs or origins of an
// organization that holds secrets is confirmed in main's own dialog, never in this page.
import { useState, type FormEvent } from 'react';
import type { Organization, Provider } from '../../../main/core/model.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { NAME_RULE, OrganizationChanges, OrganizationInput, PROVIDERS } from '../../../main/core/model.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { cancelOnEscape, useFocusReturn } from '../components/focus-return.js';
import { filledLines, placeError, splitList, validate, type FieldErrors } from '../components/validation.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';

interface Draft {
  name: string;
  provider: Provider;
  apiBaseUrl: string;
  tokenUrl: string;
  allowedOrigins: string;
  agreementReference: string;
  licensedProducts: string;
  validUntil: string;
  catalogs: string;
  notes: string;
}

function draftOf(org?: Organization): Draft {
  return {
    name: org?.name ?? '',
    provider: org?.provider ?? 'musicapi',
    apiBaseUrl: org?.apiBaseUrl ?? '',
    tokenUrl: org?.tokenUrl ?? '',
    allowedOrigins: org?.allowedOrigins.join(', ') ?? '',
    agreementReference: org?.agreement?.reference ?? '',
    licensedProducts: org?.agreement?.licensedProducts.join(', ') ?? '',
    validUntil: org?.agreement?.validUntil ?? '',
    catalogs: org?.catalogs.map((c) => `${c.name} | ${c.id} | ${c.visibility}`).join('\n') ?? '',
    notes: org?.notes ?? '',
  };
}

const blankToUndefined = (text: string) => (text.trim() === '' ? undefined : text.trim());

function catalogsOf(text: string) {
  return filledLines(text).map(({ text: line }) => {
    const [name = '', id = '', visibility = 'private'] = line.split('|').map((part) => part.trim());
    return { name, id, visibility };
  });
}

function fieldsOf(draft: Draft) {
  return {
    apiBaseUrl: blankToUndefined(draft.apiBaseUrl),
    tokenUrl: blankToUndefined(draft.tokenUrl),
    allowedOrigins: splitList(draft.allowedOrigins),
    agreement: draft.agreementReference.trim()
      ? { reference: draft.agreementReference.trim(), licensedProducts: splitList(draft.licensedProducts), validUntil: blankToUndefined(draft.validUntil) }
      : undefined,
    catalogs: catalogsOf(draft.catalogs),
    notes: blankToUndefined(draft.notes),
  };
}

export function OrganizationForm({ org, onDone }: { org?: OrganizationTree; onDone: (name: string | undefined) => void }) {
  const [draft, setDraft] = useState(() => draftOf(org));
  const [checked, setChecked] = useState<FieldErrors>({});
  useFocusReturn();
  const save = useAction(async (input: object) => {
    const saved = org ? await call('org.update', { org: org.name, changes: input }) : await call('org.add', input as never);
    await reloadVault();
    return saved;
  });
  const update = (key: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = fieldsOf(draft);
    const input = org ? { ...fields, agreement: fields.agreement ?? null } : { name: draft.name.trim(), provider: draft.provider, ...fields };
    const lines = { catalogs: filledLines(draft.catalogs).map((l) => l.line) };
    const { data, errors: found } = org ? validate(OrganizationChanges, input, lines) : validate(OrganizationInput, input, lines);
    setChecked(found);
    if (!data) return;
    const saved = await save.run(input);
    if (saved) onDone(saved.name);
  }

  const needsTokenUrl = draft.provider !== 'musicapi';
  const shown = [...(org ? [] : ['name', 'provider']), 'apiBaseUrl', ...(needsTokenUrl ? ['tokenUrl'] : []), 'allowedOrigins', 'agreement', 'catalogs', 'notes'];
  // Main's verdict on a field (a name that exists in another case) goes under it, beside the form's own.
  const placed = placeError(save.error, shown, org ? 'changes' : undefined);
  const errors: FieldErrors = { ...placed.fields, ...checked };
  return (
    <form className="form" onSubmit={submit} onKeyDown={cancelOnEscape(() => onDone(undefined))} noValidate aria-label={org ? `Edit ${org.name}` : 'New organization'}>
      <h2>{org ? `Edit ${org.name}` : 'New organization'}</h2>
      {!org && (
        <div className="row">
          <Field label="Name" error={errors.name} hint={NAME_RULE}>
            {(id) => <input id={id} value={draft.name} onChange={update('name')} autoFocus placeholder="acme" />}
          </Field>
          <Field label="Provider" error={errors.provider}>
            {(id) => (
              <select id={id} value={draft.provider} onChange={update('provider')}>
                {PROVIDERS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      <Field label="API base URL" error={errors.apiBaseUrl} hint={draft.provider === 'musicapi' ? 'Empty for https://api.musicapi.com' : undefined}>
        {(id) => <input id={id} value={draft.apiBaseUrl} onChange={update('apiBaseUrl')} placeholder="https://api.example.com" />}
      </Field>
      {needsTokenUrl && (
        <Field label="Token URL" error={errors.tokenUrl} hint="Where client id and secret are exchanged for a token">
          {(id) => <input id={id} value={draft.tokenUrl} onChange={update('tokenUrl')} placeholder="https://auth.example.com/token" />}
        </Field>
      )}
      <Field label="Allowed origins" error={errors.allowedOrigins} hint="Extra origins credentials may go to, separated by commas">
        {(id) => <input id={id} value={draft.allowedOrigins} onChange={update('allowedOrigins')} />}
      </Field>
      <div className="row">
        <Field label="Agreement reference" error={errors.agreement}>
          {(id) => <input id={id} value={draft.agreementReference} onChange={update('agreementReference')} />}
        </Field>
        <Field label="Licensed products">
          {(id) => <input id={id} value={draft.licensedProducts} onChange={update('licensedProducts')} />}
        </Field>
        <Field label="Valid until">
          {(id) => <input id={id} type="date" value={draft.validUntil} onChange={update('validUntil')} />}
        </Field>
      </div>
      <Field label="Catalogs" error={errors.catalogs} hint="One per line: name | id | private or shared">
        {(id) => <textarea id={id} rows={2} value={draft.catalogs} onChange={update('catalogs')} />}
      </Field>
      <Field label="Notes" error={errors.notes}>{(id) => <textarea id={id} rows={2} value={draft.notes} onChange={update('notes')} />}</Field>
      {org && (org.clients.some((c) => c.hasSecret) || org.keys.some((k) => k.hasPrivateKey)) && (
        <p className="muted">{org.name} holds secrets: a change to its URLs or origins asks for your confirmation in a Tokendeck system dialog, naming the new host.</p>
      )}
      <ErrorNotice error={placed.notice} onDismiss={save.clearError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.pending}>
          {org ? 'Save' : 'Create organization'}
        </button>
        <button type="button" onClick={() => onDone(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
