// The request's parts, one tab each: query parameters, headers (with those Tokendeck adds when
// it sends: Authorization is main's), body.
import { addedHeaders } from '../../../main/core/console/added-headers.js';
import type { RequestBody } from '../../../main/core/console/console-model.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { Field } from '../components/Field.js';
import { effectiveScheme, toRequest } from './draft.js';
import { KeyValueRows } from './KeyValueRows.js';
import type { ComposerState } from './use-console.js';
import { placementFor } from '../../../main/core/providers/schemes.js';

/** The query typed into the URL itself: sent as typed, listed in the Query tab so the tab is not "0". */
function queryInUrl(url: string): Array<[string, string]> {
  const at = url.indexOf('?');
  if (at < 0) return [];
  return [...new URLSearchParams(url.slice(at + 1).split('#')[0]).entries()];
}

export function RequestParts({ org, composer }: { org: OrganizationTree; composer: ComposerState }) {
  const { draft, errors, set, tab } = composer;
  const own = draft.headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value] as const);
  const inUrl = queryInUrl(draft.url);
  const scheme = effectiveScheme(org, draft);
  const added = addedHeaders(org.provider, scheme, own, toRequest(org, draft).body as RequestBody, org.jwt?.word, placementFor(scheme, org));
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Request parts">
        {(['query', 'headers', 'body'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'tab selected' : 'tab'} onClick={() => composer.setTab(name)}>
            {name === 'query' ? `Query (${draft.query.length + inUrl.length})` : name === 'headers' ? `Headers (${draft.headers.length} + ${added.length} added)` : `Body${draft.bodyKind === 'none' ? '' : ` (${draft.bodyKind})`}`}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="composer-panel">
        {tab === 'query' && (
          <>
            {inUrl.length > 0 && (
              <div className="url-query">
                <span className="muted small-text">In the URL:</span>
                <ul aria-label="Query parameters typed in the address">
                  {inUrl.map(([name, value], index) => (
                    <li key={index}>
                      <code>
                        {name} = {value}
                      </code>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <KeyValueRows label="Query parameters" namePlaceholder="name" rows={draft.query} onChange={(query) => set({ query })} />
            {errors.query && <span className="field-error">{errors.query}</span>}
          </>
        )}
        {tab === 'headers' && (
          <>
            <KeyValueRows label="Headers" namePlaceholder="Header-Name" rows={draft.headers} onChange={(headers) => set({ headers })} />
            {errors.headers && <span className="field-error">{errors.headers}</span>}
            <div className="added-headers">
              <span className="muted small-text">Added when sent:</span>
              <ul aria-label="Headers Tokendeck adds">
                {added.map((header) => (
                  <li key={header.name}>
                    <code>
                      {header.name}: {header.shown}
                    </code>
                    <span className="muted small-text"> — {header.why}</span>
                  </li>
                ))}
              </ul>
            </div>
          </>
        )}
        {tab === 'body' && (
          <div className="body-editor">
            <div role="radiogroup" aria-label="Body kind" className="body-kinds">
              {(['none', 'json', 'raw'] as const).map((kind) => (
                <label key={kind} className="check">
                  <input type="radio" name="body-kind" checked={draft.bodyKind === kind} onChange={() => set({ bodyKind: kind })} /> {kind === 'json' ? 'JSON' : kind === 'raw' ? 'Raw' : 'None'}
                </label>
              ))}
              {draft.bodyKind === 'json' && (
                <button type="button" className="small" onClick={composer.formatJson}>
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
    </>
  );
}
