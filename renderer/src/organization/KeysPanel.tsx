// An organization's signing keys: generate (the public PEM to paste into the dashboard, the Key ID
// it returns), import a private PEM (write-only: it goes to main and the keychain), retire, delete.
// The Key ID may come later: the dashboard shows it after the upload, so a key can wait for it.
// A signed-JWT organization's keys are of its profile's algorithm: generated where Tokendeck can
// (ES256, ES384, EdDSA), imported otherwise (RSA); their public half is shown as PEM and as JWK.
import { useState, type FormEvent } from 'react';
import { KeyId, keyLabel, type SigningKey } from '../../../main/core/model/entities.js';
import { signingKey } from '../../../main/core/signing-key-choice.js';
import { canGenerate, isApplePreset, usesKid, PRESETS, presetKidProblem, type JwtAlgorithm } from '../../../main/core/jwt-profile.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { shortTime } from '../components/format.js';
import { placeError, validate } from '../components/validation.js';
import { reloadTokens, reloadVault, useDeck } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { ReferenceField } from '../sources/ReferenceCheck.js';

/** The organization's key algorithm: its profile's, or ES256 (MusicAPI's DevTokens). */
export const keyAlgorithmOf = (org: OrganizationTree): JwtAlgorithm => org.jwt?.alg ?? 'ES256';

/** Whose dashboard the public key and Key ID belong to, for the panel's sentences. */
const vendorOf = (org: OrganizationTree) => {
  if (!org.jwt) return 'MusicAPI';
  // The vendors' own presets name them; the others' keys are registered with some server.
  return isApplePreset(org.jwt.preset) || org.jwt.preset === 'github-app' ? PRESETS[org.jwt.preset].label : 'the server';
};


/** A key, for the copies: main reads its public half from the vault and copies that. */
interface KeyRef {
  org: string;
  thumbprint: string;
}

/** The public half as a JWK, fetched from main when asked (the renderer has no crypto to make it). */
function PublicJwk({ keyRef }: { keyRef: KeyRef }) {
  const [jwk, setJwk] = useState<string>();
  const load = useAction(async () => setJwk(JSON.stringify((await call('key.public', keyRef)).jwk, null, 2)));
  if (!jwk) {
    return (
      <>
        <button type="button" onClick={() => void load.run()} disabled={load.pending}>
          Show JWK
        </button>
        <ErrorNotice error={load.error} onDismiss={load.clearError} />
      </>
    );
  }
  return <CopyableText text={jwk} keyRef={keyRef} format="jwk" rows={jwk.split('\n').length} />;
}

/**
 * The public half shown, and copied by main: the window grants the page no clipboard, so a copy
 * made here would fail silently (and an empty key would go to the dashboard).
 */
function CopyableText({ text, keyRef, format, rows }: { text: string; keyRef: KeyRef; format: 'pem' | 'jwk'; rows: number }) {
  const [copied, setCopied] = useState(false);
  const copy = useAction(async () => {
    setCopied(false);
    await call('key.copyPublic', { ...keyRef, format });
    setCopied(true);
  });
  const what = format === 'pem' ? 'public key' : 'JWK';
  return (
    <div className="pem">
      <textarea readOnly rows={rows} value={text} aria-label={format === 'pem' ? 'Public key PEM' : 'Public key JWK'} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
      <button type="button" onClick={() => void copy.run()} disabled={copy.pending}>
        {copied ? `Copied ${what}` : `Copy ${what}`}
      </button>
      <ErrorNotice error={copy.error} onDismiss={copy.clearError} />
    </div>
  );
}

