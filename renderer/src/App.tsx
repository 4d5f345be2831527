// The deck: the sidebar of organizations and clients, the selected view, the command palette.
import { useEffect, useLayoutEffect, useState } from 'react';
import { ClientView } from './client/ClientView.js';
import { ConnectStart } from './connect/ConnectStart.js';
import { ConnectWizard } from './connect/ConnectWizard.js';
import { ConsoleView } from './console/ConsoleView.js';
import { InspectorView } from './inspector/InspectorView.js';
import { SetupView } from './setup/SetupView.js';
import { ErrorNotice } from './components/ErrorNotice.js';
import { KeychainAuditBanner } from './components/KeychainAuditBanner.js';
import { OrganizationForm } from './organization/OrganizationForm.js';
import { OrganizationView } from './organization/OrganizationView.js';
import { CommandPalette } from './palette/CommandPalette.js';
import type { Selection } from './selection.js';
import { setNavigator } from './state/navigate.js';
import { Sidebar } from './sidebar/Sidebar.js';
import { reloadVault, startDeckStore, useDeck } from './state/deck-store.js';
import { TokensView } from './tokens/TokensView.js';

export function App() {
  const { tree, tokens, loadError } = useDeck();
  const [selection, setSelection] = useState<Selection>({ kind: 'tokens' });
  setNavigator(setSelection);
  const [palette, setPalette] = useState(false);

  useEffect(startDeckStore, []);
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
    if (tree && performance.getEntriesByName('deck-rendered').length === 0) performance.mark('deck-rendered');
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

  const org = selection.kind === 'org' || selection.kind === 'client' || selection.kind === 'console' ? tree.organizations.find((o) => o.name === selection.org) : undefined;
  let view;
  if (selection.kind === 'new-org') {
    view = <OrganizationForm onDone={(name) => setSelection(name ? { kind: 'org', org: name } : { kind: 'tokens' })} />;
  } else if (selection.kind === 'org' && org) {
    view = <OrganizationView key={org.id} org={org} onSelect={setSelection} />;
  } else if (selection.kind === 'connect') {
    view = selection.provider ? (
      <ConnectWizard key={`${selection.provider}/${selection.org ?? ''}`} tree={tree} provider={selection.provider} {...(selection.org ? { orgName: selection.org } : {})} onSelect={setSelection} />
    ) : (
      <ConnectStart tree={tree} onSelect={setSelection} />
    );
  } else if (selection.kind === 'tokens' && tree.organizations.length === 0) {
    // An empty vault: say what to do first instead of an empty token table.
    view = <ConnectStart tree={tree} onSelect={setSelection} />;
  } else if (selection.kind === 'setup') {
    view = <SetupView />;
  } else if (selection.kind === 'inspector') {
    view = <InspectorView tree={tree} />;
  } else if (selection.kind === 'console' && org) {
    view = <ConsoleView key={org.id} org={org} {...(selection.client ? { client: selection.client } : {})} />;
  } else if (selection.kind === 'client' && org?.clients.some((c) => c.name === selection.client)) {
    view = <ClientView key={`${org.id}/${selection.client}`} org={org} clientName={selection.client} onSelect={setSelection} />;
  } else {
    view = <TokensView />;
  }

  return (
    <div className="app">
      <header className="app-header">
        <h1>Tokendeck</h1>
        <button type="button" className="palette-button" onClick={() => setPalette(true)} aria-keyshortcuts="Control+K">
          Copy token for… <kbd>Ctrl K</kbd>
        </button>
      </header>
      <div className="app-body">
        <Sidebar tree={tree} selection={selection} onSelect={setSelection} tokenCount={tokens.length} />
        <main className="app-main">
          <ErrorNotice error={loadError} />
          <KeychainAuditBanner />
          {view}
        </main>
      </div>
      {palette && <CommandPalette tree={tree} onClose={() => setPalette(false)} />}
    </div>
  );
}
