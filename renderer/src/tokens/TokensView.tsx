// The Live tokens view: every cached token (of the switcher's environment), soonest to expire first
// and the expired last, how many are live and how many expired, and the hand-outs.
import { useMemo } from 'react';
import { byTimeLeft } from '../../../main/core/token-timing.js';
import type { TokenView } from '../../../preload/contract.js';
import { plural } from '../components/format.js';
import { useShownEnvironment } from '../environment/EnvironmentSwitcher.js';
import { setEnvironmentFilter, shownInEnvironment } from '../state/environment-filter.js';
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
  const { tokens: all, outline } = useDeck();
  // The switcher's environment: its tokens only, and how many others are hidden, so none is lost from sight.
  const environment = useShownEnvironment(outline?.organizations ?? []);
  const tokens = useMemo(() => all.filter((t) => shownInEnvironment(t.environment, environment)), [all, environment]);
  const hidden = all.length - tokens.length;
  // Reordered when the list changes or a token expires (it moves to the end), not on every tick.
  const { expired } = useTokenCounts(tokens);
  const sorted = useMemo(() => byTimeLeft(tokens, Date.now()), [tokens, expired]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <article className="view" aria-label="Live tokens">
      <header className="view-header">
        <div className="view-title">
          <h2>Live tokens</h2>
          <TokenCounts tokens={tokens} />
        </div>
        <span className="muted">Ctrl+K: copy a token for any client</span>
      </header>
      {environment !== null && (
        <p className="muted filter-note" role="status">
          {environment} only{hidden > 0 ? ` · ${plural(hidden, 'token')} of other environments hidden` : ''} ·{' '}
          <button type="button" className="link" onClick={() => setEnvironmentFilter(null)}>
            Show all environments
          </button>
        </p>
      )}
      <TokenList tokens={sorted} emptyText={environment === null ? 'No cached tokens. Copy a DevToken or a Bearer token from a client to see it here.' : `No cached tokens in ${environment}.`} />
      <HandoutList environment={environment} />
    </article>
  );
}
