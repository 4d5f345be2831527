// An organization's signing keys: generate (the public PEM to paste into the dashboard, the Key ID
// it returns), import a private PEM (write-only: it goes to main and the keychain), retire, delete.
// The Key ID may come later: the dashboard shows it after the upload, so a key can wait for it.
import { useState, type FormEvent } from 'react';
import { KeyId, keyLabel, signingKey, type SigningKey } from '../../../main/core/model.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { shortTime } from '../components/format.js';
import { placeError, validate } from '../components/validation.js';
import { reloadTokens, reloadVault, useDeck } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';

function PublicKey({ pem }: { pem: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="pem">
      <textarea readOnly rows={4} value={pem} aria-label="Public key PEM" onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(pem).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied public key' : 'Copy public key'}
      </button>
    </div>
  );
}

/** The key new DevTokens are signed with: the newest active key whose private half is here. */
export function signingKeyId(org: OrganizationTree): string | undefined {
  return signingKey(org.keys)?.id;
}

/** Key rotation: cached DevTokens still signed with a retired or superseded key, and a re-mint. */
function StaleTokens({ org }: { org: OrganizationTree }) {
  const { tokens } = useDeck();
  const stale = tokens.filter((t) => t.org === org.name && t.staleKey);
  const remint = useAction(async () => {
    await call('tokens.remintStale', { org: org.name });
    await reloadTokens();
  });
  if (!stale.length && !remint.error) return null;
  return (
    <div className="warning-banner" role="status" aria-label="Stale DevTokens">
      {stale.length > 0 && (
        <>
          <strong>{stale.length} cached DevToken(s) signed with an old key</strong> ({[...new Set(stale.map((t) => `${t.kid}, ${t.staleKey}`))].join('; ')}).{' '}
          <button type="button" className="small" onClick={() => void remint.run()} disabled={remint.pending}>
            Re-mint with the current key
          </button>
        </>
      )}
      <ErrorNotice error={remint.error} onDismiss={remint.clearError} />
    </div>
  );
}

/** A pending key's "Set Key ID…": the Key ID the dashboard showed after the public key's upload. */
export function SetKeyIdForm({ org, keyThumbprint, onDone, autoFocus }: { org: string; keyThumbprint: string; onDone?: () => void; autoFocus?: boolean }) {
  const [kid, setKid] = useState('');
  const [kidError, setKidError] = useState<string>();
  const act = useAction(async () => {
    await call('key.setKid', { org, thumbprint: keyThumbprint, kid });
    await reloadVault();
    return true;
  });
  const placed = placeError(act.error, ['kid']);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const { errors } = validate(KeyId, kid);
    setKidError(errors.form);
    if (errors.form) return;
    if (await act.run()) onDone?.();
  }
  return (
    <form className="form inline" onSubmit={submit} noValidate aria-label="Set Key ID">
      <Field label="Key ID" error={kidError ?? placed.fields.kid} hint="As MusicAPI's dashboard shows it after you upload the public key">
        {(id) => <input id={id} value={kid} onChange={(e) => setKid(e.target.value)} placeholder="e.g. 8X4K2Q" autoFocus={autoFocus} />}
      </Field>
      <button type="submit" className="primary" disabled={act.pending}>
        Save Key ID
      </button>
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </form>
  );
}

function keyBadge(key: SigningKey, signing: string | undefined) {
  if (key.kid === undefined && key.status === 'active') {
    return <span className="badge warn" title="Upload the public key to the dashboard, then set the Key ID it shows">waiting for Key ID</span>;
  }
  return <span className={key.status === 'active' ? 'badge ok' : 'badge'}>{key.id === signing ? 'signing' : key.status === 'active' ? 'active · verifies' : 'retired'}</span>;
}

