// An organization's "Network" settings in its form: its own proxy, the hosts it reaches directly
// (NO_PROXY), and a CA bundle — a PEM file chosen here or pasted — that main parses and shows by
// subject and expiry. A change of the proxy or the CA of an organization that holds secrets is
// confirmed in main's own dialog, which says what a CA can read.
import { useId, useState } from 'react';
import { CA_BUNDLE_MAX_BYTES, noProxyEntryProblem, proxyUrlProblem } from '../../../main/core/model/network.js';
import type { CaCertificateView } from '../../../preload/contract.js';
import { call, errorPayload } from '../bridge.js';
import { Field } from '../components/Field.js';
import { splitList } from '../components/validation.js';

export interface NetworkDraft {
  proxy: string;
  noProxy: string;
  /** The bundle as it will be saved: the stored one, a file's text or a paste; '' for none. */
  caPem: string;
  /** What main said of `caPem`: its certificates, or why it is refused. */
  certificates: CaCertificateView[];
  caError?: string | undefined;
  /** The stored proxy has a password in the keychain (never shown; the field holds the URL without it). */
  proxyPassword?: boolean;
}

export function draftOfNetwork(network: { proxy?: string; noProxy?: string[]; caPem?: string; proxyPassword?: true } | undefined, certificates: CaCertificateView[] | undefined): NetworkDraft {
  return { proxy: network?.proxy ?? '', noProxy: network?.noProxy?.join(', ') ?? '', caPem: network?.caPem ?? '', certificates: certificates ?? [], ...(network?.proxyPassword ? { proxyPassword: true } : {}) };
}

/** The form's own verdicts, with main's rules (model/network.ts), under each field. */
export function networkErrors(draft: NetworkDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  const proxy = draft.proxy.trim() && proxyUrlProblem(draft.proxy.trim());
  if (proxy) errors.proxy = `The proxy ${proxy}.`;
  const entry = splitList(draft.noProxy).map(noProxyEntryProblem).find(Boolean);
  if (entry) errors.noProxy = `${entry}.`;
  if (draft.caError) errors.caPem = draft.caError;
  return errors;
}

/** The settings to save: for an edit every field (null removes it), for a new organization only those set. */
export function networkInput(draft: NetworkDraft, edit: boolean): Record<string, unknown> | undefined {
  const proxy = draft.proxy.trim();
  const noProxy = splitList(draft.noProxy);
  if (edit) return { proxy: proxy || null, noProxy: noProxy.length ? noProxy : null, caPem: draft.caPem || null };
  const set = { ...(proxy ? { proxy } : {}), ...(noProxy.length ? { noProxy } : {}), ...(draft.caPem ? { caPem: draft.caPem } : {}) };
  return Object.keys(set).length ? set : undefined;
}

const day = (iso: string) => iso.slice(0, 10);

export function NetworkFields({ draft, errors, onChange }: { draft: NetworkDraft; errors: Record<string, string>; onChange: (next: NetworkDraft | ((now: NetworkDraft) => NetworkDraft)) => void }) {
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState('');
  const fileId = useId();

  // Main parses it (the page has no X.509 parser): the certificates to show, or why not.
  async function takeBundle(pem: string) {
    try {
      const certificates = await call('org.describeCaBundle', { pem });
      onChange((now) => ({ ...now, caPem: pem, certificates, caError: undefined }));
      setPasting(false);
      setPasted('');
    } catch (error) {
      onChange((now) => ({ ...now, caError: errorPayload(error).message }));
    }
  }

  return (
    <fieldset className="jwt-profile network-settings" aria-label="Network">
      <legend>Network</legend>
      <div className="row">
        <Field label="Proxy" error={errors.proxy} hint={draft.proxyPassword ? "Replaces HTTPS_PROXY for this organization. Its password is in the keychain: type the URL with a new one to change it." : "Replaces HTTPS_PROXY for this organization. A password in it (http://user:password@host:port) goes to the keychain, not the vault file."}>
          {(id) => <input id={id} value={draft.proxy} onChange={(e) => onChange({ ...draft, proxy: e.target.value })} placeholder="http://proxy.corp.example:3128" spellCheck={false} />}
        </Field>
        <Field label="No proxy for" error={errors.noProxy} hint="Hosts reached directly: example.com, .corp.example, 10.0.0.0/8, * (all)">
          {(id) => <input id={id} value={draft.noProxy} onChange={(e) => onChange({ ...draft, noProxy: e.target.value })} placeholder="internal.example, 10.0.0.0/8" spellCheck={false} />}
        </Field>
      </div>
      <div className="field">
        <label htmlFor={fileId}>CA bundle</label>
        {draft.caPem ? (
          <ul className="ca-certificates" aria-label="CA certificates">
            {draft.certificates.map((c) => (
              <li key={c.fingerprint} title={`SHA-256 ${c.fingerprint}`}>
                <span>{c.subject}</span>
                <span className={c.expired ? 'badge bad' : 'badge'}>{c.expired ? `expired ${day(c.notAfter)}` : `until ${day(c.notAfter)}`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="field-hint">None: only the system&apos;s trusted roots. Add your organization&apos;s CA if it signs its own servers&apos; certificates.</span>
        )}
        {pasting && (
          <textarea aria-label="CA certificates (PEM)" rows={4} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
        )}
        {errors.caPem && (
          <span className="field-error" role="status">
            {errors.caPem}
          </span>
        )}
        <div className="actions">
          <input
            id={fileId}
            type="file"
            accept=".pem,.crt,.cer,.txt"
            aria-label="CA bundle file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              if (file.size > CA_BUNDLE_MAX_BYTES) onChange((now) => ({ ...now, caError: `${file.name} is over ${CA_BUNDLE_MAX_BYTES / 1024} KB; a CA bundle is a few certificates.` }));
              else void file.text().then(takeBundle);
            }}
          />
          {pasting ? (
            <button type="button" className="small" onClick={() => void takeBundle(pasted)} disabled={!pasted.trim()}>
              Use pasted PEM
            </button>
          ) : (
            <button type="button" className="small" onClick={() => setPasting(true)}>
              Paste PEM…
            </button>
          )}
          {draft.caPem && (
            <button type="button" className="small danger" onClick={() => onChange({ ...draft, caPem: '', certificates: [], caError: undefined })}>
              Remove CA bundle
            </button>
          )}
        </div>
      </div>
    </fieldset>
  );
}
