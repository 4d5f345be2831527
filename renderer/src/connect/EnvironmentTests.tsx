// The test of a connection with several environments: each environment's client makes its first
// token against its own host (an exchange at its token URL, or a signature where nothing is
// exchanged), and each environment says how it went. A refusal names the host that refused and
// what to fix there: the secret (replaced right here, then tried again) or the environment's URL.
import { useState, type FormEvent } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { exchangeNeedsTokenUrl } from '../../../main/core/jwt-profile.js';
import { effectiveEndpoints } from '../../../main/core/model/environments.js';
import { sameName } from '../../../main/core/model/primitives.js';
import { defaultSchemeOf, providerSpec } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call, errorPayload } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { shortTime } from '../components/format.js';
import { reloadTokens, reloadVault } from '../state/deck-store.js';
import { navigate } from '../state/navigate.js';
import { seenClient } from '../state/seen-client.js';
import { connectionEnvironments } from './connect-progress.js';
import { environmentLabel } from './environment-drafts.js';

type Client = OrganizationTree['clients'][number];

type Outcome = { ok: true; text: string } | { ok: false; error: ErrorPayload };

/**
 * The origin the environment's first token is made at: its token URL, or its API URL for a
 * GitHub installation token; none for a signed JWT that is exchanged nowhere.
 */