export function KeysPanel({ org }: { org: OrganizationTree }) {
  const signing = signingKeyId(org);
  const [kid, setKid] = useState('');
  const [pem, setPem] = useState('');
  const [mode, setMode] = useState<'generate' | 'import'>('generate');
  const [kidError, setKidError] = useState<string>();
  const [pemError, setPemError] = useState<string>();
  const [generatedPem, setGeneratedPem] = useState<string>();
  const [shown, setShown] = useState<string>();
  const [settingKid, setSettingKid] = useState<string>();
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    await reloadVault();
    return true;
  });
  // Main's verdict on the Key ID (one this organization has already) goes under it.
  const placed = placeError(act.error, mode === 'import' ? ['kid', 'pem'] : ['kid']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // An empty Key ID makes a pending key: the dashboard gives the Key ID after the upload.
    const { errors } = kid.trim() ? validate(KeyId, kid) : { errors: {} as { form?: string } };
    setKidError(errors.form);
    if (errors.form) return;
    const given = kid.trim() ? { kid } : {};
    let done: boolean | undefined;
    if (mode === 'generate') {
      done = await act.run(async () => setGeneratedPem((await call('key.generate', { org: org.name, ...given })).publicKeyPem));
    } else {
      if (!pem.trim()) {
        setPemError('Paste the private key PEM or choose its file');
        return;
      }
      setPemError(undefined);
      done = await act.run(async () => {
        await call('key.import', { org: org.name, ...given, pem });
        setPem('');
      });
    }
    // A refused Key ID stays in its field, under main's verdict on it.
    if (done) setKid('');
  }

  async function readFile(file: File | undefined) {
    if (file) setPem(await file.text());
  }

  return (
    <section className="panel" aria-label="Signing keys">
      <h3>Signing keys</h3>
      <StaleTokens org={org} />
      {org.keys.length > 1 && <p className="muted small-text">Rotation: generate a new key and upload its public half; new DevTokens are signed with the newest key, older keys keep verifying until you retire them.</p>}
      {org.keys.length === 0 && <p className="muted">No keys. DevTokens need an active ES256 key whose public half is uploaded to the dashboard.</p>}
      <ul className="keys">
        {org.keys.map((key) => (
          <li key={key.id} className="key">
            <div className="key-line">
              <strong>{keyLabel(key)}</strong>
              {keyBadge(key, signing)}
              {!key.hasPrivateKey && <span className="badge warn" title="Shared without its private half: import the private key to sign with it">public only</span>}
              <code title="JWK thumbprint (RFC 7638)">{key.thumbprint}</code>
              <span className="muted">{shortTime(key.createdAt)}</span>
              <button type="button" className="link" onClick={() => setShown(shown === key.id ? undefined : key.id)}>
                {shown === key.id ? 'Hide public key' : 'Public key'}
              </button>
              {key.kid === undefined && key.status === 'active' && (
                <button type="button" className="small" onClick={() => setSettingKid(settingKid === key.id ? undefined : key.id)}>
                  Set Key ID…
                </button>
              )}
              {key.status === 'active' && (
                <ConfirmButton label="Retire" question={`Retire ${keyLabel(key)}? Its private key is deleted from the keychain; its public half keeps verifying.`} onConfirm={() => void act.run(() => call('key.retire', { org: org.name, kid: key.kid ?? key.thumbprint }))} />
              )}
              <ConfirmButton label="Delete" question={`Delete ${keyLabel(key)}?`} onConfirm={() => void act.run(() => call('key.remove', { org: org.name, kid: key.kid ?? key.thumbprint }))} />
            </div>
            {shown === key.id && <PublicKey pem={key.publicKeyPem} />}
            {settingKid === key.id && key.kid === undefined && (
              <div className="notice">
                <p>The Key ID MusicAPI's dashboard shows for this key once its public key is uploaded:</p>
                <SetKeyIdForm org={org.name} keyThumbprint={key.thumbprint} onDone={() => setSettingKid(undefined)} autoFocus />
              </div>
            )}
          </li>
        ))}
      </ul>
      <form className="form inline" onSubmit={submit} noValidate aria-label="Add a key">
        <div className="segmented" role="radiogroup" aria-label="How to add a key">
          <button type="button" role="radio" aria-checked={mode === 'generate'} onClick={() => setMode('generate')}>
            Generate
          </button>
          <button type="button" role="radio" aria-checked={mode === 'import'} onClick={() => setMode('import')}>
            Import PEM
          </button>
        </div>
        <Field label="Key ID" error={kidError ?? placed.fields.kid} hint="Leave empty if you have none yet: MusicAPI's dashboard shows it after you upload the public key; set it then">
          {(id) => <input id={id} value={kid} onChange={(e) => setKid(e.target.value)} placeholder="e.g. 8X4K2Q" />}
        </Field>
        {mode === 'import' && (
          <>
            <Field label="Private key PEM" error={pemError ?? placed.fields.pem} hint="PKCS#8 or EC PRIVATE KEY; it goes straight to the keychain">
              {(id) => <textarea id={id} rows={3} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN EC PRIVATE KEY-----" spellCheck={false} />}
            </Field>
            <input type="file" accept=".pem,.key,.txt" aria-label="PEM file" onChange={(e) => void readFile(e.target.files?.[0])} />
          </>
        )}
        <button type="submit" className="primary" disabled={act.pending}>
          {mode === 'generate' ? 'Generate key' : 'Import key'}
        </button>
      </form>
      {generatedPem && (
        <div className="notice">
          <p>Paste this public key into MusicAPI's dashboard (Account Settings); if the key waits for its Key ID, use "Set Key ID…" with the one the dashboard shows:</p>
          <PublicKey pem={generatedPem} />
        </div>
      )}
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </section>
  );
}
