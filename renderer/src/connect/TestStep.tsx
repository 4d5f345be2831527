// The last step: prove the stored credentials work, as the provider's spec says: calls to the API
// (MusicAPI: a public call with `Token`, then a private one with a DevToken, accepted only once the
// dashboard knows the key; an API key: a path of the user's), or a token exchange per client
// (Musimap, OAuth 2.0), per environment where there are several (EnvironmentTests.tsx).
import { useState } from 'react';
import { providerSpec } from '../../../main/core/providers/registry.js';
import type { ConnectSpec } from '../../../main/core/providers/spec.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { shortTime } from '../components/format.js';
import { reloadTokens } from '../state/deck-store.js';
import { seenClient } from '../state/seen-client.js';
import { useAction } from '../state/use-action.js';
import { connectionEnvironments } from './connect-progress.js';
import { EnvironmentTests } from './EnvironmentTests.js';

interface CallResult {
  what: string;
  status: number;
  statusText: string;
}

type TestCalls = Exclude<ConnectSpec['test'], string>;

function CallTest({ org, client, test: spec, onDone }: { org: OrganizationTree; client: string; test: TestCalls; onDone: () => void }) {
  const [results, setResults] = useState<CallResult[]>([]);
  // A call the spec gives no URL: the user names a path of their API (its root by default).
  const [path, setPath] = useState('/');
  const asksPath = spec.calls.some((c) => c.url === undefined);
  const test = useAction(async () => {
    setResults([]);
    const seen: CallResult[] = [];
    for (const step of spec.calls) {
      const url = step.url ?? path;
      const response = await call('console.send', { requestId: crypto.randomUUID(), seenClient: seenClient(org, client), request: { org: org.name, client, scheme: step.scheme, method: 'GET', url } });
      seen.push({ what: step.url ? step.what : `GET ${url} ${step.what}`, status: response.status, statusText: response.statusText });
      setResults([...seen]);
      if (response.status >= 400) return;
    }
    await reloadTokens();
    onDone();
  });
  // The hint is about the last call (MusicAPI's DevToken: accepted only once the dashboard knows the key).
  const refused = results.length === spec.calls.length && results.at(-1)?.status === 401;
  return (
    <div>
      {asksPath && (
        <Field label="Path to call" hint="A GET the key may make, relative to the API URL">
          {(id) => <input id={id} value={path} onChange={(e) => setPath(e.target.value)} />}
        </Field>
      )}
      <button type="button" className="primary" onClick={() => void test.run()} disabled={test.pending} autoFocus>
        Run the test calls
      </button>
      <ul className="connect-results" aria-label="Test calls">
        {results.map((r) => (
          <li key={r.what} className={r.status < 400 ? 'success' : 'field-error'}>
            {r.what}: {r.status} {r.statusText}
          </li>
        ))}
      </ul>
      {refused && spec.refusedHint && <p className="field-error">{spec.refusedHint}</p>}
      <ErrorNotice error={test.error} onDismiss={test.clearError} />
    </div>
  );
}

function ExchangeTest({ org, client, onDone }: { org: OrganizationTree; client: string; onDone: () => void }) {
  const [result, setResult] = useState<string>();
  const test = useAction(async () => {
    const copied = await call('tokens.copy', { org: org.name, client, seenClient: seenClient(org, client), scheme: 'bearer', fresh: true });
    setResult(`Exchanged a Bearer token${copied.expiresAt ? ` (expires ${shortTime(copied.expiresAt)})` : ''}; it is on the clipboard.`);
    await reloadTokens();
    onDone();
  });
  return (
    <li>
      <button type="button" onClick={() => void test.run()} disabled={test.pending}>
        Test exchange for {client}
      </button>
      {result && (
        <span className="success" role="status">
          {' '}
          {result}
        </span>
      )}
      <ErrorNotice error={test.error} onDismiss={test.clearError} />
    </li>
  );
}

export function TestStep({ org, onDone }: { org: OrganizationTree; onDone: (client: string) => void }) {
  const clients = org.clients.filter((c) => c.hasSecret);
  const test = providerSpec(org.provider).connect.test;
  if (typeof test === 'object') {
    const client = clients[0];
    return client ? <CallTest org={org} client={client.name} test={test} onDone={() => onDone(client.name)} /> : null;
  }
  // Several environments: each client against its own host. One: the exchange as it always was.
  if (connectionEnvironments(org.provider, org).length > 1) return <EnvironmentTests org={org} onDone={onDone} />;
  return (
    <ul className="connect-results">
      {clients.map((c) => (
        <ExchangeTest key={c.id} org={org} client={c.name} onDone={() => onDone(c.name)} />
      ))}
    </ul>
  );
}
