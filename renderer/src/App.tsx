import { VaultTreeView } from './vault/VaultTreeView.js';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Tokendeck</h1>
      </header>
      <main className="app-main">
        <VaultTreeView />
      </main>
    </div>
  );
}
