// The first screen of an empty vault, and the "Connect…" screen later: what to do first, one
// guided connection per provider, and any connection left half-way to continue.
import { PROVIDERS, providerSpec } from '../../../main/core/providers/registry.js';
import type { VaultOutline } from '../../../preload/contract.js';
import { ViewLoading } from '../components/ViewLoading.js';
import { useVaultTree } from '../state/deck-store.js';
import type { Selection } from '../selection.js';
import { providerTitle, stepsOf, currentStep, unfinished } from './connect-progress.js';

export function ConnectStart({ tree, onSelect }: { tree: VaultOutline; onSelect: (selection: Selection) => void }) {
  // Which connections are half-way needs every organization's keys: the whole tree, fetched here.
  const fetched = useVaultTree();
  const empty = tree.organizations.length === 0;
  const organizations = empty ? [] : fetched;
  if (!organizations) return <ViewLoading />;
  const halfway = organizations.filter(unfinished);
  return (
    <section className="view connect-start" aria-label="Connect an API">
      <h2>{empty ? 'Your vault is empty: connect an API' : 'Connect an API'}</h2>
      <p className="muted">
        Tokendeck keeps each API's credentials in the system keychain and hands out tokens: pick the API you have an account with and follow the steps. You can leave at any step and come back here to continue.
      </p>
      <ul className="connect-choices">
        {PROVIDERS.map((provider, index) => (
          <li key={provider}>
            <button type="button" className="primary" onClick={() => onSelect({ kind: 'connect', provider })} autoFocus={index === 0 && halfway.length === 0}>
              Connect {providerTitle(provider)}
            </button>
            <span className="muted">{providerSpec(provider).needs}</span>
          </li>
        ))}
        <li>
          <button type="button" className="primary" onClick={() => onSelect({ kind: 'connect', provider: 'oauth2', signIn: true })}>
            Sign in as a person
          </button>
          <span className="muted">An OpenID Connect or OAuth 2.0 server&apos;s issuer and a client id: you sign in in the browser or with a code, and Tokendeck keeps the session fresh.</span>
        </li>
      </ul>
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
    </section>
  );
}
