// Organizations → environments → clients, as the vault holds them. Read-only for now.
import type { OrganizationTree } from '../../../main/core/vault.js';
import { useVaultTree } from './useVaultTree.js';

function byEnvironment(org: OrganizationTree) {
  const groups = new Map<string, OrganizationTree['clients']>();
  for (const client of org.clients) groups.set(client.environment, [...(groups.get(client.environment) ?? []), client]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function OrganizationCard({ org }: { org: OrganizationTree }) {
  return (
    <section className="org" aria-label={`organization ${org.name}`}>
      <h2>
        {org.name} <span className="provider">{org.provider}</span>
      </h2>
      {org.apiBaseUrl && <p className="muted">{org.apiBaseUrl}</p>}
      {org.clients.length === 0 && <p className="muted">No clients yet.</p>}
      {byEnvironment(org).map(([environment, clients]) => (
        <div className="environment" key={environment}>
          <h3>{environment}</h3>
          <ul>
            {clients.map((client) => (
              <li key={client.id} className="client">
                <span className="client-name">{client.name}</span>
                <code>{client.clientId}</code>
                <span className={client.hasSecret ? 'badge ok' : 'badge'}>{client.hasSecret ? 'secret stored' : 'no secret'}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {org.keys.length > 0 && (
        <p className="muted">
          Keys: {org.keys.map((k) => `${k.kid} (${k.status})`).join(', ')}
        </p>
      )}
    </section>
  );
}

export function VaultTreeView() {
  const { state, reload } = useVaultTree();
  if (state.status === 'loading') return <p className="muted">Loading the vault…</p>;
  if (state.status === 'failed') {
    return (
      <div role="alert" className="error">
        <strong>{state.error.code}</strong> {state.error.message}
        <button type="button" onClick={reload}>
          Retry
        </button>
      </div>
    );
  }
  const { organizations } = state.tree;
  if (organizations.length === 0) {
    return <p className="muted">No organizations yet. Add one with `tokendeck org add`.</p>;
  }
  return (
    <div className="orgs">
      {organizations.map((org) => (
        <OrganizationCard key={org.id} org={org} />
      ))}
    </div>
  );
}
