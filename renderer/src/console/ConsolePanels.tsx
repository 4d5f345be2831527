// Below the composer, one tab each: the last response (or, after "Send to all environments", the
// answers side by side), or why there is none; the history and the saved requests.
import { ErrorNotice } from '../components/ErrorNotice.js';
import { EnvironmentAnswers } from './EnvironmentAnswers.js';
import { HistoryList, SavedList } from './HistoryPanel.js';
import { ResponsePanel } from './ResponsePanel.js';
import type { ConsoleState } from './use-console.js';

export function ConsolePanels({ state }: { state: ConsoleState }) {
  const { exchange, lists, panel } = state;
  return (
    <>
      <div className="tabs lower" role="tablist" aria-label="Console panels">
        {(['response', 'history', 'saved'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={panel === name} className={panel === name ? 'tab selected' : 'tab'} onClick={() => state.setPanel(name)}>
            {name === 'response' ? 'Response' : name === 'history' ? `History (${lists.history.length})` : `Saved (${lists.saved.length})`}
          </button>
        ))}
      </div>
      <ErrorNotice error={lists.error} codeInSmallPrint />
      <div role="tabpanel">
        {panel === 'response' && (
          <>
            {exchange.pendingId && <p className="muted pad">Sending…</p>}
            <ErrorNotice error={exchange.error} codeInSmallPrint />
            {!exchange.pendingId && exchange.response && <ResponsePanel key={exchange.response.requestId} response={exchange.response} onRetryFresh={state.retryFresh} />}
            {!exchange.pendingId && exchange.all && <EnvironmentAnswers key={exchange.all.requestId} all={exchange.all} />}
            {!exchange.pendingId && !exchange.response && !exchange.all && !exchange.error && <p className="muted pad">Send a request to see its response here.</p>}
          </>
        )}
        {panel === 'history' && <HistoryList entries={lists.history} onLoad={state.load} onRerun={state.rerun} onClear={lists.clearHistory} />}
        {panel === 'saved' && <SavedList saved={lists.saved} onLoad={state.load} onRemove={lists.removeSaved} />}
      </div>
    </>
  );
}
