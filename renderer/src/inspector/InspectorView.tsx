// The JWT inspector: paste any token (bare, with its "Bearer"/"DevToken" word, or a whole
// `Authorization: …` line). A JWT is decoded and checked in main against an organization's stored
// public keys (chosen by the token's kid or iss, or picked here); any token Tokendeck made is
// recognised by value in main and shown by its names.
import { useState } from 'react';
import type { TokenInspection, VaultOutline } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { useAction } from '../state/use-action.js';
import { InspectionView } from './InspectionView.js';

export function InspectorView({ tree }: { tree: VaultOutline }) {
  const [jwt, setJwt] = useState('');
  const [org, setOrg] = useState('');
  const [inspection, setInspection] = useState<TokenInspection>();
  const inspect = useAction(async () => {
    setInspection(undefined);
    setInspection(await call('jwt.inspect', { jwt, ...(org ? { org } : {}) }));
  });
  return (
    <article className="view" aria-label="JWT inspector">
      <header className="view-header">
        <h2>JWT inspector</h2>
      </header>
      <form
        className="form"
        aria-label="Inspect a token"
        onSubmit={(event) => {
          event.preventDefault();
          void inspect.run();
        }}
      >
        <Field label="Token" hint="A JWT, an opaque token, or a whole Authorization: Bearer … line; nothing leaves this machine">
          {(id) => <textarea id={id} rows={4} spellCheck={false} value={jwt} onChange={(e) => setJwt(e.target.value)} />}
        </Field>
        <div className="row">
          <Field label="Check against">
            {(id) => (
              <select id={id} value={org} onChange={(e) => setOrg(e.target.value)}>
                <option value="">the organization its kid or iss points to</option>
                {tree.organizations.map((o) => (
                  <option key={o.name} value={o.name}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div>
          <button type="submit" className="primary" disabled={!jwt.trim() || inspect.pending}>
            Inspect
          </button>
        </div>
      </form>
      <ErrorNotice error={inspect.error} onDismiss={inspect.clearError} />
      {inspection && <InspectionView inspection={inspection} />}
    </article>
  );
}
