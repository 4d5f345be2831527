// One organization: its settings (its proxy and CA bundle too), agreement and catalogs, its environments (each one's effective
// URLs), its clients, its signing keys.
import { Fragment, useState } from 'react';
import { keyLabel } from '../../../main/core/model/entities.js';
import { signingKey } from '../../../main/core/signing-key-choice.js';
import { providerSpec } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ClientForm } from '../client/ClientForm.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { plural } from '../components/format.js';
import type { Selection } from '../selection.js';
import { TypedNameRemoval } from '../components/TypedNameRemoval.js';
import { RenameForm } from '../components/RenameForm.js';
import { Name } from '../../../main/core/model/primitives.js';
import { reloadVault, useDeck } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { EnvironmentList } from './EnvironmentList.js';
import { KeysPanel } from './KeysPanel.js';
import { OrganizationForm } from './OrganizationForm.js';

/** What removing the organization takes, for the typed-name confirmation; empty when it holds no secret or key. */
function removalLines(org: OrganizationTree, cachedTokens: number): string[] {
  const secrets = org.clients.filter((c) => c.hasSecret).map((c) => c.name);
  const keys = org.keys.filter((k) => k.hasPrivateKey && k.status === 'active').map((k) => keyLabel(k));
  if (!secrets.length && !keys.length) return [];
  const held = [
    secrets.length ? `the ${secrets.length === 1 ? 'secret' : 'secrets'} of ${secrets.join(', ')}` : '',
    keys.length ? `the private ${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}` : '',
  ].filter(Boolean);
  return [
    `${plural(org.clients.length, 'client')}${org.clients.length ? ` (${org.clients.map((c) => c.name).join(', ')})` : ''} and ${plural(org.keys.length, 'signing key')}.`,
    `To the Trash for 7 days, restorable from there: ${held.join(' and ')}.`,
    `Deleted for good: ${plural(cachedTokens, 'cached token')}, hand-outs, console history and saved requests.`,
  ];
}

export function OrganizationView({ org, onSelect }: { org: OrganizationTree; onSelect: (s: Selection) => void }) {
  const [editing, setEditing] = useState<'org' | 'client' | undefined>();
  const [removing, setRemoving] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const { tokens, outline } = useDeck();
  const removal = removalLines(org, tokens.filter((t) => t.org === org.name).length);
  const remove = useAction(async () => {
    await call('org.remove', { org: org.name });
    await reloadVault();
    onSelect({ kind: 'tokens' });
  });

  const rename = async (to: string) => {
    const renamed = await call('org.rename', { org: org.name, to });
    await reloadVault();
    onSelect({ kind: 'org', org: renamed.name });
  };

  if (editing === 'org') return <OrganizationForm org={org} onDone={() => setEditing(undefined)} />;
  if (editing === 'client') {
    return (
      <ClientForm
        org={org.name}
        provider={org.provider}
        profile={org.jwt}
        environments={org.environments}
        canSign={signingKey(org.keys) !== undefined}
        onDone={(name) => {
          setEditing(undefined);
          if (name) onSelect({ kind: 'client', org: org.name, client: name });
        }}
      />
    );
  }
  return (
    <article className="view" aria-label={`Organization ${org.name}`}>
      <header className="view-header">
        <h2>
          {org.name} <span className="provider">{org.provider}</span>
        </h2>
        <div className="actions">
          <button type="button" onClick={() => onSelect({ kind: 'console', org: org.name })}>
            Console
          </button>
          <button type="button" onClick={() => setEditing('org')}>
            Edit
          </button>
          <button type="button" onClick={() => setRenaming(true)} disabled={renaming}>
            Rename…
          </button>
          {removal.length ? (
            <button type="button" className="danger" onClick={() => setRemoving(true)} disabled={removing}>
              Delete
            </button>
          ) : (
            <ConfirmButton label="Delete" question={`Delete ${org.name}, its ${plural(org.clients.length, 'client')} and tokens? It stays in the Trash for 7 days.`} onConfirm={() => void remove.run()} />
          )}
        </div>
      </header>
      {renaming && (
        <RenameForm
          current={org.name}
          taken={outline?.organizations.map((o) => o.name) ?? []}
          rule={Name}
          hint="Its clients, secrets, keys, tokens, console history and hand-outs follow; where its credentials go does not change"
          onRename={rename}
          onClose={() => setRenaming(false)}
        />
      )}
      {removing && removal.length > 0 && (
        <TypedNameRemoval
          name={org.name}
          what={removal}
          onCancel={() => setRemoving(false)}
          onRemove={() => {
            setRemoving(false);
            void remove.run();
          }}
        />
      )}
      <ErrorNotice error={remove.error} onDismiss={remove.clearError} />
      <dl className="facts">
        {/* The provider's own settings (a signed-JWT profile, where an API key goes), in its spec's words. */}
        {(providerSpec(org.provider).facts?.(org) ?? []).map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        <dt>API</dt>
        <dd>{org.apiBaseUrl ?? '—'}</dd>
        {org.tokenUrl && (
          <>
            <dt>Token URL</dt>
            <dd>{org.tokenUrl}</dd>
          </>
        )}
        <dt>Allowed origins</dt>
        <dd>{org.allowedOrigins.length ? org.allowedOrigins.join(', ') : 'API and token URL only'}</dd>
        {org.network?.proxy && (
          <>
            <dt>Proxy</dt>
            <dd>
              {org.network.proxy}
              {org.network.proxyPassword && <span className="muted"> (its password in the keychain)</span>}
            </dd>
          </>
        )}
        {org.network?.noProxy && (
          <>
            <dt>No proxy for</dt>
            <dd>{org.network.noProxy.join(', ')}</dd>
          </>
        )}
        {org.caCertificates && (
          <>
            <dt>CA bundle</dt>
            <dd>
              {org.caCertificates.map((c) => (
                <div key={c.fingerprint} title={`SHA-256 ${c.fingerprint}`}>
                  {c.subject} <span className={c.expired ? 'badge bad' : 'badge'}>{c.expired ? `expired ${c.notAfter.slice(0, 10)}` : `until ${c.notAfter.slice(0, 10)}`}</span>
                </div>
              ))}
            </dd>
          </>
        )}
        {org.agreement && (
          <>
            <dt>Agreement</dt>
            <dd>
              {org.agreement.reference}
              {org.agreement.licensedProducts.length > 0 && ` · ${org.agreement.licensedProducts.join(', ')}`}
              {org.agreement.validUntil && ` · valid until ${org.agreement.validUntil}`}
            </dd>
          </>
        )}
        {org.catalogs.length > 0 && (
          <>
            <dt>Catalogs</dt>
            <dd>{org.catalogs.map((c) => `${c.name} (${c.id}, ${c.visibility})`).join('; ')}</dd>
          </>
        )}
        {org.notes && (
          <>
            <dt>Notes</dt>
            <dd>{org.notes}</dd>
          </>
        )}
      </dl>
      <EnvironmentList org={org} onSelect={onSelect} />
      <section className="panel" aria-label="Clients">
        <h3>Clients</h3>
        <ul className="plain">
          {org.clients.map((client) => (
            <li key={client.id}>
              <button type="button" className="link" onClick={() => onSelect({ kind: 'client', org: org.name, client: client.name })}>
                {client.name}
              </button>{' '}
              <span className="muted">{client.environment}</span>
            </li>
          ))}
        </ul>
        <button type="button" className="primary small" onClick={() => setEditing('client')}>
          + Client
        </button>
      </section>
      {providerSpec(org.provider).signing && <KeysPanel org={org} />}
    </article>
  );
}
