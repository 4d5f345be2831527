// "Sign in as a person": a guided connection to an OpenID Connect / OAuth 2.0 server by its issuer.
// Discovery finds the token endpoint (the organization's token URL), a client is made for a
// browser or device sign-in, and the person signs in right there. Where it stands is read from the
// vault (the organization, its sign-in client, that client's session), so leaving and coming back
// resumes it; only the issuer typed is remembered in the selection (the vault keeps it per client).
import { useState, type FormEvent } from 'react';
import { OrganizationInput, ClientInput } from '../../../main/core/model/inputs.js';
import { isUserGrant, type OAuth2Grant } from '../../../main/core/providers/oauth2.js';
import type { IssuerPreview, OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { placeError, validate, type FieldErrors } from '../components/validation.js';
import { IssuerDiscovery } from '../client/IssuerDiscovery.js';
import { SessionPanel } from '../client/SessionPanel.js';
import { ClientPlacementFields, placementProblems } from './ClientPlacement.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import type { Selection } from '../selection.js';
import { StepList, WizardHeader } from './StepList.js';

const DEFAULT_SCOPE = 'openid email offline_access';
const GRANTS: ReadonlyArray<[OAuth2Grant, string]> = [
  ['authorization_code', 'In the browser'],
  ['device_code', 'With a code (device)'],
];

export function SignInWizard({ org, issuer: given, onSelect }: { org: OrganizationTree | undefined; issuer?: string | undefined; onSelect: (selection: Selection) => void }) {
  const client = org?.clients.find((c) => isUserGrant(c.oauth2));
  // Resumed without the issuer typed: the token URL's origin is the likeliest one.
  const [issuer, setIssuer] = useState(given ?? (org?.tokenUrl ? new URL(org.tokenUrl).origin : ''));
  const steps = [
    { id: 'issuer', title: 'Issuer and organization', done: !!org },
    { id: 'client', title: 'Client', done: !!client },
    { id: 'sign-in', title: 'Sign in', done: !!client?.session },
  ] as const;
  const current = steps.find((step) => !step.done)?.id ?? 'sign-in';
  const body = (id: (typeof steps)[number]['id']) => {
    if (id === 'issuer') return <IssuerStep issuer={issuer} onIssuer={setIssuer} onCreated={(name) => onSelect({ kind: 'connect', provider: 'oauth2', signIn: true, org: name, issuer })} />;
    if (!org) return null;
    if (id === 'client') return <SignInClientStep org={org} issuer={issuer} onIssuer={setIssuer} />;
    return client ? <SessionPanel org={org.name} client={client} /> : null;
  };
  return (
    <section className="view connect" aria-label="Sign in as a person">
      <WizardHeader title="Sign in as a person (OpenID Connect)" org={org?.name} onLeave={() => onSelect({ kind: 'connect' })} />
      <StepList steps={steps} current={current} body={body} />
      {org && client?.session && (
        <div className="notice success-panel" role="status">
          <strong>
            Signed in on {org.name}/{client.name}.
          </strong>{' '}
          <button type="button" className="primary" onClick={() => onSelect({ kind: 'client', org: org.name, client: client.name })} autoFocus>
            Open {org.name}/{client.name}
          </button>
        </div>
      )}
    </section>
  );
}

function IssuerStep({ issuer, onIssuer, onCreated }: { issuer: string; onIssuer: (issuer: string) => void; onCreated: (name: string) => void }) {
  const [preview, setPreview] = useState<IssuerPreview>();
  const [name, setName] = useState('');
  const [apiBaseUrl, setApiBaseUrl] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const tokenUrl = preview?.endpoints.find((endpoint) => endpoint.name === 'Token')?.url;
  const create = useAction(async (input: OrganizationInput) => {
    await call('org.add', input);
    await reloadVault();
    return true;
  });
  const placed = placeError(create.error, ['name', 'apiBaseUrl']);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = { name: name.trim(), provider: 'oauth2', tokenUrl, ...(apiBaseUrl.trim() ? { apiBaseUrl: apiBaseUrl.trim() } : {}) };
    const { data, errors: found } = validate(OrganizationInput, input);
    setErrors(found);
    if (data && (await create.run(data))) onCreated(data.name);
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Issuer and organization">
      <Field label="Issuer URL" hint="The server the person signs in at, e.g. https://login.example.com: its endpoints are found in its discovery document">
        {(id) => <input id={id} value={issuer} onChange={(e) => (onIssuer(e.target.value), setPreview(undefined))} placeholder="https://login.example.com" spellCheck={false} autoFocus />}
      </Field>
      <IssuerDiscovery issuer={issuer} onPreview={setPreview} />
      {tokenUrl && (
        <>
          <p className="muted">
            Tokens will be had at <code>{tokenUrl}</code> (the organization&apos;s token URL).
          </p>
          <Field label="Organization name" error={errors.name ?? placed.fields.name} hint="Your name for this server, e.g. acme-login (letters, digits, . _ -; no spaces)">
            {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="API base URL (optional)" error={errors.apiBaseUrl ?? placed.fields.apiBaseUrl} hint="Where the person's token is sent, so the console can take paths">
            {(id) => <input id={id} value={apiBaseUrl} onChange={(e) => setApiBaseUrl(e.target.value)} placeholder="https://api.example.com" />}
          </Field>
          <div>
            <button type="submit" className="primary" disabled={create.pending}>
              Create organization
            </button>
          </div>
        </>
      )}
      <ErrorNotice error={placed.notice} onDismiss={create.clearError} />
    </form>
  );
}

function SignInClientStep({ org, issuer, onIssuer }: { org: OrganizationTree; issuer: string; onIssuer: (issuer: string) => void }) {
  // The organization's first environment (development before it has any), shown and changeable.
  const [placement, setPlacement] = useState({ name: 'me', environment: org.environments[0]?.name ?? 'development' });
  const [clientId, setClientId] = useState('');
  const [grant, setGrant] = useState<OAuth2Grant>('authorization_code');
  const [publicClient, setPublicClient] = useState(true);
  const [secret, setSecret] = useState('');
  const [scope, setScope] = useState(DEFAULT_SCOPE);
  const [errors, setErrors] = useState<FieldErrors>({});
  const authMethod = publicClient ? 'none' : 'client_secret_basic';
  const environment = placement.environment.trim();
  const create = useAction(async (input: ClientInput) => {
    await call('client.add', { org: org.name, client: input, ...(publicClient || !secret ? {} : { secret }) });
    await reloadVault();
    return true;
  });
  const placed = placeError(create.error, ['name', 'environment', 'clientId', 'oauth2'], 'client');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = { name: placement.name.trim(), environment, clientId: clientId.trim(), integrationUsers: [], defaultScheme: 'bearer', oauth2: { grant, issuer: issuer.trim(), authMethod, ...(scope.trim() ? { scope: scope.trim() } : {}) } };
    const { data, errors: validated } = validate(ClientInput, input);
    const found = { ...validated, ...placementProblems(placement) };
    if (!publicClient && /[\r\n]/.test(secret)) found.secret = 'The secret must be one line';
    setErrors(found);
    if (data && !found.secret && !found.environment) await create.run(data);
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Sign-in client">
      <ClientPlacementFields value={placement} environments={org.environments.length ? org.environments.map((e) => e.name) : ['development']} errors={{ ...placed.fields, ...errors }} onChange={setPlacement} autoFocus />
      <Field label="Client ID" error={errors.clientId ?? placed.fields.clientId} hint="The client id the server's administrator registered">
        {(id) => <input id={id} value={clientId} onChange={(e) => setClientId(e.target.value)} spellCheck={false} />}
      </Field>
      <div className="segmented" role="radiogroup" aria-label="How the person signs in">
        {GRANTS.map(([value, label]) => (
          <button key={value} type="button" role="radio" aria-checked={grant === value} onClick={() => setGrant(value)}>
            {label}
          </button>
        ))}
      </div>
      <div className="row">
        <Field label="Issuer URL" error={errors['oauth2.issuer'] ?? errors.oauth2 ?? placed.fields.oauth2}>
          {(id) => <input id={id} value={issuer} onChange={(e) => onIssuer(e.target.value)} spellCheck={false} />}
        </Field>
        <Field label="Scope" hint="openid: who signed in; offline_access: a refresh token">
          {(id) => <input id={id} value={scope} onChange={(e) => setScope(e.target.value)} spellCheck={false} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={publicClient} onChange={(e) => setPublicClient(e.target.checked)} />
        Public client (no secret)
      </label>
      {!publicClient && (
        <Field label="Client secret" error={errors.secret} hint="Stored in the OS keychain; it never comes back to this window">
          {(id) => <input id={id} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />}
        </Field>
      )}
      <IssuerDiscovery issuer={issuer} grant={grant} authMethod={authMethod} org={org.name} environment={environment} />
      <div>
        <button type="submit" className="primary" disabled={create.pending}>
          Create client
        </button>
      </div>
      <ErrorNotice error={placed.notice} onDismiss={create.clearError} />
    </form>
  );
}
