// Share a setup, not its secrets: export the organizations, clients, public keys and saved
// requests to one JSON file, or import one — previewed first, merged by name. Imported clients
// show "secret missing" until their owner sets the secret. A file that would send a stored secret
// somewhere new is flagged apart; main asks about it in its own dialog, not this page. Each change
// has a checkbox: what is unchecked is left out (main's merge skips it by its name), the rest imported.
import { useState } from 'react';
import type { DestinationChange, ImportPlan, ImportSource, ImportStep } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { reloadVault } from '../state/deck-store.js';
import { navigate } from '../state/navigate.js';
import { useAction } from '../state/use-action.js';

function StepWords({ step, redirects }: { step: ImportStep; redirects?: boolean }) {
  return (
    <>
      <span className={step.skipped ? 'badge' : step.action === 'add' ? 'badge ok' : 'badge warn'}>{step.skipped ? 'skipped' : step.action}</span> <strong>{step.what}</strong>{' '}
      <span className="muted">{step.detail}</span>
      {redirects && <span className="badge bad">changes where a secret goes</span>}
    </>
  );
}

/** What an import did: the steps made, and apart, the ones left out. */
function Steps({ steps, label }: { steps: ImportStep[]; label: string }) {
  const changing = steps.filter((s) => s.action !== 'keep');
  if (!changing.length) return <p className="muted">Nothing to change: this machine already has everything in the file.</p>;
  const skipped = changing.filter((s) => s.skipped);
  return (
    <>
      <ul className="plain import-steps" aria-label={label}>
        {changing
          .filter((s) => !s.skipped)
          .map((step) => (
            <li key={step.what}>
              <StepWords step={step} />
            </li>
          ))}
      </ul>
      {skipped.length > 0 && (
        <ul className="plain import-steps" aria-label="Skipped">
          {skipped.map((step) => (
            <li key={step.what}>
              <StepWords step={step} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The preview: a checkbox per change, checked; unchecking one leaves it out of the import. */
function ChoosableSteps({ plan, declined, onToggle }: { plan: ImportPlan; declined: ReadonlySet<string>; onToggle: (what: string) => void }) {
  const changing = plan.steps.filter((s) => s.action !== 'keep');
  if (!changing.length) return <p className="muted">Nothing to change: this machine already has everything in the file.</p>;
  const redirecting = new Set(plan.destinationChanges.map((c) => c.step));
  return (
    <fieldset className="import-choice">
      <legend className="muted small-text">Uncheck what you do not want: the rest is imported.</legend>
      <ul className="plain import-steps" aria-label="Import preview">
        {changing.map((step) => (
          <li key={step.what}>
            <label>
              <input type="checkbox" checked={!declined.has(step.what)} onChange={() => onToggle(step.what)} aria-label={`Import ${step.action === 'add' ? 'new' : 'change to'} ${step.what}`} />{' '}
              <StepWords step={step} redirects={redirecting.has(step.what)} />
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Import, or why not: a file that reads secrets from where this machine does not allow is refused whole. */
function ImportButton({ name, chosen, of, refused, pending, onImport }: { name: string; chosen: number; of: number; refused: number; pending: boolean; onImport: () => void }) {
  return (
    <div className="import-refused">
      <button type="button" className="primary" onClick={onImport} disabled={pending || refused > 0 || chosen === 0} aria-describedby={refused ? 'import-refused-reason' : undefined}>
        {chosen === of ? `Import ${name}` : `Import ${chosen} of ${of} changes`}
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
        dialog; confirm only if you expected it, or uncheck its change above to import the rest without it.
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

/** " 2 changes skipped: acme/mobile, partner." */
function skippedWords(plan: ImportPlan): string {
  const skipped = plan.steps.filter((s) => s.skipped).map((s) => s.what);
  return skipped.length ? ` ${skipped.length === 1 ? '1 change' : `${skipped.length} changes`} skipped: ${skipped.join(', ')}.` : '';
}

export function SetupView() {
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [preview, setPreview] = useState<ImportPlan>();
  const [imported, setImported] = useState<ImportPlan>();
  /** The preview's changes unchecked, by their `what`. */
  const [declined, setDeclined] = useState<ReadonlySet<string>>(new Set());
  const toggle = (what: string) =>
    setDeclined((now) => {
      const next = new Set(now);
      if (!next.delete(what)) next.add(what);
      return next;
    });
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
    setDeclined(new Set());
    setPreview(await call('setup.preview', { text: chosen.text }));
  });
  const runImport = useAction(async () => {
    if (!file) return;
    setImported(await call('setup.import', { text: file.text, ...(declined.size ? { skip: [...declined] } : {}) }));
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
            <ChoosableSteps plan={preview} declined={declined} onToggle={toggle} />
            <Secrets sources={preview.sources} />
            {/* Only the changes of what is checked: what main's dialog will ask about. */}
            <DestinationChanges changes={preview.destinationChanges.filter((c) => !declined.has(c.step))} />
            {preview.steps.some((s) => s.action !== 'keep') && (
              <ImportButton
                name={file.name}
                chosen={preview.steps.filter((s) => s.action !== 'keep' && !declined.has(s.what)).length}
                of={preview.steps.filter((s) => s.action !== 'keep').length}
                refused={preview.sources.filter(isRefused).length}
                pending={runImport.pending}
                onImport={() => void runImport.run()}
              />
            )}
          </>
        )}
        {imported && (
          <>
            <p className="success" role="status">
              Imported {file?.name}.{skippedWords(imported)}
            </p>
            <Steps steps={imported.steps} label="Imported" />
          </>
        )}
      </section>
    </article>
  );
}
