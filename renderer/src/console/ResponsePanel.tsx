// A console response: status, time with its breakdown, size, headers, and the body pretty-printed
// (JSON as a foldable, searchable tree), raw, or previewed as an image; the body can be copied.
import { useMemo, useState } from 'react';
import type { ConsoleResponse } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { plural } from '../components/format.js';
import { useAction } from '../state/use-action.js';
import { countNodes, JsonTree, MAX_TREE_NODES } from './JsonTree.js';
import { formatBytes, formatMs } from '../../../main/core/console/figures.js';

type Tab = 'pretty' | 'raw' | 'headers' | 'preview';


function parseJson(response: ConsoleResponse): { value: unknown } | undefined {
  if (response.body.encoding !== 'text' || !/json/i.test(response.contentType ?? '')) return undefined;
  try {
    return { value: JSON.parse(response.body.text) };
  } catch {
    return undefined;
  }
}

export function ResponsePanel({ response, onRetryFresh }: { response: ConsoleResponse; onRetryFresh: () => void }) {
  const json = useMemo(() => parseJson(response), [response]);
  const isImage = response.body.encoding === 'base64' && (response.contentType ?? '').startsWith('image/');
  const treeFits = json !== undefined && countNodes(json.value) <= MAX_TREE_NODES;
  const [tab, setTab] = useState<Tab>(isImage ? 'preview' : treeFits ? 'pretty' : 'raw');
  const [search, setSearch] = useState('');
  const [copied, setCopied] = useState(false);
  const raw = response.body.encoding === 'text' ? response.body.text : `(binary, ${formatBytes(response.sizeBytes)}, base64)\n${response.body.data}`;
  const copyBody = useAction(async () => {
    await call('clipboard.copyText', { text: response.body.encoding === 'text' ? response.body.text : response.body.data });
    setCopied(true);
  });
  const { timing } = response;
  const tabs: Tab[] = [...(treeFits ? (['pretty'] as const) : []), 'raw', 'headers', ...(isImage ? (['preview'] as const) : [])];

  return (
    <section className="response" aria-label="Response">
      <div className="response-status">
        <strong className={`status status-${String(response.status)[0]}xx`} aria-label="Status">
          {response.status} {response.statusText}
        </strong>
        <span title="Total time">{formatMs(timing.totalMs)}</span>
        <span title="Body size">{formatBytes(response.sizeBytes)}</span>
        <span className="muted">
          {response.scheme}
          {response.credentialFromCache ? ' (cached token)' : ''}
        </span>
        {response.productionCredential && <span className="badge prod">sent with a production credential</span>}
        {response.redirects.length > 0 && <span className="muted">{plural(response.redirects.length, 'redirect')} → {response.url}</span>}
      </div>
      <dl className="timing" aria-label="Timing">
        {timing.connectMs !== undefined && (
          <>
            <dt>connect</dt>
            <dd>{formatMs(timing.connectMs)}</dd>
          </>
        )}
        {timing.tlsMs !== undefined && (
          <>
            <dt>TLS</dt>
            <dd>{formatMs(timing.tlsMs)}</dd>
          </>
        )}
        <dt>first byte</dt>
        <dd>{formatMs(timing.firstByteMs)}</dd>
        <dt>total</dt>
        <dd>{formatMs(timing.totalMs)}</dd>
        {timing.reusedConnection && <dd className="muted">connection reused</dd>}
      </dl>
      {response.truncated && (
        <p className="warning" role="status">
          The body is larger than {formatBytes(response.maxBodyBytes)}: only the first {formatBytes(response.sizeBytes)} are shown.
        </p>
      )}
      {response.cachedTokenRejected && (
        <p className="warning" role="status">
          The API refused the cached token (401).{' '}
          <button type="button" className="primary small" onClick={onRetryFresh}>
            Retry once with a fresh token
          </button>
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="Response views">
        {tabs.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'tab selected' : 'tab'} onClick={() => setTab(name)}>
            {name === 'pretty' ? 'Pretty' : name === 'raw' ? 'Raw' : name === 'headers' ? `Headers (${response.headers.length})` : 'Preview'}
          </button>
        ))}
        <span className="spacer" />
        {tab === 'pretty' && <input type="search" aria-label="Search the response" placeholder="Search…" value={search} onChange={(e) => setSearch(e.target.value)} />}
        <button type="button" className="small" onClick={() => void copyBody.run()}>
          {copied ? 'Copied body' : 'Copy body'}
        </button>
      </div>
      <ErrorNotice error={copyBody.error} onDismiss={copyBody.clearError} />
      <div className="response-body" role="tabpanel">
        {tab === 'pretty' && json && <JsonTree value={json.value} search={search} />}
        {tab === 'raw' && <pre className="raw">{raw}</pre>}
        {tab === 'headers' && (
          <table className="headers">
            <tbody>
              {response.headers.map(([name, value], index) => (
                <tr key={index}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === 'preview' && response.body.encoding === 'base64' && <img alt="Response image" src={`data:${response.contentType};base64,${response.body.data}`} />}
      </div>
    </section>
  );
}
