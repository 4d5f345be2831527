// Ctrl/Cmd+K: copy a token of any client, in a scheme its organization offers, or go somewhere
// (an organization, a client, a console, the inspector, another environment), by typing a few
// letters. Enter copies the value (a valid cached token is reused) or goes; Shift+Enter copies the
// whole Authorization header line. Under the title bar's environment, only its clients are offered.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import type { VaultOutline } from '../../../preload/contract.js';
import { call, errorPayload } from '../bridge.js';
import { copyMessage } from '../client/ClientView.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useFocusReturn } from '../components/focus-return.js';
import { useShownEnvironment } from '../environment/EnvironmentSwitcher.js';
import type { Selection } from '../selection.js';
import { setEnvironmentFilter } from '../state/environment-filter.js';
import { paletteEntries, type PaletteEntry } from './palette-entries.js';

export function CommandPalette({ tree, onSelect, onClose }: { tree: VaultOutline; onSelect: (selection: Selection) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<ErrorPayload>();
  const input = useRef<HTMLInputElement>(null);
  // The switcher's environment: only its clients are offered.
  const environment = useShownEnvironment(tree.organizations);
  useFocusReturn();
  useEffect(() => input.current?.focus(), []);

  const entries = useMemo(() => paletteEntries(tree, query, environment), [tree, query, environment]);

  async function run(entry: PaletteEntry | undefined, as: 'value' | 'header' = 'value') {
    if (!entry) return;
    setError(undefined);
    if (entry.kind === 'go') {
      if ('selection' in entry.to) onSelect(entry.to.selection);
      else setEnvironmentFilter(entry.to.environment);
      onClose();
      return;
    }
    try {
      const result = await call('tokens.copy', { org: entry.org, client: entry.client, seenClient: entry.seenClient, scheme: entry.scheme, as });
      setStatus(`${copyMessage(result, entry.production)} — ${entry.org}/${entry.client}`);
      setTimeout(onClose, 1_200);
    } catch (caught) {
      setError(errorPayload(caught));
    }
  }

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div className="palette" role="dialog" aria-label="Command palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          value={query}
          placeholder={environment === null ? 'Copy a token or open… (type an organization, client, environment or scheme)' : `Copy a token or open… (${environment} clients only: type an organization, client or scheme)`}
          aria-label="Command"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, entries.length - 1));
            if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
            if (e.key === 'Enter') void run(entries[active], e.shiftKey ? 'header' : 'value');
          }}
        />
        <ul role="listbox" aria-label="Commands">
          {entries.map((entry, index) => {
            const production = entry.kind === 'copy' && entry.production;
            return (
              <li key={entry.label} role="option" aria-selected={index === active} className={[index === active ? 'active' : '', production ? 'production' : ''].join(' ').trim()} onMouseEnter={() => setActive(index)} onClick={() => void run(entry)}>
                <span className="palette-label">{entry.label}</span>
                {/* A production client's badge already says "production": its environment's name is not said twice. */}
                {entry.detail && !(production && entry.detail.toLowerCase() === 'production') && <span className="muted palette-detail">{entry.detail}</span>}
                {production && <span className="badge prod">production</span>}
              </li>
            );
          })}
          {entries.length === 0 && <li className="muted">{environment === null ? 'Nothing matches.' : `Nothing in ${environment} matches.`}</li>}
        </ul>
        <p className="muted palette-hint">
          <kbd>Enter</kbd> copies the token (a valid cached one is reused) or opens · <kbd>Shift</kbd>+<kbd>Enter</kbd> copies the whole <code>Authorization:</code> header
        </p>
        {status && (
          <p className="success" role="status">
            {status}
          </p>
        )}
        <ErrorNotice error={error} />
      </div>
    </div>
  );
}
