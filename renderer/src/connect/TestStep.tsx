// The last step: prove the stored credentials work. MusicAPI: a public call with `Token`, then a
// private one with a DevToken (accepted only once the dashboard knows the key). Musimap and OAuth
// 2.0: a token exchange per client. Through the console's and the copy's existing calls.
import { useState } from 'react';
import { providerSpec } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { shortTime } from '../components/format.js';
import { reloadTokens } from '../state/deck-store.js';
import { seenClient } from '../state/seen-client.js';
import { useAction } from '../state/use-action.js';

interface CallResult {
  what: string;
  status: number;
  statusText: string;
}

const MUSICAPI_CALLS = [
  { what: 'GET /search/introspection with Token <client id>', scheme: 'token', url: '/search/introspection' },
  { what: 'GET /users/me with a DevToken', scheme: 'devtoken', url: '/users/me' },
] as const;

function MusicApiTest({ org, client, onDone }: { org: OrganizationTree; client: string; onDone: () => void }) {
  const [results, setResults] = useState<CallResult[]>([]);
  const test = useAction(async () => {
    setResults([]);
    const seen: CallResult[] = [];
    for (const step of MUSICAPI_CALLS) {
      const response = await call('console.send', { requestId: crypto.randomUUID(), seenClient: seenClient(org, client), request: { org: org.name, client, scheme: step.scheme, method: 'GET', url: step.url } });
      seen.push({ what: step.what, status: response.status, statusText: response.statusText });
      setResults([...seen]);
      if (response.status >= 400) return;
    }
    await reloadTokens();
    onDone();
  });
  const devtokenRefused = results.find((r) => r.what.includes('DevToken') && r.status === 401);
  return (
    <div>
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
      {devtokenRefused && <p className="field-error">MusicAPI refused the DevToken: check that the public key is saved in the dashboard and that the Key ID typed here is the one it shows.</p>}
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
  if (providerSpec(org.provider).connect.test === 'devtoken') {
    const client = clients[0];
    return client ? <MusicApiTest org={org} client={client.name} onDone={() => onDone(client.name)} /> : null;
  }
  return (
    <ul className="connect-results">
      {clients.map((c) => (
        <ExchangeTest key={c.id} org={org} client={c.name} onDone={() => onDone(c.name)} />
      ))}
    </ul>
  );
}
