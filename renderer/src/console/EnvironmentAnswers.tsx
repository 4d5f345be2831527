// "Send to all environments": the answers side by side, one column per environment (its name,
// client, status, time, size and body, or its error), the environments not sent to and why, and
// the JSON bodies' differences from the first environment that answered JSON.
import { useMemo } from 'react';
import { formatBytes, formatMs } from '../../../main/core/console/figures.js';
import { compareWithFirst, parseJsonBody, summarizeDiff, type BodyComparison, type ComparedBody, type JsonDiffEntry } from '../../../main/core/console/json-diff.js';
import type { AllEnvironmentsAnswer, EnvironmentAnswer } from '../../../preload/contract.js';
import { ErrorNotice } from '../components/ErrorNotice.js';

/** A column shows this much of a body; the rest is in the history's single sends. */
const SHOWN_BODY_CHARS = 20_000;

function bodyOf(answer: EnvironmentAnswer): ComparedBody {
  if (answer.outcome !== 'answered') return { environment: answer.environment, absent: 'no answer' };
  const { body } = answer.response;
  return body.encoding === 'text' ? { environment: answer.environment, text: body.text } : { environment: answer.environment, absent: 'its body is not text' };
}

/** The body as a column shows it: JSON indented, anything else as it came, cut when long. */
function shownBody(text: string): string {
  const json = text.length <= 2 * SHOWN_BODY_CHARS ? parseJsonBody(text) : undefined;
  const shown = json ? JSON.stringify(json.value, null, 2) : text;
  return shown.length > SHOWN_BODY_CHARS ? `${shown.slice(0, SHOWN_BODY_CHARS)}\n… (${shown.length - SHOWN_BODY_CHARS} more characters)` : shown;
}

function EnvironmentColumn({ answer }: { answer: Exclude<EnvironmentAnswer, { outcome: 'skipped' }> }) {
  return (
    <article className={answer.production ? 'env-column production' : 'env-column'} aria-label={`${answer.environment} answer`}>
      <header>
        <div className="env-title">
          <strong>{answer.environment}</strong>
          {answer.production && <span className="badge prod">production credential</span>}
        </div>
        <span className="muted">{answer.client ?? '—'}</span>
      </header>
      {answer.outcome === 'answered' ? (
        <>
          <div className="env-status">
            <strong className={`status status-${String(answer.response.status)[0]}xx`} aria-label="Status">
              {answer.response.status} {answer.response.statusText}
            </strong>
            <span title="Total time">{formatMs(answer.response.timing.totalMs)}</span>
            <span title="Body size">
              {formatBytes(answer.response.sizeBytes)}
              {answer.response.truncated ? ' (cut)' : ''}
            </span>
          </div>
          <pre className="raw env-body">{answer.response.body.encoding === 'text' ? shownBody(answer.response.body.text) : `(binary, ${formatBytes(answer.response.sizeBytes)})`}</pre>
        </>
      ) : (
        <ErrorNotice error={answer.error} codeInSmallPrint />
      )}
    </article>
  );
}

const SIGN: Record<JsonDiffEntry['kind'], string> = { added: '+', removed: '−', changed: '~' };

function DiffEntry({ entry }: { entry: JsonDiffEntry }) {
  return (
    <li className={`diff-${entry.kind}`}>
      <span className="diff-sign" aria-label={entry.kind}>
        {SIGN[entry.kind]}
      </span>{' '}
      <code>{entry.path}</code>{' '}
      {entry.kind === 'changed' ? (
        <span>
          <span className="diff-before">{entry.before}</span> → <span className="diff-after">{entry.after}</span>
        </span>
      ) : (
        <span className={entry.kind === 'added' ? 'diff-after' : 'diff-before'}>{entry.after ?? entry.before}</span>
      )}
    </li>
  );
}

function Differences({ baseline, comparisons }: { baseline: string; comparisons: BodyComparison[] }) {
  return (
    <section className="env-diffs" aria-label="Differences">
      <h3>JSON bodies against {baseline}</h3>
      {comparisons.length === 0 && <p className="muted">Only {baseline} answered JSON: nothing to compare it with.</p>}
      {comparisons.map((c) => (
        <div key={c.environment} className="env-diff">
          <h4>
            {c.environment}: {'reason' in c ? <span className="muted">not compared, {c.reason}</span> : summarizeDiff(c.diff)}
          </h4>
          {'diff' in c && c.diff.entries.length > 0 && (
            <ul className="diff-entries" aria-label={`Differences in ${c.environment}`}>
              {c.diff.entries.map((entry, at) => (
                <DiffEntry key={at} entry={entry} />
              ))}
              {c.diff.more > 0 && <li className="muted">… and {c.diff.more} more</li>}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

export function EnvironmentAnswers({ all }: { all: AllEnvironmentsAnswer }) {
  const sent = all.answers.filter((a): a is Exclude<EnvironmentAnswer, { outcome: 'skipped' }> => a.outcome !== 'skipped');
  const skipped = all.answers.filter((a) => a.outcome === 'skipped');
  const comparison = useMemo(() => compareWithFirst(all.answers.filter((a) => a.outcome !== 'skipped').map(bodyOf)), [all]);

  return (
    <section className="env-answers" aria-label="Answers by environment">
      {sent.length > 0 ? (
        <div className="env-columns">
          {sent.map((answer) => (
            <EnvironmentColumn key={answer.environment} answer={answer} />
          ))}
        </div>
      ) : (
        <p className="muted pad">Nothing was sent: every environment was left out.</p>
      )}
      {skipped.length > 0 && (
        <p className="muted env-skipped">
          Not sent:{' '}
          {skipped.map((a) => `${a.environment}${a.client ? ` (${a.client})` : ''} — ${a.reason}`).join('; ')}
          {skipped.some((a) => a.production) && '. Tick "Include production" to send with its production credential.'}
        </p>
      )}
      {comparison ? <Differences baseline={comparison.baseline} comparisons={comparison.comparisons} /> : sent.length > 0 && <p className="muted">No JSON body to compare.</p>}
    </section>
  );
}
