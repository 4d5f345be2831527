// A guided connection: the provider's steps in order, each done step read from the vault, the
// first one not done open. Leaving and opening it again (Connect… → Continue) resumes there.
import { useState } from 'react';
import type { Provider } from '../../../main/core/model.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import type { Selection } from '../selection.js';
import { currentStep, PROVIDER_TITLES, stepsOf, type StepId } from './connect-progress.js';
import { ClientStep, KeyIdStep, KeyStep, OrganizationStep } from './ConnectSteps.js';
import { JwtClientStep, JwtKeyIdStep, JwtKeyStep, JwtOrganizationStep, JwtTestStep } from './JwtSteps.js';
import { TestStep } from './TestStep.js';

const MUSIMAP_CLIENTS = [
  { name: 'dev', environment: 'development', label: 'Development' },
  { name: 'staging', environment: 'staging', label: 'Staging' },
  { name: 'prod', environment: 'production', label: 'Production' },
] as const;

const anyClientStored = (org: { clients: ReadonlyArray<{ hasSecret: boolean }> }) => org.clients.some((c) => c.hasSecret);

/** `org`: the connection's organization in full, once it exists. */
export function ConnectWizard({ org, provider, onSelect }: { org: OrganizationTree | undefined; provider: Provider; onSelect: (selection: Selection) => void }) {
  const steps = stepsOf(provider, org);
  const current = currentStep(steps);
  const [connected, setConnected] = useState<string>();

  function body(id: StepId) {
    if (provider === 'jwt') return jwtBody(id);
    if (id === 'organization') return <OrganizationStep provider={provider} onCreated={(name) => onSelect({ kind: 'connect', provider, org: name })} />;
    if (!org) return null;
    if (id === 'client') {
      if (provider === 'musimap') {
        return (
          <>
            <p className="muted">One client per environment Musimap gave you; fill those you have (at least one), the others can wait.</p>
            {MUSIMAP_CLIENTS.map(({ label, ...draft }, index) => (
              <ClientStep key={draft.name} org={org} draft={draft} label={label} autoFocus={index === 0 && !anyClientStored(org)} />
            ))}
          </>
        );
      }
      return <ClientStep org={org} draft={provider === 'musicapi' ? { name: 'web', environment: 'development' } : { name: 'svc', environment: 'development' }} autoFocus />;
    }
    if (id === 'key') return <KeyStep org={org} />;
    if (id === 'kid') return <KeyIdStep org={org} />;
    return <TestStep org={org} onDone={(client) => setConnected(client)} />;
  }

  function jwtBody(id: StepId) {
    if (id === 'organization') return <JwtOrganizationStep onCreated={(name) => onSelect({ kind: 'connect', provider, org: name })} />;
    if (!org?.jwt) return null;
    if (id === 'client') return <JwtClientStep org={org} />;
    if (id === 'key') return <JwtKeyStep org={org} />;
    if (id === 'kid') return <JwtKeyIdStep org={org} />;
    return <JwtTestStep org={org} onDone={(client) => setConnected(client)} />;
  }

  return (
    <section className="view connect" aria-label={`Connect ${PROVIDER_TITLES[provider]}`}>
      <div className="view-header">
        <h2>
          Connect {PROVIDER_TITLES[provider]}
          {org && <span className="muted"> · {org.name}</span>}
        </h2>
        <button type="button" onClick={() => onSelect({ kind: 'connect' })}>
          Leave (continue later)
        </button>
      </div>
      <ol className="connect-steps">
        {steps.map((step, index) => {
          const open = step.id === current || (step.id === 'client' && provider === 'musimap' && step.done && !!org);
          const state = step.done ? 'done' : step.id === current ? 'current' : 'later';
          return (
            <li key={step.id} className={`connect-step ${state}`} aria-current={step.id === current ? 'step' : undefined}>
              <h3>
                <span className="connect-step-number">{step.done ? '✓' : index + 1}</span> {step.title}
                {step.done && <span className="badge ok">done</span>}
              </h3>
              {open && body(step.id)}
            </li>
          );
        })}
      </ol>
      {connected && org && (
        <div className="notice success-panel" role="status">
          <strong>{org.name} is connected.</strong>{' '}
          <button type="button" className="primary" onClick={() => onSelect({ kind: 'client', org: org.name, client: connected })} autoFocus>
            Open {org.name}/{connected}
          </button>
        </div>
      )}
    </section>
  );
}
