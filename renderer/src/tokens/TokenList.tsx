// Cached tokens with when each expires, in the core's words ("in 12 min", the exact time on hover):
// the warning colour inside the last 10% of a token's life (or its last 5 minutes, token-timing.ts)
// and "expired" at zero. Copy, reveal (masked until asked), refresh, discard,
// inspect a JWT. Virtualized: only the visible rows tick.
import { memo, Suspense, useCallback, useRef, useState } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import type { TokenInspection, TokenView } from '../../../preload/contract.js';
import { tokenPhase } from '../../../main/core/token-timing.js';
import { expiryWords } from '../../../main/core/duration.js';
import { call, errorPayload } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useFixedRows } from '../components/fixed-rows.js';
import { reloadTokens } from '../state/deck-store.js';
import { useTick } from '../state/clock.js';
import { InspectionView, ViewLoading } from '../views.js';

const ROW_HEIGHT = 44;

type Detail = { tokenId: string; kind: 'revealed'; value: string } | { tokenId: string; kind: 'decoded'; jwt: TokenInspection } | { tokenId: string; kind: 'status'; text: string };

function Countdown({ token }: { token: TokenView }) {
  const span = useRef<HTMLSpanElement>(null);
  const paint = useCallback(
    (now: number) => {
      const element = span.current;
      if (!element) return;
      const phase = tokenPhase(Date.parse(token.issuedAt), Date.parse(token.expiresAt), now);
      const words = expiryWords(token.expiresAt, now);
      const text = words.text;
      // Rewrites the one text node in place rather than replacing it.
      if (element.firstChild) {
        if (element.firstChild.nodeValue !== text) element.firstChild.nodeValue = text;
      } else {
        element.textContent = text;
      }
      const title = phase === 'expiring' ? `${words.exact} · in its last tenth: refresh it soon` : words.exact;
      if (element.title !== title) element.title = title;
      if (element.dataset.phase !== phase) {
        element.dataset.phase = phase;
        element.className = `countdown ${phase}`;
      }
    },
    [token.issuedAt, token.expiresAt],
  );
  useTick(paint);
  return <span ref={span} className="countdown" />;
}

const TokenRow = memo(function TokenRow({ token, act }: { token: TokenView; act: (kind: 'copy' | 'reveal' | 'inspect' | 'refresh' | 'discard', token: TokenView) => void }) {
  return (
    <div className="token-row" role="row" aria-label={`token ${token.org}/${token.client} ${token.scheme}`}>
      <span className="token-client" role="cell">
        <strong title={`${token.org}/${token.client}`}>
          {token.org}/{token.client}
        </strong>
        {/* A person's session: whom the token acts as, first, so a narrow column cuts the environment instead. */}
        <span className="muted" title={token.account ? `A person's session: this token acts as ${token.account} (${token.environment})` : token.environment}>
          {token.account && <span className="token-account">as {token.account}</span>}
          {token.account && ' · '}
          {token.environment}
        </span>
      </span>
      <span role="cell" className="scheme">
        <span>{token.scheme}</span>
        {(token.sub || token.staleKey || token.assumedExpiry || token.grantedScope !== undefined) && (
          <span className="scheme-extra">
            {token.assumedExpiry && (
              <span className="muted" title="The server did not say when this token expires: the expiry is the client's assumed lifetime. A 401 replaces it.">
                expiry assumed{' '}
              </span>
            )}
            {token.grantedScope !== undefined && (
              <span className="muted" title={`The server granted the scope "${token.grantedScope}", not the one asked for`}>
                granted {token.grantedScope || '(no scope)'}{' '}
              </span>
            )}
            {token.staleKey && (
              <span className="stale" title={`Signed with ${token.kid}, a ${token.staleKey} key: re-mint it from the organization's keys`}>
                old key{' '}
              </span>
            )}
            {token.sub && (
              <span className="muted" title={`sub ${token.sub}`}>
                sub {token.sub}
              </span>
            )}
          </span>
        )}
      </span>
      <span role="cell">
        <Countdown token={token} />
      </span>
      <span role="cell" className="token-actions">
        <button type="button" onClick={() => act('copy', token)}>
          Copy
        </button>
        <button type="button" onClick={() => act('reveal', token)}>
          Reveal
        </button>
        <button type="button" onClick={() => act('inspect', token)}>
          Inspect
        </button>
        <button type="button" onClick={() => act('refresh', token)}>
          Refresh
        </button>
        <ConfirmButton label="Discard" question="Discard?" onConfirm={() => act('discard', token)} />
      </span>
    </div>
  );
});

