// Where a client's secret is read: the keychain on this machine (typed once, never shown again), or
// a secret source by reference (`pass:team/…`, `vault:…`, `command:…`), checked inline. Pointing
// the client at a new reference changes which secret goes to its token endpoint: main asks in its
// own dialog, naming the reference and every host.
import { useState, type FormEvent, type ReactNode } from 'react';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { placeError } from '../components/validation.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { ReferenceField } from '../sources/ReferenceCheck.js';

export type Place = 'keychain' | 'source';

/** The choice of where a secret is, as the client view and the new-client form offer it. */
export function PlaceChoice({ label, place, onChange }: { label: string; place: Place; onChange: (place: Place) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      <button type="button" role="radio" aria-checked={place === 'keychain'} onClick={() => onChange('keychain')}>
        Keychain on this machine
      </button>
      <button type="button" role="radio" aria-checked={place === 'source'} onClick={() => onChange('source')}>
        From a source
      </button>
    </div>
  );
}

export function SecretPlace({ org, client, seenClient, source, keychainForm }: { org: string; client: string; seenClient: string; source: string | undefined; keychainForm: ReactNode }) {
  const [place, setPlace] = useState<Place>(source ? 'source' : 'keychain');
  const [reference, setReference] = useState(source ?? '');
  const save = useAction(async () => {
    await call('client.setSecretSource', { org, client, seenClient, source: reference.trim() });
    await reloadVault();
  });
  const placed = placeError(save.error, ['source']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reference.trim()) void save.run();
  };
  return (
    <div className="secret-place">
      <PlaceChoice label="Where the secret is" place={place} onChange={setPlace} />
      {place === 'keychain' ? (
        <div className="actions">
          {source && <span className="muted small-text">Setting a secret here stops reading it from {source}.</span>}
          {keychainForm}
        </div>
      ) : (
        <form className="form" onSubmit={submit} aria-label="Read the secret from a source">
          <ReferenceField label="Reference" value={reference} onChange={setReference} error={placed.fields.source} />
          <div className="actions">
            <button type="submit" className="primary" disabled={!reference.trim() || reference.trim() === source || save.pending}>
              Read from this source
            </button>
            <span className="muted small-text">Tokendeck reads it once now; a new source is confirmed in a system dialog.</span>
          </div>
          <ErrorNotice error={placed.notice} onDismiss={save.clearError} />
        </form>
      )}
    </div>
  );
}
