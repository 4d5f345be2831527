// "Check every reference" (issue 24, as `tokendeck doctor` does): main reads every reference a
// client or key uses, once, and says per secret whether this machine can read it, and whether the
// user is still a recipient of each pass entry. A member the team re-encrypted without learns why,
// and can drop the tokens minted with the team's secret; main re-audits and asks in its own dialog.
import { useState } from 'react';
import type { SourceAuditView } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useAction } from '../state/use-action.js';

type Finding = SourceAuditView['findings'][number];

/** The finding's verdict: readable ✓, the source's own words, or what to ask the team for. */
function Verdict({ finding }: { finding: Finding }) {
  if (finding.readable && finding.recipient !== false) return <span className="badge ok">readable ✓</span>;
  if (finding.readable) return <span className="source-detail error-words">readable ✓ for now, but {finding.fix} (the next re-encryption leaves you out)</span>;
  return (
    <>
      <span className="badge bad">not readable</span>
      <span className="source-detail error-words">
        {/* doctor's words end "then pull the store"; here the Pull button above does it. */}
        {finding.fix ? finding.fix.replace(/then pull the store$/, 'then Pull') : finding.error?.message}{' '}
        {!finding.fix && finding.error && <small className="error-code">{finding.error.code}</small>}
      </span>
    </>
  );
}

export function SourceAuditPanel() {
  const [audit, setAudit] = useState<SourceAuditView>();
  const [dropped, setDropped] = useState<number>();
  const check = useAction(async () => {
    setDropped(undefined);
    setAudit(await call('sources.audit', {}));
  });
  const drop = useAction(async () => {
    // Asked in main's own dialog, which names the clients; main audits again before it deletes.
    const { dropped: count } = await call('sources.dropUnreadableTokens', {});
    setAudit(await call('sources.audit', {}));
    setDropped(count);
  });
  return (
    <section className="panel source-audit" aria-label="Check every reference">
      <h3>Check every reference</h3>
      <p className="muted small-text">Reads each secret your clients and keys use, as <code>tokendeck doctor</code> does: never shown, only whether this machine can read it.</p>
      <div className="actions">
        <button type="button" onClick={() => void check.run()} disabled={check.pending || drop.pending}>
          {check.pending ? 'Checking…' : 'Check every reference'}
        </button>
        {audit && audit.droppableTokens > 0 && (
          <button type="button" className="danger" onClick={() => void drop.run()} disabled={check.pending || drop.pending}>
            Drop their cached tokens…
          </button>
        )}
        {dropped !== undefined && (
          <span className="success" role="status">
            Dropped {dropped} cached token{dropped === 1 ? '' : 's'}.
          </span>
        )}
      </div>
      {audit && audit.findings.length === 0 && <p className="muted">No client or key reads from a source.</p>}
      {audit && audit.findings.length > 0 && (
        <ul className="plain import-sources" aria-label="References">
          {audit.findings.map((finding) => (
            <li key={`${finding.what} ${finding.reference}`} aria-label={finding.what}>
              <strong>{finding.what}</strong>
              <span className="muted">—</span>
              <code>{finding.reference}</code>
              <Verdict finding={finding} />
            </li>
          ))}
        </ul>
      )}
      {audit && audit.droppableTokens > 0 && (
        <p className="muted small-text">
          {audit.droppableTokens} cached token{audit.droppableTokens === 1 ? ' was' : 's were'} minted with a secret this machine can no longer read: drop {audit.droppableTokens === 1 ? 'it' : 'them'} if you left the team.
        </p>
      )}
      <ErrorNotice error={check.error} onDismiss={check.clearError} />
      <ErrorNotice error={drop.error} onDismiss={drop.clearError} />
    </section>
  );
}
