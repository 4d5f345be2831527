import { useDeck } from '../state/deck-store.js';
import { HandoutList } from './HandoutList.js';
import { TokenList } from './TokenList.js';

export function TokensView() {
  const { tokens } = useDeck();
  return (
    <article className="view" aria-label="Live tokens">
      <header className="view-header">
        <h2>Live tokens</h2>
        <span className="muted">Ctrl+K: copy a token for any client</span>
      </header>
      <TokenList tokens={tokens} emptyText="No cached tokens. Copy a DevToken or a Bearer token from a client to see it here." />
      <HandoutList />
    </article>
  );
}
