// Tokens handed out — copied or exported with their value — with their expiry: the ones pasted
// into a frontend's configuration and forgotten. Main notifies a day before each expires, so the list
// says so only when a hand-out lives longer than a day (an hour-long token gets no such notice).
import { useEffect, useState } from 'react';
import { absoluteTime, expiryWords, relativeTime } from '../../../main/core/duration.js';
import { byTimeLeft, remindedBeforeExpiry } from '../../../main/core/token-timing.js';
import type { Handout, VaultOutline } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useDeck } from '../state/deck-store.js';
import { shownInEnvironment } from '../state/environment-filter.js';
import { useAction } from '../state/use-action.js';
import { useNow } from '../state/clock.js';

/** `environment`: the switcher's (null: All); a hand-out follows its client's environment. */
export function HandoutList({ environment }: { environment: string | null }) {
  const { tokens, outline } = useDeck();
  const [all, setHandouts] = useState<Handout[]>([]);
  const handouts = all.filter((h) => {
    if (environment === null) return true;
    const own = environmentOf(outline, h);
    return own !== undefined && shownInEnvironment(own, environment);
  });
  const load = useAction(async () => setHandouts(await call('handouts.list', {})));
  const forget = useAction(async (id: string) => {
    await call('handouts.forget', { id });
    await load.run();
  });
  // A copy changes the token list too: reload with it.
  useEffect(() => void load.run(), [tokens]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!handouts.length) return null;
  return (
    <section className="panel" aria-label="Handed-out tokens">
      <h3>Handed out</h3>
      <p className="muted small-text">
        Tokens you copied or exported with their value.{handouts.some(remindedBeforeExpiry) && ' You get a notification a day before each one that lives longer than a day expires.'}
      </p>
      <HandoutRows handouts={handouts} onForget={(id) => void forget.run(id)} />
      <ErrorNotice error={load.error ?? forget.error} />
    </section>
  );
}

/** The environment of a hand-out's client, as the outline has it (undefined: the client is gone). */
function environmentOf(outline: VaultOutline | undefined, handout: Handout): string | undefined {
  return outline?.organizations.find((o) => o.name === handout.org)?.clients.find((c) => c.name === handout.client)?.environment;
}

/** "copied 3 min ago", or for a token handed out again "copied 3 times, last 2 min ago": the core's words, as the CLI's. */
function handedOutText(h: Handout, now: number): string {
  return h.copies > 1 ? `${h.how} ${h.copies} times, last ${relativeTime(h.lastHandedOutAt ?? h.handedOutAt, now)}` : `${h.how} ${relativeTime(h.handedOutAt, now)}`;
}

/** The rows tick with the clock; the list above does not (it renders nothing when empty). */
function HandoutRows({ handouts, onForget }: { handouts: Handout[]; onForget: (id: string) => void }) {
  const now = useNow();
  return (
      <ul className="plain">
        {byTimeLeft(handouts, now).map((h) => {
          const expiry = expiryWords(h.expiresAt, now);
          return (
            <li key={h.id} className="key-line">
              <strong>
                {h.org}/{h.client}
              </strong>
              <span>
                {h.scheme}
                {h.sub && <span className="muted"> · sub {h.subLabel ?? h.sub}</span>}
              </span>
              <span className="muted" title={`first ${h.how} ${absoluteTime(h.handedOutAt)}`}>
                {handedOutText(h, now)}
              </span>
              <span className={expiry.expired ? 'badge warn' : 'badge'} title={expiry.exact}>
                {expiry.expired ? 'expired' : `expires ${expiry.text}`}
              </span>
              {h.remindedAt && <span className="muted">reminded</span>}
              <button type="button" className="link" onClick={() => onForget(h.id)}>
                Forget
              </button>
            </li>
          );
        })}
      </ul>
  );
}