export function testedHost(org: OrganizationTree, environment: string): string | undefined {
  const endpoints = effectiveEndpoints(org, environment);
  const exchange = org.jwt?.exchange;
  const url = exchange === undefined || exchangeNeedsTokenUrl(exchange) ? endpoints.tokenUrl : exchange === 'none' ? undefined : endpoints.apiBaseUrl;
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The client the connection tests in `environment`: one that can make a token (a secret stored, where its provider needs one). */
function testableClient(org: OrganizationTree, environment: string): Client | undefined {
  const needsSecret = providerSpec(org.provider).clientsHoldSecret;
  return org.clients.find((c) => sameName(c.environment, environment) && (!needsSecret || c.hasSecret));
}

export function EnvironmentTests({ org, onDone }: { org: OrganizationTree; onDone: (client: string) => void }) {
  const scheme = defaultSchemeOf(org);
  const environments = connectionEnvironments(org.provider, org);
  const rows = environments.map((environment) => ({ environment, client: testableClient(org, environment), host: testedHost(org, environment) }));
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [running, setRunning] = useState<string[]>([]);

  async function testOne(environment: string, client: Client): Promise<Outcome> {
    setRunning((now) => [...now, environment]);
    try {
      const made = await call('tokens.make', { org: org.name, client: client.name, seenClient: seenClient(org, client.name), scheme, fresh: true });
      const verb = scheme === 'jwt' ? 'Signed a JWT' : 'Exchanged a Bearer token';
      return { ok: true, text: `${verb}${made.expiresAt ? ` (expires ${shortTime(made.expiresAt)})` : ''}` };
    } catch (caught) {
      return { ok: false, error: errorPayload(caught) };
    } finally {
      setRunning((now) => now.filter((e) => e !== environment));
    }
  }

  /** Tests `which` in order (one at a time: each may be the first exchange of its host), then says whether all passed. */
  async function run(which: typeof rows) {
    const next = { ...outcomes };
    for (const row of which) {
      if (!row.client) continue;
      delete next[row.environment];
      setOutcomes({ ...next });
      next[row.environment] = await testOne(row.environment, row.client);
      setOutcomes({ ...next });
    }
    await reloadTokens();
    const tested = rows.filter((r) => r.client);
    if (tested.length > 0 && tested.every((r) => next[r.environment]?.ok)) onDone(tested[0]!.client!.name);
  }

  const missing = rows.filter((r) => !r.client).map((r) => r.environment);
  return (
    <div>
      <p className="muted">
        {scheme === 'jwt'
          ? "Each environment's client signs a token with the organization's key."
          : providerSpec(org.provider).clientsHoldSecret
            ? "Each environment's client exchanges its client id and secret at its own host."
            : "Each environment's client signs an assertion with the organization's key and exchanges it at its own host."}{' '}
        Nothing is copied: the tokens wait under Live tokens.
      </p>
      <button type="button" className="primary" onClick={() => void run(rows)} disabled={running.length > 0} autoFocus>
        Test every environment
      </button>
      <ul className="connect-environment-results" aria-label="Environment tests">
        {rows.map((row) => (
          <EnvironmentResult key={row.environment} org={org} row={row} outcome={outcomes[row.environment]} running={running.includes(row.environment)} onTest={() => void run([row])} />
        ))}
      </ul>
      {missing.length > 0 && (
        <p className="field-hint">
          {missing.map(environmentLabel).join(', ')} {missing.length === 1 ? 'has' : 'have'} no client yet: fill {missing.length === 1 ? 'it' : 'them'} in above, or later from the organization.
        </p>
      )}
    </div>
  );
}

interface Row {
  environment: string;
  client: Client | undefined;
  host: string | undefined;
}

function EnvironmentResult({ org, row, outcome, running, onTest }: { org: OrganizationTree; row: Row; outcome: Outcome | undefined; running: boolean; onTest: () => void }) {
  const { environment, client, host } = row;
  return (
    <li aria-label={`${environmentLabel(environment)} test`}>
      <strong>{environmentLabel(environment)}</strong>
      <div>
        <span className="environment-host">{host ?? 'signed here, no host asked'}</span>
        {client && <span className="muted"> · {client.name}</span>}
        <br />
        {!client ? (
          <span className="muted">no client yet</span>
        ) : running ? (
          <span className="muted" role="status">testing…</span>
        ) : outcome?.ok ? (
          <span className="success" role="status">
            ✓ {outcome.text}
          </span>
        ) : outcome ? (
          <Refusal org={org} environment={environment} client={client} error={outcome.error} onRetry={onTest} />
        ) : null}
      </div>
      {client && (
        <button type="button" className="small" onClick={onTest} disabled={running}>
          Test {environment}
        </button>
      )}
    </li>
  );
}

/**
 * A refused environment: which host refused, and what to fix. A refused client id and secret gets
 * the secret's field here (then the test runs again); the environment's URL is the organization's.
 */
function Refusal({ org, environment, client, error, onRetry }: { org: OrganizationTree; environment: string; client: Client; error: ErrorPayload; onRetry: () => void }) {
  const spec = providerSpec(org.provider);
  const action = error.action?.kind === 'check-secret' ? error.action : undefined;
  if (!action) return <ErrorNotice error={error} />;
  return (
    <div className="field-error" role="alert">
      {action.host} refused the client id and secret of {environment} ("{action.said}"). Replace the secret below with the one {spec.label} gave you for {environment} (client ID <code>{client.clientId}</code>), or, if {action.host} is not {environment}'s token endpoint, correct {environment}'s token URL in{' '}
      <button type="button" className="link" onClick={() => navigate({ kind: 'org', org: org.name })}>
        the organization {org.name}
      </button>
      <ReplaceSecret org={org} client={client} environment={environment} secretName={spec.secretName} onReplaced={onRetry} />
    </div>
  );
}

function ReplaceSecret({ org, client, environment, secretName, onReplaced }: { org: OrganizationTree; client: Client; environment: string; secretName: string; onReplaced: () => void }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<ErrorPayload>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!secret) return;
    try {
      await call('client.setSecret', { org: org.name, client: client.name, secret });
      setSecret('');
      await reloadVault();
      onReplaced();
    } catch (caught) {
      setError(errorPayload(caught));
    }
  }
  return (
    <form className="form inline" onSubmit={submit} noValidate aria-label={`Replace the ${environment} secret`}>
      <input type="password" autoComplete="off" aria-label={`${environmentLabel(environment)} ${secretName}`} placeholder={`${environment}'s ${secretName}`} value={secret} onChange={(e) => setSecret(e.target.value)} />
      <button type="submit" className="small" disabled={!secret}>
        Replace and test again
      </button>
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
    </form>
  );
}
