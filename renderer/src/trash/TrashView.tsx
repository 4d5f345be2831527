// The Trash: what removals of organizations, clients and keys put aside for 7 days (their
// records, secrets and private keys stay in main; this page sees names and counts), and putting
// one back. A name taken meanwhile is refused by main with what to do.
import { useCallback, useEffect, useState } from 'react';
import type { TrashItem } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { plural } from '../components/format.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function holds(item: TrashItem): string {
  const parts = [
    item.kind === 'organization' ? `${plural(item.clients.length, 'client')}, ${plural(item.keys.length, 'key')}` : '',
    item.secrets ? plural(item.secrets, 'secret') : '',
    item.privateKeys ? plural(item.privateKeys, 'private key') : '',
    item.accounts.length ? plural(item.accounts.length, 'keychain entry', 'keychain entries') : '',
  ].filter(Boolean);
  return parts.join(' · ') || 'no secret';
}

export function TrashView() {
  const [items, setItems] = useState<TrashItem[]>();
  const [restored, setRestored] = useState<string>();
  const load = useAction(useCallback(async () => setItems(await call('trash.list', {})), []));
  const restore = useAction(async (item: TrashItem) => {
    setRestored(undefined);
    const back = await call('trash.restore', { id: item.id });
    setRestored(`Restored ${item.kind} ${item.name}.${back.missing.length ? ` Not restored (gone from the keychain): ${back.missing.join(', ')}.` : ''}`);
    await Promise.all([reloadVault(), load.run()]);
  });
  const { run } = load;
  useEffect(() => void run(), [run]);

  return (
    <article className="view" aria-label="Trash">
      <header className="view-header">
        <h2>Trash</h2>
      </header>
      <p className="muted">Removed organizations, clients and keys, replaced secrets, retired keys' private keys and keychain entries a repair found unlisted stay here for 7 days (in the keychain), then they are deleted for good.</p>
      <ErrorNotice error={load.error ?? restore.error} onDismiss={restore.clearError} />
      {restored && (
        <p className="notice" role="status">
          {restored}
        </p>
      )}
      {items?.length === 0 && <p className="muted">The trash is empty.</p>}
      {items && items.length > 0 && (
        <table className="trash-list" aria-label="Trash entries">
          <thead>
            <tr>
              <th>What</th>
              <th>Holds</th>
              <th>Removed</th>
              <th>Deleted for good</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} aria-label={`${item.kind} ${item.name}`}>
                <td>
                  <strong>{item.name}</strong>
                  <span className="badge">{item.kind}</span>
                </td>
                <td className="muted">{holds(item)}</td>
                <td>{when(item.removedAt)}</td>
                <td>{when(item.expiresAt)}</td>
                <td>
                  <button type="button" onClick={() => void restore.run(item)} disabled={restore.pending}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