function PublicKey({ pem, keyRef }: { pem: string; keyRef: KeyRef }) {
  return (
    <div className="public-halves">
      <CopyableText text={pem} keyRef={keyRef} format="pem" rows={4} />
      <PublicJwk keyRef={keyRef} />
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
          <strong>
            {stale.length} cached {org.jwt ? 'token(s)' : 'DevToken(s)'} signed with an old key
          </strong> ({[...new Set(stale.map((t) => `${t.kid}, ${t.staleKey}`))].join('; ')}).{' '}
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
/** `preset`: a signed-JWT organization's preset, whose Key ID rule (Apple's 10 characters) is checked here too. */
export function SetKeyIdForm({ org, keyThumbprint, onDone, autoFocus, hint, preset }: { org: string; keyThumbprint: string; onDone?: () => void; autoFocus?: boolean; hint?: string; preset?: Parameters<typeof presetKidProblem>[0]['preset'] | undefined }) {
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
    const problem = errors.form ?? (preset ? presetKidProblem({ preset }, kid.trim()) : undefined);
    setKidError(problem);
    if (problem) return;
    if (await act.run()) onDone?.();
  }
  return (
    <form className="form inline" onSubmit={submit} noValidate aria-label="Set Key ID">
      <Field label="Key ID" error={kidError ?? placed.fields.kid} hint={hint ?? "As MusicAPI's dashboard shows it after you upload the public key"}>
        {(id) => <input id={id} value={kid} onChange={(e) => setKid(e.target.value)} placeholder="e.g. 8X4K2Q" autoFocus={autoFocus} />}
      </Field>
      <button type="submit" className="primary" disabled={act.pending}>
        Save Key ID
      </button>
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </form>
  );
}

function keyBadge(key: SigningKey, signing: string | undefined, needsKid: boolean) {
  if (needsKid && key.kid === undefined && key.status === 'active') {
    return <span className="badge warn" title="Upload the public key to the dashboard, then set the Key ID it shows">waiting for Key ID</span>;
  }
  return <span className={key.status === 'active' ? 'badge ok' : 'badge'}>{key.id === signing ? 'signing' : key.status === 'active' ? 'active · verifies' : 'retired'}</span>;
}

export function KeysPanel({ org }: { org: OrganizationTree }) {
  const signing = signingKey(org.keys, usesKid(org))?.id;
  const alg = keyAlgorithmOf(org);
  const vendor = vendorOf(org);
  const generates = canGenerate(alg);
  const [kid, setKid] = useState('');
  const [pem, setPem] = useState('');
  const [chosenMode, setMode] = useState<'generate' | 'import' | 'source'>('generate');
  const [source, setSource] = useState('');
  // RSA keys are imported or read from a source only: generating is not offered.
  const mode = generates || chosenMode !== 'generate' ? chosenMode : 'import';
  const [kidError, setKidError] = useState<string>();
  const [pemError, setPemError] = useState<string>();
  const [generated, setGenerated] = useState<{ pem: string; thumbprint: string }>();
  const [shown, setShown] = useState<string>();
  const [settingKid, setSettingKid] = useState<string>();
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    await reloadVault();
    return true;
  });
  // Main's verdict on the Key ID (one this organization has already) goes under it.
  const placed = placeError(act.error, mode === 'import' ? ['kid', 'pem'] : mode === 'source' ? ['kid', 'source'] : ['kid']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // An empty Key ID makes a pending key: the dashboard gives the Key ID after the upload.
    const { errors } = kid.trim() ? validate(KeyId, kid) : { errors: {} as { form?: string } };
    const kidProblem = errors.form ?? (kid.trim() && org.jwt ? presetKidProblem(org.jwt, kid.trim()) : undefined);
    setKidError(kidProblem);
    if (kidProblem) return;
    const given = kid.trim() ? { kid } : {};
    let done: boolean | undefined;
    if (mode === 'generate') {
      done = await act.run(async () => {
        const { key, publicKeyPem } = await call('key.generate', { org: org.name, ...given });
        setGenerated({ pem: publicKeyPem, thumbprint: key.thumbprint });
      });
    } else if (mode === 'source') {
      if (!source.trim()) return;
      // The private half stays in the source: read when signing, never stored here.
      done = await act.run(async () => {
        await call('key.importFromSource', { org: org.name, ...given, source: source.trim() });
        setSource('');
      });
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
      {org.keys.length > 1 && <p className="muted small-text">Rotation: add a new key and upload its public half; new tokens are signed with the newest key, older keys keep verifying until you retire them.</p>}
      {org.keys.length === 0 && (
        <p className="muted">
          No keys. {org.jwt ? `${PRESETS[org.jwt.preset].label} tokens need an active ${alg} key${usesKid(org) ? ' and its Key ID' : ''}.` : 'DevTokens need an active ES256 key whose public half is uploaded to the dashboard.'}
        </p>
      )}
      <ul className="keys">
        {org.keys.map((key) => (
          <li key={key.id} className="key">
            <div className="key-line">
              <strong>{usesKid(org) ? keyLabel(key) : 'key'}</strong>
              {keyBadge(key, signing, usesKid(org))}
              <span className="badge" title="The algorithm it signs with">
                {key.algorithm}
              </span>
              {key.privateKeySource && (
                <span className="badge" title="The private half is read from this source when signing">
                  from {key.privateKeySource}
                </span>
              )}
              {!key.hasPrivateKey && <span className="badge warn" title="Shared without its private half: import the private key to sign with it">public only</span>}
              <code title="JWK thumbprint (RFC 7638)">{key.thumbprint}</code>
              <span className="muted">{shortTime(key.createdAt)}</span>
              <button type="button" className="link" onClick={() => setShown(shown === key.id ? undefined : key.id)}>
                {shown === key.id ? 'Hide public key' : 'Public key'}
              </button>
              {key.kid === undefined && key.status === 'active' && usesKid(org) && (
                <button type="button" className="small" onClick={() => setSettingKid(settingKid === key.id ? undefined : key.id)}>
                  Set Key ID…
                </button>
              )}
              {key.status === 'active' && (
                <ConfirmButton label="Retire" question={`Retire ${keyLabel(key)}? It stops signing; its private key goes to the Trash for 7 days; its public half keeps verifying.`} onConfirm={() => void act.run(() => call('key.retire', { org: org.name, kid: key.kid ?? key.thumbprint }))} />
              )}
              <ConfirmButton label="Delete" question={`Delete ${keyLabel(key)}? It stays in the Trash for 7 days.`} onConfirm={() => void act.run(() => call('key.remove', { org: org.name, kid: key.kid ?? key.thumbprint }))} />
            </div>
            {shown === key.id && <PublicKey pem={key.publicKeyPem} keyRef={{ org: org.name, thumbprint: key.thumbprint }} />}
            {settingKid === key.id && key.kid === undefined && (
              <div className="notice">
                <p>The Key ID {vendor === 'MusicAPI' ? "MusicAPI's dashboard shows for this key once its public key is uploaded" : `${vendor} shows for this key`}:</p>
                <SetKeyIdForm org={org.name} keyThumbprint={key.thumbprint} onDone={() => setSettingKid(undefined)} autoFocus preset={org.jwt?.preset} hint={org.jwt ? `As ${vendor} shows it beside the key` : undefined} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <form className="form inline" onSubmit={submit} noValidate aria-label="Add a key">
        <div className="segmented" role="radiogroup" aria-label="How to add a key">
          {generates && (
            <button type="button" role="radio" aria-checked={mode === 'generate'} onClick={() => setMode('generate')}>
              Generate {alg}
            </button>
          )}
          <button type="button" role="radio" aria-checked={mode === 'import'} onClick={() => setMode('import')}>
            Import PEM
          </button>
          <button type="button" role="radio" aria-checked={mode === 'source'} onClick={() => setMode('source')}>
            Import from source…
          </button>
        </div>
        {!generates && (
          <p className="muted small-text">{alg} keys are imported: Tokendeck does not make RSA keys ({vendor === 'GitHub App' ? "GitHub makes the app's private key" : 'use the one registered with the server'}).</p>
        )}
        {mode === 'source' && (
          <ReferenceField
            label="Private key reference"
            value={source}
            onChange={setSource}
            error={placed.fields.source}
            hint="pass:team/acme/signing-key (the whole entry is the PEM) or vault:secret/acme#private_key; read when signing, never stored here"
          />
        )}
        {usesKid(org) && (
          <Field
            label="Key ID"
            error={kidError ?? placed.fields.kid}
            hint={org.jwt ? `As ${vendor} names the key; leave empty to set it later` : "Leave empty if you have none yet: MusicAPI's dashboard shows it after you upload the public key; set it then"}
          >
            {(id) => <input id={id} value={kid} onChange={(e) => setKid(e.target.value)} placeholder={org.jwt && isApplePreset(org.jwt.preset) ? 'e.g. 2X9R4HXF34' : 'e.g. 8X4K2Q'} />}
          </Field>
        )}
        {mode === 'import' && (
          <>
            <Field label="Private key PEM" error={pemError ?? placed.fields.pem} hint={`For ${alg}: PKCS#8 (Apple's .p8), PKCS#1 RSA or SEC1 EC; it goes straight to the keychain`}>
              {(id) => <textarea id={id} rows={3} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN PRIVATE KEY-----" spellCheck={false} />}
            </Field>
            <input type="file" accept=".pem,.key,.p8,.txt" aria-label="PEM file" onChange={(e) => void readFile(e.target.files?.[0])} />
          </>
        )}
        <button type="submit" className="primary" disabled={act.pending}>
          {mode === 'generate' ? 'Generate key' : mode === 'source' ? 'Import from source' : 'Import key'}
        </button>
      </form>
      {generated && (
        <div className="notice">
          {org.jwt ? (
            <p>The public half, for {vendor === 'the server' ? 'the server that verifies the tokens' : vendor}:</p>
          ) : (
            <p>Paste this public key into MusicAPI's dashboard (Account Settings); if the key waits for its Key ID, use "Set Key ID…" with the one the dashboard shows:</p>
          )}
          <PublicKey pem={generated.pem} keyRef={{ org: org.name, thumbprint: generated.thumbprint }} />
        </div>
      )}
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </section>
  );
}