export function TokenList({ tokens, emptyText }: { tokens: TokenView[]; emptyText: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useFixedRows({ count: tokens.length, scroller, rowHeight: ROW_HEIGHT, overscan: 6 });
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<ErrorPayload>();

  const act = async (kind: 'copy' | 'reveal' | 'inspect' | 'refresh' | 'discard', token: TokenView) => {
    setError(undefined);
    try {
      if (kind === 'copy') {
        const copied = await call('tokens.copyCached', { tokenId: token.id });
        const clears = `The clipboard clears in ${copied.clearsInMs / 1000} s.`;
        if (copied.replaced) {
          // Main never hands out an expired token: it made a new one, whose row replaces this one.
          await reloadTokens();
          const old = Date.parse(copied.replaced.expiresAt) <= Date.now() ? 'had expired' : 'was about to expire';
          setDetail({ tokenId: copied.tokenId ?? token.id, kind: 'status', text: `Copied a new token — the old one ${old}. ${clears}` });
        } else {
          setDetail({ tokenId: token.id, kind: 'status', text: `Copied. ${clears}` });
        }
      } else if (kind === 'reveal') {
        setDetail({ tokenId: token.id, kind: 'revealed', value: (await call('tokens.reveal', { tokenId: token.id })).value });
      } else if (kind === 'inspect') {
        setDetail({ tokenId: token.id, kind: 'decoded', jwt: await call('tokens.inspect', { tokenId: token.id }) });
      } else if (kind === 'refresh') {
        await call('tokens.refresh', { tokenId: token.id });
        setDetail(undefined);
        await reloadTokens();
      } else {
        await call('tokens.discard', { tokenId: token.id });
        setDetail(undefined);
        await reloadTokens();
      }
    } catch (caught) {
      setError(errorPayload(caught));
    }
  };

  const detailToken = detail && tokens.find((t) => t.id === detail.tokenId);
  return (
    <div className="token-list">
      <div ref={scroller} className="token-scroller" role="table" aria-label="Tokens">
        {/* Inside the scroller, sticky: the header shares the rows' width, scrollbar or not, so its columns sit over theirs. */}
        <div className="token-row header" role="row">
          <span role="columnheader">Client</span>
          <span role="columnheader">Scheme</span>
          <span role="columnheader">Expires</span>
          <span />
        </div>
        {tokens.length === 0 && <p className="muted pad">{emptyText}</p>}
        <div style={{ height: virtualizer.totalSize, position: 'relative' }}>
          {virtualizer.rows.map((item) => (
            <div key={tokens[item.index]!.id} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              <TokenRow token={tokens[item.index]!} act={(kind, token) => void act(kind, token)} />
            </div>
          ))}
        </div>
      </div>
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
      {detail && detailToken && (
        <section className="token-detail" aria-label="Token detail">
          <header>
            <strong>
              {detailToken.org}/{detailToken.client} · {detailToken.scheme}
            </strong>
            <button type="button" className="link" onClick={() => setDetail(undefined)}>
              {detail.kind === 'revealed' ? 'Hide' : 'Close'}
            </button>
          </header>
          {detail.kind === 'revealed' && <code className="revealed" aria-label="Token value">{detail.value}</code>}
          {detail.kind === 'status' && <p role="status">{detail.text}</p>}
          {detail.kind === 'decoded' && (
            <Suspense fallback={<ViewLoading />}>
              <InspectionView inspection={detail.jwt} />
            </Suspense>
          )}
        </section>
      )}
    </div>
  );
}
