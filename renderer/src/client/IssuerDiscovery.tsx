// "Check issuer": main fetches the issuer's discovery document and answers its endpoints, what it
// supports, and whether the sign-in planned here can work there — by the checks the sign-in itself
// runs. In the organization form it also offers the issuer's token endpoint as the token URL.
import { useState } from 'react';
import type { IssuerPreview } from '../../../preload/contract.js';
import type { ClientAuthMethod, OAuth2Grant } from '../../../main/core/providers/oauth2.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { FactRow } from '../components/FactRow.js';
import { useAction } from '../state/use-action.js';

const MARK = { ok: '✓', warn: '!', bad: '✗' } as const;

export interface IssuerDiscoveryProps {
  issuer: string;
  /** Absent in the organization form: its endpoints and token URL only. */
  grant?: OAuth2Grant | undefined;
  authMethod?: ClientAuthMethod | undefined;
  /** The organization (as the environment sees it) whose token URL the token endpoint must be. */
  org?: string | undefined;
  environment?: string | undefined;
  /** Offered in the organization form: fills its token URL with the issuer's token endpoint. */
  onUseTokenEndpoint?: ((url: string) => void) | undefined;
  /** Told of each preview (the sign-in wizard creates its organization from it). */
  onPreview?: ((preview: IssuerPreview | undefined) => void) | undefined;
}

export function IssuerDiscovery({ issuer, grant, authMethod, org, environment, onUseTokenEndpoint, onPreview }: IssuerDiscoveryProps) {
  const [preview, setShown] = useState<IssuerPreview>();
  const setPreview = (next: IssuerPreview | undefined) => (setShown(next), onPreview?.(next));
  const discover = useAction(async () => {
    setPreview(undefined);
    setPreview(await call('session.discover', { issuer: issuer.trim(), ...(grant ? { grant } : {}), ...(authMethod ? { authMethod } : {}), ...(org ? { org } : {}), ...(environment ? { environment } : {}) }));
  });
  const tokenEndpoint = preview?.endpoints.find((endpoint) => endpoint.name === 'Token')?.url;
  return (
    <div className="issuer-discovery">
      <button type="button" onClick={() => void discover.run()} disabled={!issuer.trim() || discover.pending}>
        {discover.pending ? 'Finding endpoints…' : 'Find endpoints'}
      </button>
      <ErrorNotice error={discover.error} onDismiss={discover.clearError} />
      {preview && (
        <section className="issuer-preview" aria-label="What the issuer offers">
          <p className="muted">
            From <code>{preview.foundAt}</code>
          </p>
          <ul className="issuer-checks" aria-label="Checks">
            {preview.checks.map((check) => (
              <li key={check.text} className={`check-${check.level}`}>
                <span aria-hidden="true">{MARK[check.level]}</span> {check.text}
              </li>
            ))}
          </ul>
          <dl className="facts">
            {preview.endpoints.map((endpoint) => (
              <FactRow key={endpoint.name} term={endpoint.name} value={<code>{endpoint.url}</code>} />
            ))}
            {preview.grantsSupported && <FactRow term="Grants" value={<code>{preview.grantsSupported.join(' ')}</code>} />}
            {preview.authMethodsSupported && <FactRow term="Client authentication" value={<code>{preview.authMethodsSupported.join(' ')}</code>} />}
            {preview.scopesSupported && <FactRow term="Scopes" value={<code>{preview.scopesSupported.join(' ')}</code>} />}
          </dl>
          {onUseTokenEndpoint && tokenEndpoint && (
            <button type="button" onClick={() => onUseTokenEndpoint(tokenEndpoint)}>
              Use {tokenEndpoint} as the token URL
            </button>
          )}
        </section>
      )}
    </div>
  );
}

