// The Connect screen's choices once the vault has organizations: one per provider, then each
// connection left half-way, to continue. Which ones stand half-way is read by the providers' rules
// (connect-progress.ts), so this is its own chunk (views.tsx): an empty vault has none to read.
import type { OrganizationTree } from '../../../preload/contract.js';
import type { Selection } from '../selection.js';
import { providerTitle, stepsOf, currentStep, unfinished } from './connect-progress.js';
import { ProviderChoices } from './ProviderChoices.js';

export function HalfwayConnections({ organizations, onSelect }: { organizations: readonly OrganizationTree[]; onSelect: (selection: Selection) => void }) {
  const halfway = organizations.filter(unfinished);
  return (
    <>
      <ProviderChoices onSelect={onSelect} autoFocus={halfway.length === 0} />
      {halfway.length > 0 && (
        <>
          <h3>Left half-way</h3>
          <ul className="connect-choices">
            {halfway.map((org, index) => {
              const next = stepsOf(org.provider, org).find((s) => s.id === currentStep(stepsOf(org.provider, org)));
              return (
                <li key={org.id}>
                  <button type="button" onClick={() => onSelect({ kind: 'connect', provider: org.provider, org: org.name })} autoFocus={index === 0}>
                    Continue {org.name}
                  </button>
                  <span className="muted">
                    {providerTitle(org.provider)}; next: {next?.title}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
