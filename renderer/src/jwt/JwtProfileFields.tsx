// The Profile section of a "Signed JWT" organization (new, edit, and the connect wizard): a preset
// fills every field with its vendor's values; each field says what it is and, live, what is wrong
// with it by the preset's own rules (profileProblems, as main checks them).
import { useState } from 'react';
import { formatDuration } from '../../../main/core/duration.js';
import { JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS, PRESETS, type JwtExchange, type JwtPreset } from '../../../main/core/jwt-profile.js';
import { Field } from '../components/Field.js';
import type { FieldErrors } from '../components/validation.js';
import { presetDraft, type ProfileDraft } from './profile-draft.js';
import { VENDOR_ASKS } from './vendor-fields.js';

const EXCHANGE_WORDS: Record<JwtExchange, string> = {
  none: 'None: the signed JWT is the credential',
  'github-installation': 'GitHub installation token (POST /app/installations/{id}/access_tokens)',
  'jwt-bearer': 'OAuth 2.0 JWT bearer grant (RFC 7523 §2.1) at the token URL',
  'private-key-jwt': 'Client credentials with private_key_jwt (RFC 7523 §2.2) at the token URL',
};

const TEMPLATES_HINT = '{client_id} is the client\'s ID, {token_url} the organization\'s token URL; an empty field sends no such claim';

/**
 * The profile's fields; a new preset replaces them all with its own. `vendorFirst` (the connect
 * wizard): a vendor's preset shows what the vendor's page asks for, its fields under "Advanced"
 * (open by itself when one of them is wrong).
 */
export function JwtProfileFields({ draft, errors, onChange, vendorFirst = false }: { draft: ProfileDraft; errors: FieldErrors; onChange: (draft: ProfileDraft) => void; vendorFirst?: boolean }) {
  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => onChange({ ...draft, [key]: value });
  const text = (key: 'typ' | 'iss' | 'sub' | 'aud' | 'scope' | 'claims' | 'ttl' | 'maxTtl' | 'iatBackdate' | 'word') => (event: { target: { value: string } }) => set(key, event.target.value);
  const preset = PRESETS[draft.preset];
  const asks = vendorFirst ? VENDOR_ASKS[draft.preset] : [];
  // Opened by hand, it stays open; a wrong field in it opens it.
  const [opened, setOpened] = useState(false);
  const advancedWrong = Object.keys(errors).some((field) => field !== 'preset');
  const fields = (
    <>
      <div className="row">
        <Field label="Algorithm" error={errors.alg} hint={draft.alg.startsWith('RS') || draft.alg.startsWith('PS') ? 'RSA: import the key (at least 2048 bits)' : 'Tokendeck can generate this key'}>
          {(id) => (
            <select id={id} value={draft.alg} onChange={(e) => set('alg', e.target.value as ProfileDraft['alg'])}>
              {JWT_ALGORITHMS.map((alg) => (
                <option key={alg}>{alg}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Header typ" error={errors.typ} hint="Empty: no typ in the header">
          {(id) => <input id={id} value={draft.typ} onChange={text('typ')} placeholder="none" spellCheck={false} />}
        </Field>
        <Field label="Authorization word" error={errors.word} hint="Before the token: Bearer …">
          {(id) => <input id={id} value={draft.word} onChange={text('word')} spellCheck={false} />}
        </Field>
      </div>
      <div className="jwt-checks" role="group" aria-label="Header and claims">
        <label className="check">
          <input type="checkbox" checked={draft.kid} onChange={(e) => set('kid', e.target.checked)} />
          Key ID (kid) in the header
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.nbf} onChange={(e) => set('nbf', e.target.checked)} />
          nbf (not before) = iat
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.jti} onChange={(e) => set('jti', e.target.checked)} />
          A fresh jti in every token
        </label>
      </div>
      {(errors.kid || errors.nbf || errors.jti) && (
        <span className="field-error" role="status">
          {[errors.kid, errors.nbf, errors.jti].filter(Boolean).join('; ')}
        </span>
      )}
      <p className="field-hint">Claims: {TEMPLATES_HINT}.</p>
      <div className="row">
        <Field label="iss (issuer)" error={errors.iss}>
          {(id) => <input id={id} value={draft.iss} onChange={text('iss')} spellCheck={false} />}
        </Field>
        <Field label="sub (subject)" error={errors.sub}>
          {(id) => <input id={id} value={draft.sub} onChange={text('sub')} spellCheck={false} />}
        </Field>
        <Field label="aud (audience)" error={errors.aud}>
          {(id) => <input id={id} value={draft.aud} onChange={text('aud')} spellCheck={false} />}
        </Field>
      </div>
      <div className="row">
        <Field label="Lifetime" error={errors.ttlSeconds} hint="exp − iat: e.g. 20m, 6h, 1d">
          {(id) => <input id={id} value={draft.ttl} onChange={text('ttl')} spellCheck={false} />}
        </Field>
        <Field label="Maximum lifetime" error={errors.maxTtlSeconds} hint={`This preset allows at most ${formatDuration(preset.maxTtlSeconds)}`}>
          {(id) => <input id={id} value={draft.maxTtl} onChange={text('maxTtl')} spellCheck={false} />}
        </Field>
        <Field label="Back-date iat by" error={errors.iatBackdateSeconds} hint="Against clock drift, e.g. 60s">
          {(id) => <input id={id} value={draft.iatBackdate} onChange={text('iatBackdate')} spellCheck={false} />}
        </Field>
      </div>
      <div className="row">
        <Field label="scope claim (optional)" error={errors.scope} hint={draft.preset === 'app-store-connect' ? 'One grant per line, e.g. "GET /v1/apps": sent as a list' : 'One entry per line: sent as one space-separated string'}>
          {(id) => <textarea id={id} rows={2} value={draft.scope} onChange={text('scope')} spellCheck={false} />}
        </Field>
        <Field label="Extra claims (JSON, optional)" error={errors.claims} hint={draft.preset === 'apple-music' ? 'MusicKit on the web: {"origin": ["https://example.com"]}' : 'A JSON object of fixed claims'}>
          {(id) => <textarea id={id} rows={2} value={draft.claims} onChange={text('claims')} spellCheck={false} placeholder="{}" />}
        </Field>
      </div>
      <Field label="Exchange" error={errors.exchange}>
        {(id) => (
          <select id={id} value={draft.exchange} onChange={(e) => set('exchange', e.target.value as JwtExchange)}>
            {JWT_EXCHANGES.map((exchange) => (
              <option key={exchange} value={exchange}>
                {EXCHANGE_WORDS[exchange]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
  return (
    <fieldset className="jwt-profile" aria-label="Signed-JWT profile">
      <legend>Profile</legend>
      <Field label="Preset" error={errors.preset} hint={preset.summary}>
        {(id) => (
          <select
            id={id}
            value={draft.preset}
            onChange={(e) => {
              onChange(presetDraft(e.target.value as JwtPreset));
            }}
          >
            {JWT_PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESETS[p].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {asks.length > 0 ? (
        <>
          <div className="vendor-asks">
            <p>{preset.label} asks for:</p>
            <ul>
              {asks.map((ask) => (
                <li key={ask}>{ask}</li>
              ))}
            </ul>
            <p className="muted">The next steps ask for each. The profile under Advanced is the preset's: change it only where the vendor's documentation says so.</p>
          </div>
          <details className="jwt-advanced" open={opened || advancedWrong} onToggle={(e) => setOpened(e.currentTarget.open)}>
            <summary>Advanced: algorithm, header and claims</summary>
            {fields}
          </details>
        </>
      ) : (
        fields
      )}
    </fieldset>
  );
}
