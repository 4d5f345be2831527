// The Live tokens view: every cached token, how many are live and how many expired, and the hand-outs.
import type { TokenView } from '../../../preload/contract.js';
import { useDeck } from '../state/deck-store.js';
import { HandoutList } from './HandoutList.js';
import { useTokenCounts } from './token-counts.js';
import { TokenList } from './TokenList.js';

/** "3 live · 2 expired". */
function TokenCounts({ tokens }: { tokens: TokenView[] }) {
  const { live, expired } = useTokenCounts(tokens);
  if (!tokens.length) return null;
  return (
    <span className="token-counts" aria-label="Token counts">
      {live} live
      {expired > 0 && (
        <>
          {' · '}
          <span className="expired-count">{expired} expired</span>
        </>
      )}
    </span>
  );
}

export function TokensView() {
  const { tokens } = useDeck();
  return (
    <article className="view" aria-label="Live tokens">
      <header className="view-header">
        <div className="view-title">
          <h2>Live tokens</h2>
          <TokenCounts tokens={tokens} />
        </div>
        <span className="muted">Ctrl+K: copy a token for any client</span>
      </header>
      <TokenList tokens={tokens} emptyText="No cached tokens. Copy a DevToken or a Bearer token from a client to see it here." />
      <HandoutList />
    </article>
  );
}
