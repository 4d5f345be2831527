// One client: the schemes it can use, each with "Copy token" (a valid cached one is reused),
// "Copy header" (the whole Authorization line) and, where tokens are made, "New token"; the DevToken
// options, auto-refresh, its secret (set or replace, never shown), its cached tokens.
import { useState, type FormEvent } from 'react';
import { formatDuration, parseDuration, relativeTime } from '../../../main/core/duration.js';
import { isProductionClient, type Client } from '../../../main/core/model/entities.js';
import { effectiveEndpoints } from '../../../main/core/model/environments.js';
import { isCertificateAuth, isUserGrant } from '../../../main/core/providers/oauth2.js';
import { providerSpec, schemesOf } from '../../../main/core/providers/registry.js';
import { placementFor, schemeFacts, SCHEME_WORDS, type Scheme } from '../../../main/core/providers/schemes.js';
import { DEVTOKEN_DEFAULT_TTL_SECONDS } from '../../../main/core/providers/musicapi.js';
import type { CopyResult, OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { FactRow } from '../components/FactRow.js';
import { Field } from '../components/Field.js';
import { capitalized, plural } from '../components/format.js';
import { TypedNameRemoval } from '../components/TypedNameRemoval.js';
import { cancelOnEscape } from '../components/focus-return.js';
import { placeError } from '../components/validation.js';
import type { Selection } from '../selection.js';
import { reloadVault, useDeck } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { TokenList } from '../tokens/TokenList.js';
import { ClientForm, clientIdLabel, secretLabel } from './ClientForm.js';
import { SecretPlace } from './SecretSourceForm.js';
import { CertificatePanel } from './CertificatePanel.js';
import { SessionPanel } from './SessionPanel.js';
import { ClientRename } from './ClientRename.js';


/** What a scheme row says: the provider's own words where it has them (a signed-JWT profile names its preset and exchange). */
const schemeText = (org: OrganizationTree, client: Client, scheme: Scheme): string =>
  // A person's session: its tokens come from the refresh token, not from an exchange of the client's own.
  scheme === 'bearer' && isUserGrant(client.oauth2) ? "Bearer — the signed-in person's, refreshed at the token URL" : (providerSpec(org.provider).schemeText?.(scheme, org) ?? schemeFacts(scheme).text);

/** What "Copy header" copies: the Authorization line, or a placed key's header (or query piece). */
function headerLineTitle(org: OrganizationTree, scheme: Scheme): string {
  const placement = placementFor(scheme, org);
  if (placement?.in === 'header') return `Copies the whole line: ${placement.name}: …`;
  if (placement?.in === 'query') return `Copies the query piece: ${placement.name}=…`;
  return `Copies the whole line: Authorization: ${scheme === 'jwt' ? (org.jwt?.word ?? 'Bearer') : SCHEME_WORDS[scheme]} …`;
}

/**
 * "Copied bearer — cached, expires in 55 min · clipboard clears in 30 s": what went, and whether it
 * is new; `production`: the credential is a production client's, and the notice says so.
 */
export function copyMessage(result: CopyResult, production = false): string {
  const what = result.copied === 'header' ? `the ${result.scheme} Authorization header` : result.scheme;
  // Token and Basic are not made, only assembled: neither cached nor new.
  const made = result.fromCache ? 'cached' : result.expiresAt ? 'new' : undefined;
  const expiry = result.expiresAt ? `expires ${relativeTime(result.expiresAt, Date.now())}` : undefined;
  const about = [made, expiry].filter(Boolean).join(', ');
  return `Copied ${what}${production ? ' · production credential' : ''}${about ? ` — ${about}` : ''} · clipboard clears in ${result.clearsInMs / 1000} s`;
}

/** `name`: what the secret is called ("client secret", "API key"). */
function SecretForm({ org, client, hasSecret, name }: { org: string; client: string; hasSecret: boolean; name: string }) {
  const [secret, setSecret] = useState('');
  const [open, setOpen] = useState(false);
  // Cancelled (Escape or the button): the focus goes back to the button that opened the form.
  const [cancelled, setCancelled] = useState(false);
  const onCancel = () => {
    setOpen(false);
    setCancelled(true);
  };
  const save = useAction(async () => {
    await call('client.setSecret', { org, client, secret });
    setSecret('');
    setOpen(false);
    await reloadVault();
  });
  if (!open) {
    return (
      <button type="button" className="set-secret" onClick={() => setOpen(true)} autoFocus={cancelled}>
        {/* "secret", "key": the last word of what it is called */}
        {hasSecret ? `Replace ${name.split(' ').at(-1)}` : `Set ${name.split(' ').at(-1)}`}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (secret) void save.run();
  };
  // Main's verdict on the secret (only spaces, spaces around it) goes under the field.
  const placed = placeError(save.error, ['secret']);
  return (
    <form className="form inline" onSubmit={submit} onKeyDown={cancelOnEscape(onCancel)} aria-label={`Set the ${name}`}>
      <Field label={capitalized(name)} error={placed.fields.secret} hint="Goes to the OS keychain; Tokendeck never shows it again">
        {(id) => <input id={id} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} autoFocus />}
      </Field>
      <button type="submit" className="primary" disabled={!secret || save.pending}>
        Save secret
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorNotice error={placed.notice} onDismiss={save.clearError} />
    </form>
  );
}

export function ClientView({ org, clientName, onSelect }: { org: OrganizationTree; clientName: string; onSelect: (s: Selection) => void }) {
  const client = org.clients.find((c) => c.name === clientName)!;
  const { tokens } = useDeck();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [sub, setSub] = useState('');
  const [lifetime, setLifetime] = useState(formatDuration(client.devtokenTtlSeconds ?? DEVTOKEN_DEFAULT_TTL_SECONDS).replace(/ /g, ''));
  const [lifetimeError, setLifetimeError] = useState<string>();
  const [copied, setCopied] = useState<string>();
  const copy = useAction(async (scheme: Scheme, fresh: boolean, as: 'value' | 'header' = 'value') => {
    setCopied(undefined);
    let ttlSeconds: number | undefined;
    if (scheme === 'devtoken') {
      try {
        ttlSeconds = parseDuration(lifetime, 'lifetime');
        setLifetimeError(undefined);
      } catch (error) {
        setLifetimeError((error as Error).message);
        return;
      }
    }
    const result = await call('tokens.copy', { org: org.name, client: client.name, seenClient: client.id, scheme, fresh, as, ...(scheme === 'devtoken' ? { ttlSeconds, ...(sub ? { sub } : {}) } : {}) });
    setCopied(copyMessage(result, isProductionClient(client, org)));
  });
  const update = useAction(async (changes: { autoRefresh: boolean }) => {
    await call('client.update', { org: org.name, client: client.name, changes });
    await reloadVault();
  });
  const remove = useAction(async () => {
    await call('client.remove', { org: org.name, client: client.name });
    await reloadVault();
    onSelect({ kind: 'org', org: org.name });
  });

  if (editing) return <ClientForm org={org.name} provider={org.provider} profile={org.jwt} environments={org.environments} client={client} onDone={() => setEditing(false)} />;
  const spec = providerSpec(org.provider);
  // A client without a secret is signed for by its organization's key (signed JWTs).
  const signed = !spec.clientsHoldSecret;
  // Tokens that expire are cached and can be refreshed; a provider whose schemes hand out stored values (an API key) has none.
  const expiring = schemesOf(org).some((scheme) => schemeFacts(scheme).expires);
  const clientTokens = tokens.filter((t) => t.org === org.name && t.client === client.name);
  // The environment's production mark, or the client's own.
  const production = isProductionClient(client, org);
  // Where this client's credentials go: its environment's URLs, else the organization's.
  const endpoints = effectiveEndpoints(org, client.environment);
  return (
    <article className={production ? 'view production' : 'view'} aria-label={`Client ${org.name}/${client.name}`}>
      <header className="view-header">
        <h2>
          {org.name}/{client.name} <span className={production ? 'badge prod' : 'badge'}>{client.environment}</span>
          {production && client.environment !== 'production' && <span className="badge prod">production</span>}
        </h2>
        <div className="actions">
          <button type="button" onClick={() => onSelect({ kind: 'console', org: org.name, client: client.name })}>
            Test in console
          </button>
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" onClick={() => setRenaming(true)} disabled={renaming}>
            Rename…
          </button>
          {client.hasSecret ? (
            <button type="button" className="danger" onClick={() => setRemoving(true)} disabled={removing}>
              Delete
            </button>
          ) : (
            <ConfirmButton label="Delete" question={`Delete ${client.name} and its tokens? It stays in the Trash for 7 days.`} onConfirm={() => void remove.run()} />
          )}
        </div>
      </header>
      {renaming && <ClientRename org={org} client={client.name} onSelect={onSelect} onClose={() => setRenaming(false)} />}
      {removing && client.hasSecret && (
        <TypedNameRemoval
          name={client.name}
          what={['To the Trash for 7 days, restorable from there: its client secret.', `Deleted for good: ${plural(clientTokens.length, 'cached token')}.`]}
          onCancel={() => setRemoving(false)}
          onRemove={() => {
            setRemoving(false);
            void remove.run();
          }}
        />
      )}
      <ErrorNotice error={remove.error} onDismiss={remove.clearError} />
      <dl className="facts">
        <dt>Sends to</dt>
        <dd aria-label="Sends to">
          {[endpoints.apiBaseUrl, endpoints.tokenUrl].filter(Boolean).join(' · ') || '—'} <span className="muted">({client.environment})</span>
        </dd>
        <dt>{clientIdLabel(org)}</dt>
        <dd>
          <code>{client.clientId}</code>
        </dd>
        {signed ? (
          <>
            <dt>Signed with</dt>
            <dd>the organization's active {org.jwt?.alg} key (no secret: the key signs)</dd>
            {(
              [
                ['Installation ID', client.jwt?.installationId],
                ['Subject', client.jwt?.subject],
                ['Scope', client.jwt?.scope],
              ] as const
            ).map(
              ([term, value]) => value && <FactRow key={term} term={term} value={<code>{value}</code>} />,
            )}
          </>
        ) : client.oauth2?.authMethod === 'none' ? (
          <>
            <dt>{secretLabel(org.provider)}</dt>
            <dd>none: a public client (a person signs in)</dd>
          </>
        ) : isCertificateAuth(client.oauth2?.authMethod) ? (
          <>
            <dt>{secretLabel(org.provider)}</dt>
            <dd>none: its TLS certificate proves it ({client.oauth2?.authMethod})</dd>
          </>
        ) : (
          <>
            <dt>{secretLabel(org.provider)}</dt>
            <dd className="secret-line">
              <span className={client.hasSecret ? 'badge ok' : 'badge warn'}>{client.secretSource ? `read from ${client.secretSource}` : client.hasSecret ? 'stored in keychain' : 'secret missing'}</span>
              <SecretPlace
                org={org.name}
                client={client.name}
                seenClient={client.id}
                source={client.secretSource}
                keychainForm={<SecretForm org={org.name} client={client.name} hasSecret={client.hasSecret && !client.secretSource} name={spec.secretName} />}
              />
            </dd>
          </>
        )}
        {client.integrationUsers.length > 0 && (
          <>
            <dt>Integration users</dt>
            <dd>{client.integrationUsers.map((u) => u.label).join(', ')}</dd>
          </>
        )}
      </dl>
      {isUserGrant(client.oauth2) && <SessionPanel org={org.name} client={client} />}
      <CertificatePanel org={org.name} client={client} />
      <section className="panel" aria-label="Schemes">
        <h3>Copy a token</h3>
        <ul className="schemes">
          {schemesOf(org).map((scheme) => (
            <li key={scheme} className="scheme-row">
              <span>
                <strong>{scheme}</strong>
                {scheme === client.defaultScheme && <span className="badge">default</span>} <span className="muted">{schemeText(org, client, scheme)}</span>
              </span>
              <span className="actions">
                <button
                  type="button"
                  className="primary"
                  onClick={() => void copy.run(scheme, false)}
                  disabled={copy.pending}
                  aria-label={`Copy ${scheme} token`}
                  title="Copies the value; a cached one that is still valid is reused"
                >
                  Copy token
                </button>
                <button
                  type="button"
                  onClick={() => void copy.run(scheme, false, 'header')}
                  disabled={copy.pending}
                  aria-label={`Copy ${scheme} header`}
                  title={headerLineTitle(org, scheme)}
                >
                  {placementFor(scheme, org)?.in === 'query' ? 'Copy as query' : 'Copy header'}
                </button>
                {schemeFacts(scheme).expires && (
                  <button
                    type="button"
                    onClick={() => void copy.run(scheme, true)}
                    disabled={copy.pending}
                    aria-label={`New ${scheme} token`}
                    title={scheme === 'bearer' ? 'Exchanges for a new token now, even if a cached one is still good' : 'Signs a new token now, even if a cached one is still good'}
                  >
                    New token
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
        {spec.clientSettings.includes('integrationUsers') && (
          <div className="row">
            <Field label="DevToken sub">
              {(id) => (
                <select id={id} value={sub} onChange={(e) => setSub(e.target.value)}>
                  <option value="">none (any user in scope)</option>
                  {client.integrationUsers.map((u) => (
                    <option key={u.uuid} value={u.uuid}>
                      {u.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="DevToken lifetime" error={lifetimeError} hint="e.g. 14d, 12h, 30m">
              {(id) => <input id={id} value={lifetime} onChange={(e) => setLifetime(e.target.value)} />}
            </Field>
          </div>
        )}
        {expiring && (
          <label className="toggle">
            <input type="checkbox" checked={client.autoRefresh} onChange={(e) => void update.run({ autoRefresh: e.target.checked })} /> Refresh this client's tokens before they expire
          </label>
        )}
        {copied && (
          <p className="success" role="status">
            {copied}
          </p>
        )}
        <ErrorNotice error={copy.error ?? update.error} onDismiss={() => (copy.clearError(), update.clearError())} />
      </section>
      {expiring && (
        <section className="panel" aria-label="This client's tokens">
          <h3>Cached tokens</h3>
          <TokenList tokens={clientTokens} emptyText={signed ? 'None cached. Copy a token to make one.' : 'None cached. Copy a DevToken or Bearer token to make one.'} />
        </section>
      )}
    </article>
  );
}
