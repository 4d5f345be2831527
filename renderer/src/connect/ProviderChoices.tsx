// One guided connection per provider, and a person's sign-in: the choices of the Connect screen
// (and of an empty vault's first screen). Drawn from the providers' cards, so the first bundle
// carries no provider's rules.
import { PROVIDER_CARDS } from 'virtual:provider-cards';
import type { Selection } from '../selection.js';

/** `autoFocus`: the first choice takes the focus (none is waiting to be continued). */
export function ProviderChoices({ onSelect, autoFocus }: { onSelect: (selection: Selection) => void; autoFocus: boolean }) {
  return (
    <ul className="connect-choices">
      {PROVIDER_CARDS.map(({ provider, title, needs }, index) => (
        <li key={provider}>
          <button type="button" className="primary" onClick={() => onSelect({ kind: 'connect', provider })} autoFocus={index === 0 && autoFocus}>
            Connect {title}
          </button>
          <span className="muted">{needs}</span>
        </li>
      ))}
      <li>
        <button type="button" className="primary" onClick={() => onSelect({ kind: 'connect', provider: 'oauth2', signIn: true })}>
          Sign in as a person
        </button>
        <span className="muted">An OpenID Connect or OAuth 2.0 server&apos;s issuer and a client id: you sign in in the browser or with a code, and Tokendeck keeps the session fresh.</span>
      </li>
    </ul>
  );
}
