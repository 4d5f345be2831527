// Keeping the composed request: save it under a name, or copy it as curl or fetch code (the
// credential as a `tokendeck token` line; the real one only after a warning, copied in main).
import { useState } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { seenClient } from '../state/seen-client.js';
import { useAction } from '../state/use-action.js';
import type { ComposerState } from './use-console.js';

/** `cancelError`: a failed cancel of the request in flight is shown in this place too. */
export function SaveAndExport({ org, composer, onSaved, cancelError }: { org: OrganizationTree; composer: ComposerState; onSaved: () => Promise<void>; cancelError: ErrorPayload | undefined }) {
  const [saveName, setSaveName] = useState('');
  const [exported, setExported] = useState<{ format: string; text: string }>();
  const [notice, setNotice] = useState('');

  const save = useAction(async () => {
    const { request } = composer.check();
    if (!request) return;
    if (!saveName.trim()) {
      composer.refuse('saveName', 'give the request a name');
      return;
    }
    const item = await call('console.save', { name: saveName.trim(), request });
    setNotice(`Saved as "${item.name}".`);
    setSaveName('');
    await onSaved();
  });

  const exportAs = useAction(async (format: 'curl' | 'fetch') => {
    const { request } = composer.check();
    if (!request) return;
    const { text } = await call('console.export', { format, request });
    await call('clipboard.copyText', { text });
    setExported({ format, text });
    setNotice(`Copied as ${format}: the credential comes from a \`tokendeck token\` line, not the clipboard.`);
  });

  const exportWithCredential = useAction(async () => {
    const { request } = composer.check();
    if (!request) return;
    const { clearsInMs } = await call('console.copyExportWithCredential', { format: 'curl', request, seenClient: seenClient(org, request.client) });
    setExported(undefined);
    setNotice(`Copied as curl WITH the real credential · clipboard clears in ${clearsInMs / 1000} s.`);
  });

  return (
    <>
      <div className="composer-actions">
        <Field label="Save as" error={composer.errors.saveName}>
          {(id) => <input id={id} placeholder="name" value={saveName} onChange={(e) => setSaveName(e.target.value)} />}
        </Field>
        <button type="button" onClick={() => void save.run()} disabled={save.pending}>
          Save
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => void exportAs.run('curl')}>
          Copy as curl
        </button>
        <button type="button" onClick={() => void exportAs.run('fetch')}>
          Copy as fetch
        </button>
        <ConfirmButton
          label="Copy with real token"
          question="The curl command will hold the real credential: anyone you paste it to can use it until it expires. Copy?"
          onConfirm={() => void exportWithCredential.run()}
        />
      </div>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <ErrorNotice error={save.error ?? exportAs.error ?? exportWithCredential.error ?? cancelError} />
      {exported && (
        <>
          <pre className="export" aria-label={`Exported ${exported.format}`}>
            {exported.text}
          </pre>
          <p className="warning export-note" role="note">
            Its <code>tokendeck token</code> line needs the Tokendeck command on the PATH of whoever runs it: without it the shell says &quot;tokendeck: command not found&quot; and the
            request goes out with an empty credential. For someone without Tokendeck, &quot;Copy with real token&quot; puts the credential itself in the command.
          </p>
        </>
      )}
    </>
  );
}
