// The request console for one organization: compose a request (method, URL under the API URL,
// query, headers, body, the client and scheme to authenticate with), send it from main with the
// credential attached there, read the response; history, saved requests and "copy as" code.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { METHODS, type HistoryEntry, type SavedRequest } from '../../../main/core/console/console-model.js';
import type { ConsoleResponse, OrganizationTree } from '../../../preload/contract.js';
import { PRESETS } from '../../../main/core/console/presets.js';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { SCHEMES_BY_PROVIDER } from '../../../main/core/model.js';
import { call, errorPayload } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import type { FieldErrors } from '../components/validation.js';
import { useAction } from '../state/use-action.js';
import { checkDraft, effectiveScheme, emptyDraft, fromRequest, type Draft } from './draft.js';
import { HistoryList, SavedList } from './HistoryPanel.js';
import { KeyValueRows } from './KeyValueRows.js';
import { ResponsePanel } from './ResponsePanel.js';

type ComposerTab = 'query' | 'headers' | 'body';
type LowerTab = 'response' | 'history' | 'saved';

export function ConsoleView({ org, client }: { org: OrganizationTree; client?: string }) {
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(org, client));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [composerTab, setComposerTab] = useState<ComposerTab>('query');
  const [lowerTab, setLowerTab] = useState<LowerTab>('response');
  const [pendingId, setPendingId] = useState<string>();
  const [response, setResponse] = useState<ConsoleResponse>();
  const [sendError, setSendError] = useState<ErrorPayload>();
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [saved, setSaved] = useState<SavedRequest[]>([]);
  const [saveName, setSaveName] = useState('');
  const [exported, setExported] = useState<{ format: string; text: string; withCredential?: boolean }>();
  const [notice, setNotice] = useState('');

  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const selectedClient = org.clients.find((c) => c.name === draft.client);
  const schemes = SCHEMES_BY_PROVIDER[org.provider];
  const scheme = effectiveScheme(org, draft);

  const reloadLists = useCallback(async () => {
    const [h, s] = await Promise.all([call('console.history', { org: org.name }), call('console.saved', { org: org.name })]);
    setHistory(h);
    setSaved(s);
  }, [org.name]);
  const lists = useAction(reloadLists);
  useEffect(() => void lists.run(), [org.name]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Checks the form like main will; the messages land on their fields. */
  const checked = (from: Draft = draft) => {
    const result = checkDraft(org, from);
    setErrors(result.errors);
    // Show the part of the request the first problem is in.
    const part = (['query', 'headers', 'body'] as const).find((name) => result.errors[name]);
    if (part) setComposerTab(part);
    return result;
  };

  async function send(from: Draft = draft, fresh = false) {
    const { request, timeoutMs } = checked(from);
    if (!request) return;
    const requestId = crypto.randomUUID();
    setPendingId(requestId);
    setSendError(undefined);
    setLowerTab('response');
    try {
      setResponse(await call('console.send', { requestId, request, timeoutMs, fresh }));
    } catch (error) {
      // The request stays in the composer, ready to send again.
      setResponse(undefined);
      setSendError(errorPayload(error));
    } finally {
      setPendingId(undefined);
      void lists.run();
    }
  }

  const cancel = useAction(async () => {
    if (pendingId) await call('console.cancel', { requestId: pendingId });
  });

  const save = useAction(async () => {
    const { request } = checked();
    if (!request) return;
    if (!saveName.trim()) {
      setErrors({ saveName: 'give the request a name' });
      return;
    }
    const item = await call('console.save', { name: saveName.trim(), request });
    setNotice(`Saved as "${item.name}".`);
    setSaveName('');
    await reloadLists();
  });

  const exportAs = useAction(async (format: 'curl' | 'fetch') => {
    const { request } = checked();
    if (!request) return;
    const { text } = await call('console.export', { format, request });
    await call('clipboard.copyText', { text });
    setExported({ format, text });
    setNotice(`Copied as ${format}: the credential comes from a \`tokendeck token\` line, not the clipboard.`);
  });

  const exportWithCredential = useAction(async () => {
    const { request } = checked();
    if (!request) return;
    const { clearsInMs } = await call('console.copyExportWithCredential', { format: 'curl', request });
    setExported(undefined);
    setNotice(`Copied as curl WITH the real credential · clipboard clears in ${clearsInMs / 1000} s.`);
  });

  const removeSaved = useAction(async (item: SavedRequest) => {
    await call('console.removeSaved', { org: org.name, id: item.id });
    await reloadLists();
  });
  const clearHistory = useAction(async () => {
    await call('console.clearHistory', { org: org.name });
    await reloadLists();
  });

  const load = (entry: HistoryEntry | SavedRequest) => {
    const next = fromRequest(entry.request, draft.timeoutSeconds);
    setDraft(next);
    setErrors({});
    return next;
  };

  const completions = useMemo(() => [...new Set([...saved.map((s) => s.request.url), ...history.map((h) => h.request.url)])].slice(0, 50), [saved, history]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pendingId) void send();
  };
  const formatJson = () => {
    try {
      set({ bodyText: JSON.stringify(JSON.parse(draft.bodyText), null, 2) });
      setErrors(({ body: _body, ...rest }) => rest);
    } catch (error) {
      setErrors((current) => ({ ...current, body: `not valid JSON (${(error as Error).message})` }));
    }
  };

  if (!org.clients.length) {
    return (
      <article className="view" aria-label={`Console for ${org.name}`}>
        <h2>Console · {org.name}</h2>
        <p className="muted">Add a client to {org.name} first: the console sends requests with a client's credential.</p>
      </article>
    );
  }

  return (
    <article className="view console" aria-label={`Console for ${org.name}`}>
      <header className="view-header">
        <h2>
          Console · {org.name} <span className="provider">{org.provider}</span>
        </h2>
        <label className="preset">
          <span className="sr-only">Preset</span>
          <select
            aria-label="Preset"
            value=""
            onChange={(e) => {
              const preset = PRESETS[org.provider][Number(e.target.value)];
              if (preset) set({ method: preset.request.method, url: preset.request.url, scheme: preset.request.scheme ?? '' });
            }}
          >
            <option value="">Presets…</option>
            {PRESETS[org.provider].map((preset, index) => (
              <option key={preset.label} value={index}>
                {preset.label}
              </option>
            ))}
          </select>
        </label>
      </header>

      <form className="composer" onSubmit={submit} aria-label="Request" noValidate>
        <div className="request-line">
          <select aria-label="Method" value={draft.method} onChange={(e) => set({ method: e.target.value as Draft['method'] })}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <Field label="URL" error={errors.url} hint={org.apiBaseUrl ? `A path under ${org.apiBaseUrl}, or a full URL` : 'A full https:// URL'}>
            {(id) => <input id={id} list="console-paths" placeholder={org.apiBaseUrl ? `${org.apiBaseUrl}/…` : 'https://…'} value={draft.url} onChange={(e) => set({ url: e.target.value })} />}
          </Field>
          <datalist id="console-paths">
            {completions.map((url) => (
              <option key={url} value={url} />
            ))}
          </datalist>
          {pendingId ? (
            <button type="button" onClick={() => void cancel.run()}>
              Cancel
            </button>
          ) : (
            <button type="submit" className="primary">
              Send
            </button>
          )}
        </div>
        <div className="request-auth">
          <Field label="Client" error={errors.client}>
            {(id) => (
              <select id={id} value={draft.client} onChange={(e) => set({ client: e.target.value, sub: '' })}>
                {org.clients.map((c) => (
                  <option key={c.id} value={c.name}>
                    {c.name} ({c.environment})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Scheme">
            {(id) => (
              <select id={id} value={draft.scheme} onChange={(e) => set({ scheme: e.target.value as Draft['scheme'] })}>
                <option value="">default ({selectedClient?.defaultScheme ?? schemes[0]})</option>
                {schemes.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {scheme === 'devtoken' && (
            <Field label="DevToken sub">
              {(id) => (
                <select id={id} value={draft.sub} onChange={(e) => set({ sub: e.target.value })}>
                  <option value="">none</option>
                  {selectedClient?.integrationUsers.map((u) => (
                    <option key={u.uuid} value={u.label}>
                      {u.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Timeout (s)" error={errors.timeout}>
            {(id) => <input id={id} className="narrow" inputMode="decimal" value={draft.timeoutSeconds} onChange={(e) => set({ timeoutSeconds: e.target.value })} />}
          </Field>
          <label className="check">
            <input type="checkbox" checked={draft.allowAnyOrigin} onChange={(e) => set({ allowAnyOrigin: e.target.checked })} /> Allow any origin for this request
          </label>
        </div>

        <div className="tabs" role="tablist" aria-label="Request parts">
          {(['query', 'headers', 'body'] as const).map((name) => (
            <button key={name} type="button" role="tab" aria-selected={composerTab === name} className={composerTab === name ? 'tab selected' : 'tab'} onClick={() => setComposerTab(name)}>
              {name === 'query' ? `Query (${draft.query.length})` : name === 'headers' ? `Headers (${draft.headers.length})` : `Body${draft.bodyKind === 'none' ? '' : ` (${draft.bodyKind})`}`}
            </button>
          ))}
        </div>
        <div role="tabpanel" className="composer-panel">
          {composerTab === 'query' && (
            <>
              <KeyValueRows label="Query parameters" namePlaceholder="name" rows={draft.query} onChange={(query) => set({ query })} />
              {errors.query && <span className="field-error">{errors.query}</span>}
            </>
          )}
          {composerTab === 'headers' && (
            <>
              <KeyValueRows label="Headers" namePlaceholder="Header-Name" rows={draft.headers} onChange={(headers) => set({ headers })} />
              {errors.headers && <span className="field-error">{errors.headers}</span>}
              <p className="muted small-text">Authorization is added in main from the scheme{org.provider === 'musicapi' ? '; MusicAPI calls also get Content-Type: application/json; charset=utf-8' : ''}.</p>
            </>
          )}
          {composerTab === 'body' && (
            <div className="body-editor">
              <div role="radiogroup" aria-label="Body kind" className="body-kinds">
                {(['none', 'json', 'raw'] as const).map((kind) => (
                  <label key={kind} className="check">
                    <input type="radio" name="body-kind" checked={draft.bodyKind === kind} onChange={() => set({ bodyKind: kind })} /> {kind === 'json' ? 'JSON' : kind === 'raw' ? 'Raw' : 'None'}
                  </label>
                ))}
                {draft.bodyKind === 'json' && (
                  <button type="button" className="small" onClick={formatJson}>
                    Format
                  </button>
                )}
                {draft.bodyKind === 'raw' && <input aria-label="Content-Type" placeholder="Content-Type (optional)" value={draft.contentType} onChange={(e) => set({ contentType: e.target.value })} />}
              </div>
              {draft.bodyKind !== 'none' && (
                <Field label="Body" error={errors.body}>
                  {(id) => <textarea id={id} rows={6} spellCheck={false} value={draft.bodyText} onChange={(e) => set({ bodyText: e.target.value })} />}
                </Field>
              )}
            </div>
          )}
        </div>

        <div className="composer-actions">
          <Field label="Save as" error={errors.saveName}>
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
        <ErrorNotice error={save.error ?? exportAs.error ?? exportWithCredential.error ?? cancel.error} />
        {exported && (
          <pre className="export" aria-label={`Exported ${exported.format}`}>
            {exported.text}
          </pre>
        )}
      </form>

      <div className="tabs lower" role="tablist" aria-label="Console panels">
        {(['response', 'history', 'saved'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={lowerTab === name} className={lowerTab === name ? 'tab selected' : 'tab'} onClick={() => setLowerTab(name)}>
            {name === 'response' ? 'Response' : name === 'history' ? `History (${history.length})` : `Saved (${saved.length})`}
          </button>
        ))}
      </div>
      <ErrorNotice error={lists.error ?? removeSaved.error ?? clearHistory.error} />
      <div role="tabpanel">
        {lowerTab === 'response' && (
          <>
            {pendingId && <p className="muted pad">Sending…</p>}
            <ErrorNotice error={sendError} />
            {!pendingId && response && <ResponsePanel key={response.requestId} response={response} retrying={pendingId !== undefined} onRetryFresh={() => void send(draft, true)} />}
            {!pendingId && !response && !sendError && <p className="muted pad">Send a request to see its response here.</p>}
          </>
        )}
        {lowerTab === 'history' && <HistoryList entries={history} onLoad={(e) => load(e)} onRerun={(e) => void send(load(e))} onClear={() => void clearHistory.run()} />}
        {lowerTab === 'saved' && <SavedList saved={saved} onLoad={(s) => load(s)} onRemove={(s) => void removeSaved.run(s)} />}
      </div>
    </article>
  );
}
