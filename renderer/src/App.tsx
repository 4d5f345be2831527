// The deck: the sidebar of organizations and clients, the selected view, the command palette.
// The first screen (sidebar, live tokens) is in the first bundle; every other view is loaded
// in idle time once the deck is drawn (views.tsx).
import { Suspense, useEffect, useLayoutEffect, useState } from 'react';
import { ConnectStart } from './connect/ConnectStart.js';
import { ErrorNotice } from './components/ErrorNotice.js';
import { EnvironmentSwitcher, isProductionEnvironment, useShownEnvironment } from './environment/EnvironmentSwitcher.js';
import type { Selection } from './selection.js';
import { goneSelection } from './state/gone-selection.js';
import { setNavigator } from './state/navigate.js';
import { Sidebar } from './sidebar/Sidebar.js';
import { reloadVault, useDeck, useOrganization } from './state/deck-store.js';
import { TokensView } from './tokens/TokensView.js';
import { ClientView, CommandPalette, ConnectWizard, SignInWizard, ConsoleView, InspectorView, KeychainAuditBanner, OrganizationForm, OrganizationView, preloadViews, SetupView, SourcesView, TrashView, ViewLoading } from './views.js';

export function App() {
  const { outline: tree, tokens, loadError } = useDeck();
  const [chosen, setSelection] = useState<Selection>({ kind: 'tokens' });
  setNavigator(setSelection);
  // What was chosen, unless the vault lost it meanwhile (changed outside the window): then the
  // nearest place that still exists, under a line saying what went. Derived, not stored, so a
  // removal made here, which moves on by itself, never reads as one made elsewhere.
  const gone = tree && goneSelection(tree, chosen);
  const selection = gone?.instead ?? chosen;
  const [palette, setPalette] = useState(false);
  const outlineOrg = tree && 'org' in selection ? tree.organizations.find((o) => o.name === selection.org) : undefined;
  // Fetched in full when opened: the outline carries names and clients only.
  const fullOrg = useOrganization(outlineOrg?.name);
  const shownEnvironment = useShownEnvironment(tree?.organizations ?? []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPalette((open) => !open);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // Marks the first render with data, for the benchmark's first-render figure.
  useLayoutEffect(() => {
    if (tree && performance.getEntriesByName('deck-rendered').length === 0) {
      performance.mark('deck-rendered');
      preloadViews();
    }
  }, [tree]);

  if (!tree) {
    return (
      <div className="app loading">
        {loadError ? (
          <div className="pad">
            <ErrorNotice error={loadError} />
            <button type="button" onClick={() => void reloadVault()}>
              Retry
            </button>
          </div>
        ) : (
          <p className="muted pad">Opening the vault…</p>
        )}
      </div>
    );
  }

  const productionShown = shownEnvironment !== null && isProductionEnvironment(tree.organizations, shownEnvironment);
  const org = selection.kind === 'org' || selection.kind === 'client' || selection.kind === 'console' ? outlineOrg : undefined;
  // The selected organization is on its way (vault.organization): the view waits in place.
  const waiting = <ViewLoading />;
  let view;
  if (selection.kind === 'new-org') {
    view = <OrganizationForm onDone={(name) => setSelection(name ? { kind: 'org', org: name } : { kind: 'tokens' })} />;
  } else if (selection.kind === 'org' && org) {
    view = fullOrg ? <OrganizationView key={fullOrg.id} org={fullOrg} onSelect={setSelection} /> : waiting;
  } else if (selection.kind === 'connect') {
    view = !selection.provider ? (
      <ConnectStart tree={tree} onSelect={setSelection} />
    ) : outlineOrg && !fullOrg ? (
      waiting
    ) : selection.signIn ? (
      <SignInWizard key={selection.org ?? ''} org={fullOrg} issuer={selection.issuer} onSelect={setSelection} />
    ) : (
      <ConnectWizard key={`${selection.provider}/${selection.org ?? ''}`} org={fullOrg} provider={selection.provider} onSelect={setSelection} />
    );
  } else if (selection.kind === 'tokens' && tree.organizations.length === 0) {
    // An empty vault: say what to do first instead of an empty token table.
    view = <ConnectStart tree={tree} onSelect={setSelection} />;
  } else if (selection.kind === 'setup') {
    view = <SetupView />;
  } else if (selection.kind === 'sources') {
    view = <SourcesView />;
  } else if (selection.kind === 'trash') {
    view = <TrashView />;
  } else if (selection.kind === 'inspector') {
    view = <InspectorView tree={tree} />;
  } else if (selection.kind === 'console' && org) {
    view = fullOrg ? <ConsoleView key={fullOrg.id} org={fullOrg} {...(selection.client ? { client: selection.client } : {})} /> : waiting;
  } else if (selection.kind === 'client' && org?.clients.some((c) => c.name === selection.client)) {
    // Keyed by the client's id: one removed and added again under its name is another view (its forms start empty).
    const clientId = org.clients.find((c) => c.name === selection.client)!.id;
    view = fullOrg ? <ClientView key={`${fullOrg.id}/${clientId}`} org={fullOrg} clientName={selection.client} onSelect={setSelection} /> : waiting;
  } else {
    view = <TokensView />;
  }

  return (
    <div className="app">
      <header className={productionShown ? 'app-header production' : 'app-header'}>
        <div className="app-header-start">
          <h1>Tokendeck</h1>
          <EnvironmentSwitcher organizations={tree.organizations} />
        </div>
        <button type="button" className="palette-button" onClick={() => setPalette(true)} aria-keyshortcuts="Control+K">
          Copy or open… <kbd>Ctrl K</kbd>
        </button>
      </header>
      <div className="app-body">
        <Sidebar tree={tree} selection={selection} onSelect={setSelection} tokens={tokens} />
        <main className="app-main">
          <ErrorNotice error={loadError} />
          <Suspense fallback={null}>
            <KeychainAuditBanner />
          </Suspense>
          {gone && (
            <div className="warning-banner" role="status" aria-label="Gone from the vault">
              <strong>{gone.what}</strong> was removed or changed outside this window (by the command line or another Tokendeck); the deck reloaded the vault.
            </div>
          )}
          <Suspense fallback={waiting}>{view}</Suspense>
        </main>
      </div>
      {palette && (
        <Suspense fallback={null}>
          <CommandPalette tree={tree} onSelect={setSelection} onClose={() => setPalette(false)} />
        </Suspense>
      )}
    </div>
  );
}
