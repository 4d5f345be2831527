// An organization's environments, in its order: each one's effective API URL, token URL, allowed
// origins (and a signed-JWT profile's audience), marked as the environment's own or the
// organization's; its production flag; its clients. Renaming one is here (its clients follow:
// nothing is sent elsewhere); the organization's form edits the rest.
import { useState } from 'react';
import { effectiveEndpoints, type EnvironmentOverride } from '../../../main/core/model/environments.js';
import { Environment, sameName } from '../../../main/core/model/primitives.js';
import { providerSpec } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { RenameForm } from '../components/RenameForm.js';
import type { Selection } from '../selection.js';
import { reloadVault, useDeck } from '../state/deck-store.js';
import { setEnvironmentFilter, useEnvironmentFilter } from '../state/environment-filter.js';
import { normalizedName } from './environment-draft.js';

type Environment = OrganizationTree['environments'][number];

/** The rows an environment shows: the API URL and origins always, the token URL where the provider uses one, the audience with a profile. */
export function shownOverrides(org: OrganizationTree): Array<{ field: EnvironmentOverride; label: string }> {
  const spec = providerSpec(org.provider);
  return [
    { field: 'apiBaseUrl' as const, label: 'API' },
    ...(spec.showsTokenUrl({ jwt: org.jwt }) || org.tokenUrl || org.environments.some((e) => e.tokenUrl) ? [{ field: 'tokenUrl' as const, label: 'Token URL' }] : []),
    { field: 'allowedOrigins' as const, label: 'Allowed origins' },
    ...(org.jwt ? [{ field: 'audience' as const, label: 'Audience (aud)' }] : []),
  ];
}

function shownValue(field: EnvironmentOverride, value: string | string[] | undefined): string {
  if (field === 'allowedOrigins') return Array.isArray(value) && value.length ? value.join(', ') : 'API and token URL only';
  return typeof value === 'string' ? value : '—';
}

/** Renames the environment; the switcher showing it (and no other organization's of that name) follows the new name. */
function EnvironmentRename({ org, env, onClose }: { org: OrganizationTree; env: string; onClose: () => void }) {
  const { outline } = useDeck();
  const filter = useEnvironmentFilter();
  const rename = async (name: string) => {
    const follows = filter !== null && sameName(filter, env) && !outline?.organizations.some((o) => o.name !== org.name && o.environments.some((e) => sameName(e.name, env)));
    await call('org.renameEnvironment', { org: org.name, from: env, to: name });
    await reloadVault();
    if (follows) setEnvironmentFilter(normalizedName(name));
  };
  const taken = org.environments.map((e) => e.name);
  return <RenameForm current={env} taken={taken} rule={Environment} hint="Its clients move with it; where they send credentials does not change" onRename={rename} onClose={onClose} />;
}

function EnvironmentCard({ org, env, onSelect }: { org: OrganizationTree; env: Environment; onSelect: (s: Selection) => void }) {
  const [renaming, setRenaming] = useState(false);
  const clients = org.clients.filter((c) => sameName(c.environment, env.name));
  const effective = effectiveEndpoints(org, env.name);
  return (
    <li className={env.production ? 'env-card production' : 'env-card'} aria-label={`Environment ${env.name}`}>
      <div className="env-card-head">
        <strong>{env.name}</strong>
        {env.production && <span className="badge prod">production</span>}
        <span className="env-clients muted">
          {clients.length === 0 ? 'no clients' : `${clients.length === 1 ? 'client' : 'clients'}:`}
          {clients.map((client) => (
            <button key={client.id} type="button" className="link" onClick={() => onSelect({ kind: 'client', org: org.name, client: client.name })}>
              {client.name}
            </button>
          ))}
        </span>
        {!renaming && (
          <button type="button" className="small" onClick={() => setRenaming(true)} aria-label={`Rename ${env.name}`}>
            Rename…
          </button>
        )}
      </div>
      {renaming && <EnvironmentRename org={org} env={env.name} onClose={() => setRenaming(false)} />}
      <dl className="facts env-facts">
        {shownOverrides(org).map(({ field, label }) => (
          <EnvironmentValue key={field} label={label} value={shownValue(field, effective[field])} own={env[field] !== undefined} />
        ))}
      </dl>
    </li>
  );
}

function EnvironmentValue({ label, value, own }: { label: string; value: string; own: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <span className="env-value">{value}</span>{' '}
        <span className={own ? 'env-source own' : 'env-source'} title={own ? 'Set on this environment' : "The organization's value: this environment sets none"}>
          {own ? 'own' : 'from organization'}
        </span>
      </dd>
    </>
  );
}

export function EnvironmentList({ org, onSelect }: { org: OrganizationTree; onSelect: (s: Selection) => void }) {
  return (
    <section className="panel" aria-label="Environments">
      <h3>Environments</h3>
      {org.environments.length === 0 ? (
        <p className="muted">None yet: add one with Edit, or add a client in a new one. Until then the organization's URLs are used.</p>
      ) : (
        <ol className="env-list">
          {org.environments.map((env) => (
            <EnvironmentCard key={env.name} org={org} env={env} onSelect={onSelect} />
          ))}
        </ol>
      )}
    </section>
  );
}
