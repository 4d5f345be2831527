// The first screen of an empty vault, and the "Connect…" screen later: what to do first, one
// guided connection per provider, and any connection left half-way to continue.
import type { VaultOutline } from '../../../preload/contract.js';
import { ViewLoading } from '../components/ViewLoading.js';
import { useVaultTree } from '../state/deck-store.js';
import type { Selection } from '../selection.js';
import { HalfwayConnections } from '../views.js';
import { ProviderChoices } from './ProviderChoices.js';

export function ConnectStart({ tree, onSelect }: { tree: VaultOutline; onSelect: (selection: Selection) => void }) {
  // Which connections are half-way needs every organization's keys: the whole tree, fetched here.
  const fetched = useVaultTree();
  const empty = tree.organizations.length === 0;
  const organizations = empty ? [] : fetched;
  if (!organizations) return <ViewLoading />;
  return (
    <section className="view connect-start" aria-label="Connect an API">
      <h2>{empty ? 'Your vault is empty: connect an API' : 'Connect an API'}</h2>
      <p className="muted">
        Tokendeck keeps each API's credentials in the system keychain and hands out tokens: pick the API you have an account with and follow the steps. You can leave at any step and come back here to continue.
      </p>
      {empty ? <ProviderChoices onSelect={onSelect} autoFocus /> : <HalfwayConnections organizations={organizations} onSelect={onSelect} />}
    </section>
  );
}
