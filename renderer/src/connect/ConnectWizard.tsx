// A guided connection: the provider's steps in order, each done step read from the vault, the
// first one not done open. Leaving and opening it again (Connect… → Continue) resumes there.
import { useState } from 'react';
import { providerSpec, type Provider } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import type { Selection } from '../selection.js';
import { currentStep, providerTitle, stepsOf, type StepId } from './connect-progress.js';
import { ClientStep, KeyIdStep, KeyStep, OrganizationStep } from './ConnectSteps.js';
import { JwtClientStep, JwtKeyIdStep, JwtKeyStep, JwtOrganizationStep, JwtTestStep } from './JwtSteps.js';
import { TestStep } from './TestStep.js';

const anyClientStored = (org: { clients: ReadonlyArray<{ hasSecret: boolean }> }) => org.clients.some((c) => c.hasSecret);

/** `org`: the connection's organization in full, once it exists. */
export function ConnectWizard({ org, provider, onSelect }: { org: OrganizationTree | undefined; provider: Provider; onSelect: (selection: Selection) => void }) {
  const spec = providerSpec(provider);
  const steps = stepsOf(provider, org);
  // One client per environment (Musimap): all of them stay open, to fill in those you have.
  const clientsPerEnvironment = spec.connect.clients.length > 1;
  const current = currentStep(steps);
  const [connected, setConnected] = useState<string>();

  function body(id: StepId) {
    if (spec.connect.flow === 'profile') return profileBody(id);
    if (id === 'organization') return <OrganizationStep provider={provider} onCreated={(name) => onSelect({ kind: 'connect', provider, org: name })} />;
    if (!org) return null;
    if (id === 'client') {
      if (clientsPerEnvironment) {
        return (
          <>
            <p className="muted">One client per environment {spec.label} gave you; fill those you have (at least one), the others can wait.</p>
            {spec.connect.clients.map(({ label, ...draft }, index) => (
              <ClientStep key={draft.name} org={org} draft={draft} label={label} autoFocus={index === 0 && !anyClientStored(org)} />
            ))}
          </>
        );
      }
      return <ClientStep org={org} draft={spec.connect.clients[0]!} autoFocus />;
    }
    if (id === 'key') return <KeyStep org={org} />;
    if (id === 'kid') return <KeyIdStep org={org} />;
    return <TestStep org={org} onDone={(client) => setConnected(client)} />;
  }

  function profileBody(id: StepId) {
    if (id === 'organization') return <JwtOrganizationStep provider={provider} onCreated={(name) => onSelect({ kind: 'connect', provider, org: name })} />;
    if (!org?.jwt) return null;
    if (id === 'client') return <JwtClientStep org={org} />;
    if (id === 'key') return <JwtKeyStep org={org} />;
    if (id === 'kid') return <JwtKeyIdStep org={org} />;
    return <JwtTestStep org={org} onDone={(client) => setConnected(client)} />;
  }

  return (
    <section className="view connect" aria-label={`Connect ${providerTitle(provider)}`}>
      <div className="view-header">
        <h2>
          Connect {providerTitle(provider)}
          {org && <span className="muted"> · {org.name}</span>}
        </h2>
        <button type="button" onClick={() => onSelect({ kind: 'connect' })}>
          Leave (continue later)
        </button>
      </div>
      <ol className="connect-steps">
        {steps.map((step, index) => {
          const open = step.id === current || (step.id === 'client' && clientsPerEnvironment && step.done && !!org);
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
