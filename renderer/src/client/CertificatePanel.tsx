// A client's TLS certificate for mutual TLS (RFC 8705): what it is (subject, thumbprint, expiry,
// whether its key is here), Choose/Replace — main opens the file dialogs and reads the files, so
// the private key never comes to this page — and Remove, asked first since the key goes for good.
import { useState } from 'react';
import type { Client } from '../../../main/core/model/entities.js';
import { isCertificateAuth } from '../../../main/core/providers/oauth2.js';
import { call } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { shortTime } from '../components/format.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';

export function CertificatePanel({ org, client }: { org: string; client: Client }) {
  const [warnings, setWarnings] = useState<string[]>([]);
  const certificate = client.certificate;
  const choose = useAction(async () => {
    const chosen = await call('client.chooseCertificate', { org, client: client.name, seenClient: client.id });
    if (chosen.cancelled) return;
    setWarnings(chosen.warnings);
    await reloadVault();
  });
  const remove = useAction(async () => {
    setWarnings([]);
    await call('client.removeCertificate', { org, client: client.name, seenClient: client.id });
    await reloadVault();
  });
  const expired = certificate !== undefined && Date.parse(certificate.notAfter) <= Date.now();
  const needed = isCertificateAuth(client.oauth2?.authMethod);
  return (
    <section className="panel certificate" aria-label="Client certificate (mTLS)">
      <h3>Client certificate (mTLS)</h3>
      {certificate ? (
        <dl className="facts">
          <dt>Subject</dt>
          <dd>
            <code>{certificate.subject}</code>
          </dd>
          <dt>Thumbprint</dt>
          <dd>
            <code className="thumbprint">{certificate.thumbprint}</code> <span className="muted">x5t#S256</span>
          </dd>
          <dt>Expires</dt>
          <dd>
            {shortTime(certificate.notAfter)} {expired && <span className="badge warn">expired</span>}
          </dd>
          <dt>Private key</dt>
          <dd>{certificate.hasKey ? <span className="badge ok">stored in keychain</span> : <span className="badge warn">not on this machine: choose the certificate and its key again</span>}</dd>
        </dl>
      ) : (
        <p className="muted">
          None. A certificate and its private key (PEM) are presented on every connection made for this client: token endpoint, sign-in and API calls. Servers that bind tokens to it (RFC 8705) accept them only over it.
        </p>
      )}
      {warnings.map((warning) => (
        <p key={warning} className="notice warn" role="status">
          {warning}
        </p>
      ))}
      <div className="actions">
        <button type="button" className={certificate ? undefined : 'primary'} onClick={() => void choose.run()} disabled={choose.pending} title="Opens two file dialogs: the certificate, then its private key. The key is copied to the keychain; the file is not kept.">
          {certificate ? 'Replace…' : 'Choose certificate and key…'}
        </button>
        {certificate && !needed && (
          <ConfirmButton label="Remove certificate" question={`Remove the certificate of ${client.name}? Its private key is deleted from the keychain; Tokendeck keeps no other copy.`} onConfirm={() => void remove.run()} disabled={remove.pending} />
        )}
        {certificate && needed && <span className="muted">It proves the client ({client.oauth2?.authMethod}): to remove it, choose another client authentication first.</span>}
      </div>
      <ErrorNotice error={choose.error ?? remove.error} onDismiss={() => (choose.clearError(), remove.clearError())} />
    </section>
  );
}
