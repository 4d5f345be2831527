// The organization's request history (newest first, never a credential: the scheme's name stands
// in its place) and its saved requests: load one into the composer, or run it again.
import type { HistoryEntry, SavedRequest } from '../../../main/core/console/console-model.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { describeOutcome } from './draft.js';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function HistoryList({ entries, onLoad, onRerun, onClear }: { entries: HistoryEntry[]; onLoad: (e: HistoryEntry) => void; onRerun: (e: HistoryEntry) => void; onClear: () => void }) {
  if (!entries.length) return <p className="muted pad">No requests sent yet for this organization.</p>;
  return (
    <div className="history">
      <ul aria-label="History">
        {entries.map((entry) => (
          <li key={entry.id} className="history-entry">
            <span className="muted">{time(entry.at)}</span>
            <strong>{entry.request.method}</strong>
            <span className="history-url" title={entry.request.url}>
              {entry.request.url}
            </span>
            <span className="muted">
              {entry.request.client} · {entry.scheme}
            </span>
            <span className={'status' in entry.outcome ? `status status-${String(entry.outcome.status)[0]}xx` : 'status error-code'}>{describeOutcome(entry)}</span>
            <button type="button" className="small" onClick={() => onLoad(entry)}>
              Load
            </button>
            <button type="button" className="small" onClick={() => onRerun(entry)}>
              Re-run
            </button>
          </li>
        ))}
      </ul>
      <ConfirmButton label="Clear history" question="Clear this organization's request history?" onConfirm={onClear} />
    </div>
  );
}

export function SavedList({ saved, onLoad, onRemove }: { saved: SavedRequest[]; onLoad: (s: SavedRequest) => void; onRemove: (s: SavedRequest) => void }) {
  if (!saved.length) return <p className="muted pad">No saved requests: compose one and press Save.</p>;
  return (
    <ul className="history" aria-label="Saved requests">
      {saved.map((item) => (
        <li key={item.id} className="history-entry">
          <strong>{item.name}</strong>
          <span>{item.request.method}</span>
          <span className="history-url">{item.request.url}</span>
          <span className="muted">{item.request.client}</span>
          <button type="button" className="small" onClick={() => onLoad(item)}>
            Load
          </button>
          <ConfirmButton label="Delete" question={`Delete "${item.name}"?`} onConfirm={() => onRemove(item)} />
        </li>
      ))}
    </ul>
  );
}
