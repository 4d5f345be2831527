// A guided connection: the provider's steps in order, each done step read from the vault, the
// first one not done open. Leaving and opening it again (Connect… → Continue) resumes there.
import { useState } from 'react';
import { providerSpec, type Provider } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import type { Selection } from '../selection.js';
import { connectionEnvironments, currentStep, environmentChoices, providerTitle, stepsOf, type StepId } from './connect-progress.js';
import { clientNameIn, environmentLabel } from './environment-drafts.js';
import { ClientStep, KeyIdStep, KeyStep, OrganizationStep } from './ConnectSteps.js';
import { JwtClientStep, JwtKeyIdStep, JwtKeyStep, JwtOrganizationStep, JwtTestStep } from './JwtSteps.js';
import { EnvironmentTests } from './EnvironmentTests.js';
import { TestStep } from './TestStep.js';
import { StepList, WizardHeader } from './StepList.js';

const anyClientStored = (org: { clients: ReadonlyArray<{ hasSecret: boolean }> }) => org.clients.some((c) => c.hasSecret);

/** `org`: the connection's organization in full, once it exists. */
export function ConnectWizard({ org, provider, onSelect }: { org: OrganizationTree | undefined; provider: Provider; onSelect: (selection: Selection) => void }) {
  const spec = providerSpec(provider);
  const steps = stepsOf(provider, org);
  // One client per environment: all of them stay open, to fill in those you have.
  const environments = connectionEnvironments(provider, org);
  const clientsPerEnvironment = environments.length > 1;
  const current = currentStep(steps);
  const [connected, setConnected] = useState<string>();

  function body(id: StepId) {
    if (spec.connect.flow === 'profile') return profileBody(id);
    if (id === 'organization') return <OrganizationStep provider={provider} onCreated={(name) => onSelect({ kind: 'connect', provider, org: name })} />;
    if (!org) return null;
    if (id === 'client') {
      const draftIn = (environment: string) => ({ name: clientNameIn(spec, environment, environments.length), environment });
      if (clientsPerEnvironment) {
        return (
          <>
            <p className="muted">One client per environment {spec.label} gave you; fill those you have (at least one), the others can wait.</p>
            {environments.map((environment, index) => (
              <ClientStep key={environment} org={org} draft={draftIn(environment)} environments={environments} label={environmentLabel(environment)} autoFocus={index === 0 && !anyClientStored(org)} />
            ))}
          </>
        );
      }
      return <ClientStep org={org} draft={draftIn(environments[0]!)} environments={environmentChoices(provider, org)} autoFocus />;
    }
    if (id === 'key') return <KeyStep org={org} />;
    if (id === 'kid') return <KeyIdStep org={org} />;
    return <TestStep org={org} onDone={(client) => setConnected(client)} />;
  }

  function profileBody(id: StepId) {
    if (id === 'organization') return <JwtOrganizationStep provider={provider} onCreated={(name) => onSelect({ kind: 'connect', provider, org: name })} />;
    if (!org?.jwt) return null;
    if (id === 'client') {
      if (!clientsPerEnvironment) return <JwtClientStep org={org} environment={environments[0]!} environments={environmentChoices(provider, org)} />;
      return (
        <>
          <p className="muted">No secret: the organization's key signs for every environment. One client per environment; fill those you have (at least one), the others can wait.</p>
          {environments.map((environment, index) => (
            <JwtClientStep key={environment} org={org} environment={environment} environments={environments} label={environmentLabel(environment)} autoFocus={index === 0 && org.clients.length === 0} />
          ))}
        </>
      );
    }
    if (id === 'key') return <JwtKeyStep org={org} />;
    if (id === 'kid') return <JwtKeyIdStep org={org} />;
    if (clientsPerEnvironment) return <EnvironmentTests org={org} onDone={(client) => setConnected(client)} />;
    return <JwtTestStep org={org} onDone={(client) => setConnected(client)} />;
  }

  return (
    <section className="view connect" aria-label={`Connect ${providerTitle(provider)}`}>
      <WizardHeader title={`Connect ${providerTitle(provider)}`} org={org?.name} onLeave={() => onSelect({ kind: 'connect' })} />
      {/* One client per environment: every client form stays open, to fill in those you have. */}
      <StepList steps={steps} current={current} body={body} open={(step) => step.id === current || (step.id === 'client' && clientsPerEnvironment && step.done && !!org)} />
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
