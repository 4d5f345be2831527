// Ctrl/Cmd+K: "copy token for …" any client and scheme, by typing a few letters. Enter copies the
// value (a valid cached token is reused), Shift+Enter the whole Authorization header line. Under the
// title bar's environment, only that environment's clients are offered.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { schemesOf } from '../../../main/core/providers/registry.js';
import type { Scheme } from '../../../main/core/providers/schemes.js';
import type { VaultOutline } from '../../../preload/contract.js';
import { call, errorPayload } from '../bridge.js';
import { copyMessage } from '../client/ClientView.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useFocusReturn } from '../components/focus-return.js';
import { useShownEnvironment } from '../environment/EnvironmentSwitcher.js';
import { shownInEnvironment } from '../state/environment-filter.js';

interface Entry {
  org: string;
  client: string;
  /** The client's uuid as the outline had it: main refuses the copy if it is no longer that client. */
  seenClient: string;
  environment: string;
  production: boolean;
  scheme: Scheme;
  label: string;
}

const MAX_SHOWN = 50;

export function CommandPalette({ tree, onClose }: { tree: VaultOutline; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<ErrorPayload>();
  const input = useRef<HTMLInputElement>(null);
  // The switcher's environment: only its clients are offered.
  const environment = useShownEnvironment(tree.organizations);
  useFocusReturn();
  useEffect(() => input.current?.focus(), []);

  const entries = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const found: Entry[] = [];
    for (const org of tree.organizations) {
      for (const client of org.clients) {
        if (!shownInEnvironment(client.environment, environment)) continue;
        for (const scheme of schemesOf(org)) {
          const label = `Copy ${scheme} token for ${org.name}/${client.name} (${client.environment})`;
          if (words.every((w) => label.toLowerCase().includes(w))) found.push({ org: org.name, client: client.name, seenClient: client.id, environment: client.environment, production: client.production, scheme, label });
          if (found.length >= MAX_SHOWN) return found;
        }
      }
    }
    return found;
  }, [tree, query, environment]);

  async function run(entry: Entry | undefined, as: 'value' | 'header' = 'value') {
    if (!entry) return;
    setError(undefined);
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
          placeholder={environment === null ? 'Copy token for… (type an organization, client, environment or scheme)' : `Copy token for… (${environment} clients only: type an organization, client or scheme)`}
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
          {entries.map((entry, index) => (
            <li key={entry.label} role="option" aria-selected={index === active} className={[index === active ? 'active' : '', entry.production ? 'production' : ''].join(' ').trim()} onMouseEnter={() => setActive(index)} onClick={() => void run(entry)}>
              {entry.label}
              {entry.production && <span className="badge prod">production</span>}
            </li>
          ))}
          {entries.length === 0 && <li className="muted">{environment === null ? 'No client matches.' : `No client in ${environment} matches.`}</li>}
        </ul>
        <p className="muted palette-hint">
          <kbd>Enter</kbd> copies the token (a valid cached one is reused) · <kbd>Shift</kbd>+<kbd>Enter</kbd> copies the whole <code>Authorization:</code> header
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
