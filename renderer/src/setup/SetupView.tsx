// Share a setup, not its secrets: export the organizations, clients, public keys and saved
// requests to one JSON file, or import one — previewed first, merged by name. Imported clients
// show "secret missing" until their owner sets the secret. A file that would send a stored secret
// somewhere new is flagged apart; main asks about it in its own dialog, not this page.
import { useState } from 'react';
import type { DestinationChange, ImportPlan, ImportSource, ImportStep } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { reloadVault } from '../state/deck-store.js';
import { navigate } from '../state/navigate.js';
import { useAction } from '../state/use-action.js';

function Steps({ steps, label }: { steps: ImportStep[]; label: string }) {
  const changing = steps.filter((s) => s.action !== 'keep');
  if (!changing.length) return <p className="muted">Nothing to change: this machine already has everything in the file.</p>;
  return (
    <ul className="plain import-steps" aria-label={label}>
      {changing.map((step) => (
        <li key={`${step.action} ${step.what}`}>
          <span className={step.action === 'add' ? 'badge ok' : 'badge warn'}>{step.action}</span> <strong>{step.what}</strong> <span className="muted">{step.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/** Import, or why not: a file that reads secrets from where this machine does not allow is refused whole. */
function ImportButton({ name, refused, pending, onImport }: { name: string; refused: number; pending: boolean; onImport: () => void }) {
  return (
    <div className="import-refused">
      <button type="button" className="primary" onClick={onImport} disabled={pending || refused > 0} aria-describedby={refused ? 'import-refused-reason' : undefined}>
        Import {name}
      </button>
      {refused > 0 && (
        <p id="import-refused-reason" className="field-error">
          {refused === 1 ? 'A secret is' : `${refused} secrets are`} read from where this machine does not allow: nothing can be imported until its source is set up, or its path allowed, in Secret sources.{' '}
          <button type="button" className="link" onClick={() => navigate({ kind: 'sources' })}>
            Open Secret sources
          </button>
        </p>
      )}
    </div>
  );
}

/**
 * Every change and every new host in full, never "and N more": what the system dialog will ask
 * about, readable here first. A long list scrolls inside the banner (focusable, so the keyboard
 * scrolls it too) and keeps the Import button in view.
 */
function DestinationChanges({ changes }: { changes: DestinationChange[] }) {
  if (!changes.length) return null;
  const hosts = new Set(changes.flatMap((c) => c.destinations));
  return (
    <section className="warning-banner" aria-label="Destination changes">
      <p>
        <strong>This file changes where stored secrets are sent{hosts.size > 1 ? ` (${hosts.size} new destinations)` : ''}.</strong> Tokendeck will ask you to confirm in a separate system
        dialog; confirm only if you expected it.
      </p>
      <ul className="destination-list" tabIndex={0} aria-label="Changes to confirm">
        {changes.map((change) => (
          <li key={change.message}>
            <strong>{change.what}</strong>: {change.message}
            {change.destinations.length > 1 && (
              <ul className="destination-hosts" aria-label={`New destinations of ${change.what}`}>
                {change.destinations.map((destination) => (
                  <li key={destination}>
                    <code>{destination}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const SOURCE_STATUS: Record<ImportSource['status'], { badge: string; label: string }> = {
  readable: { badge: 'badge ok', label: 'readable ✓' },
  unreadable: { badge: 'badge bad', label: 'unreadable' },
  'not-checked': { badge: 'badge', label: 'not checked' },
  'local-only': { badge: 'badge', label: 'set up locally' },
  'not-set-up': { badge: 'badge bad', label: 'refused' },
  'outside-prefixes': { badge: 'badge bad', label: 'refused' },
};

export const isRefused = (source: ImportSource) => source.status === 'not-set-up' || source.status === 'outside-prefixes';

/** Per secret the file references: where it comes from and whether this machine can read it (the value never shown). */
function Secrets({ sources }: { sources: ImportSource[] }) {
  if (!sources.length) return null;
  return (
    <section aria-label="Secrets">
      <h4>Secrets</h4>
      <ul className="plain import-sources">
        {sources.map((source) => (
          <li key={`${source.what} ${source.reference}`} aria-label={source.what}>
            <span className={SOURCE_STATUS[source.status].badge}>{SOURCE_STATUS[source.status].label}</span>
            <strong>{source.what}</strong>
            <span className="muted">from</span>
            <code>{source.reference}</code>
            {source.status !== 'readable' && <span className={isRefused(source) || source.status === 'unreadable' ? 'source-detail error-words' : 'source-detail muted'}>{source.detail}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SetupView() {
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [preview, setPreview] = useState<ImportPlan>();
  const [imported, setImported] = useState<ImportPlan>();
  const [exportedAt, setExportedAt] = useState<string>();

  const exportSetup = useAction(async () => {
    const { text } = await call('setup.export', {});
    // A download from the page: the text holds no secret (main builds it from metadata only).
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = 'tokendeck-setup.json';
    link.click();
    URL.revokeObjectURL(link.href);
    setExportedAt(new Date().toLocaleTimeString());
  });
  const previewImport = useAction(async (chosen: { name: string; text: string }) => {
    setImported(undefined);
    setPreview(undefined);
    setPreview(await call('setup.preview', { text: chosen.text }));
  });
  const runImport = useAction(async () => {
    if (!file) return;
    setImported(await call('setup.import', { text: file.text }));
    setPreview(undefined);
    await reloadVault();
  });

  return (
    <article className="view" aria-label="Share setup">
      <header className="view-header">
        <h2>Share setup</h2>
      </header>
      <section className="panel" aria-label="Export">
        <h3>Export</h3>
        <p>
          Organizations, environments, clients (with their client ids and integration users), the public halves and Key IDs of signing keys, catalogs, agreements and saved
          requests, as one readable JSON file. Never a client secret, a private key or a token.
        </p>
        <button type="button" className="primary" onClick={() => void exportSetup.run()}>
          Export setup…
        </button>
        {exportedAt && <span className="success"> Exported at {exportedAt}.</span>}
        <ErrorNotice error={exportSetup.error} onDismiss={exportSetup.clearError} />
      </section>
      <section className="panel" aria-label="Import">
        <h3>Import</h3>
        <p>Merged by name: what the file adds or changes is shown first. Imported clients have no secret until you set it, unless the file names a source this machine reads (Secret sources).</p>
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Setup file"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (!chosen) return;
            void chosen.text().then((text) => {
              setFile({ name: chosen.name, text });
              void previewImport.run({ name: chosen.name, text });
            });
          }}
        />
        <ErrorNotice error={previewImport.error ?? runImport.error} />
        {preview && file && (
          <>
            <Steps steps={preview.steps} label="Import preview" />
            <Secrets sources={preview.sources} />
            <DestinationChanges changes={preview.destinationChanges} />
            {preview.steps.some((s) => s.action !== 'keep') && <ImportButton name={file.name} refused={preview.sources.filter(isRefused).length} pending={runImport.pending} onImport={() => void runImport.run()} />}
          </>
        )}
        {imported && (
          <>
            <p className="success" role="status">
              Imported {file?.name}.
            </p>
            <Steps steps={imported.steps} label="Imported" />
          </>
        )}
      </section>
    </article>
  );
}
