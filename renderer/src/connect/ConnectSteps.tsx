// The steps that store something: the organization, its client(s) with their secrets, the signing
// key and its Key ID. Each is checked with main's own schemas before it is sent.
import { useState, type FormEvent } from 'react';
import { sameName } from '../../../main/core/model/primitives.js';
import { OrganizationInput } from '../../../main/core/model/inputs.js';
import { DEFAULT_API_KEY_PLACEMENT } from '../../../main/core/providers/api-key.js';
import { defaultApiUrl, providerSpec, type Provider } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { placeError, validate } from '../components/validation.js';
import { clientIdLabel, secretLabel } from '../client/ClientForm.js';
import { ApiKeyPlacementFields } from '../organization/ApiKeyPlacementFields.js';
import { SetKeyIdForm } from '../organization/KeysPanel.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { defaultEnvironments, draftField, environmentProblems, environmentsInput, organizationErrors, placeEnvironmentError, type EnvironmentDraft } from './environment-drafts.js';
import { EnvironmentsFields, UrlFields, type UrlFieldSpec } from './EnvironmentsFields.js';
import { ClientPlacementFields, placementProblems, type Placement } from './ClientPlacement.js';

const blank = (text: string) => (text.trim() === '' ? undefined : text.trim());

export function OrganizationStep({ provider, onCreated }: { provider: Provider; onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const spec = providerSpec(provider);
  const asksEnvironments = spec.connect.environments === true;
  const [environments, setEnvironments] = useState<EnvironmentDraft[]>(() => {
    const first = { apiBaseUrl: defaultApiUrl({ provider }) ?? '' };
    return asksEnvironments ? defaultEnvironments(first) : [{ key: 0, name: spec.connect.client.environment, urls: first }];
  });
  const urlFields: UrlFieldSpec[] = [
    ...(spec.showsTokenUrl({}) ? [{ field: 'tokenUrl' as const, hint: "Where the client's secret is exchanged for a token (https://…)", placeholder: 'https://auth.example.com/oauth/token' }] : []),
    { field: 'apiBaseUrl', hint: spec.connect.apiUrlHint },
  ];
  // A provider whose organizations say where an API key goes.
  const placesKey = spec.organizationSettings.includes('apiKey');
  const [apiKey, setApiKey] = useState(DEFAULT_API_KEY_PLACEMENT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const act = useAction(async (input: unknown) => {
    await call('org.add', input as Parameters<typeof call<'org.add'>>[1]);
    await reloadVault();
    return true;
  });
  const placed = placeEnvironmentError(act.error, ['name', 'apiKey']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { environments: listed, ...urls } = environmentsInput(environments, urlFields.map((f) => f.field));
    const input = { name: name.trim(), provider, ...urls, ...(asksEnvironments ? { environments: listed } : {}), ...(placesKey ? { apiKey: { in: apiKey.in, name: apiKey.name.trim() } } : {}) };
    const found = { ...organizationErrors(validate(OrganizationInput, input).errors), ...(asksEnvironments ? environmentProblems(environments, urlFields.map((f) => f.field)) : {}) };
    if (spec.connect.apiUrlRequired && !input.apiBaseUrl) found[draftField(0, 'apiBaseUrl')] = spec.connect.apiUrlRequired;
    setErrors(found);
    if (Object.keys(found).length) return;
    if (await act.run(input)) onCreated(input.name);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Organization">
      {spec.connect.organizationNote && <p className="muted">{spec.connect.organizationNote}</p>}
      <Field label="Organization name" error={errors.name ?? placed.fields.name} hint="Your name for this account, e.g. acme (letters, digits, . _ -; no spaces)">
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      {asksEnvironments ? (
        <EnvironmentsFields drafts={environments} fields={urlFields} errors={{ ...placed.fields, ...errors }} onChange={setEnvironments} />
      ) : (
        <UrlFields drafts={environments} fields={urlFields} errors={{ ...placed.fields, ...errors }} onChange={setEnvironments} />
      )}
      {placesKey && <ApiKeyPlacementFields value={apiKey} error={errors.apiKey ?? placed.fields.apiKey} onChange={setApiKey} />}
      <div>
        <button type="submit" className="primary" disabled={act.pending}>
          Create organization
        </button>
      </div>
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </form>
  );
}

/**
 * One client's name, environment, id and secret; a client already stored without its secret only
 * gets the secret. `draft`: the suggested name and environment, shown and changeable; `label` names
 * the environment where there is one client per environment (the environment is then fixed).
 * `environments`: the organization's, offered where the environment is asked.
 */
export function ClientStep({ org, draft, environments, label, autoFocus }: { org: OrganizationTree; draft: Placement; environments: readonly string[]; label?: string; autoFocus?: boolean }) {
  // One per environment: the environment's client, whatever its name (one added by hand counts).
  // One for the organization: a client stored without its secret.
  const existing = label ? org.clients.find((c) => sameName(c.environment, draft.environment)) : org.clients.find((c) => !c.hasSecret);
  const [placement, setPlacement] = useState(draft);
  const [clientId, setClientId] = useState(existing?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [authMethod, setAuthMethod] = useState<'client_secret_basic' | 'client_secret_post'>('client_secret_basic');
  const [scope, setScope] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const spec = providerSpec(org.provider);
  const oauth2Options = spec.clientSettings.includes('oauth2');
  const idLabel = clientIdLabel(org);
  const act = useAction(async () => {
    if (existing) await call('client.setSecret', { org: org.name, client: existing.name, secret });
    else {
      const oauth2 = oauth2Options ? { oauth2: { authMethod, ...(blank(scope) ? { scope: scope.trim() } : {}) } } : {};
      await call('client.add', { org: org.name, client: { name: placement.name.trim(), environment: placement.environment.trim(), clientId: clientId.trim(), ...oauth2 }, secret });
    }
    await reloadVault();
    return true;
  });
  const placed = placeError(act.error, ['clientId', 'secret', 'name', 'environment'], 'client');
  const changePlacement = (next: Placement) => {
    setPlacement(next);
    setErrors(({ name: _name, environment: _environment, ...rest }) => rest);
  };

  if (existing?.hasSecret) {
    return (
      <p>
        <span className="badge ok">stored</span> {label ?? existing.name}: <code>{existing.clientId}</code>, secret in the keychain
      </p>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    // The provider's client-id rule (MusicAPI's and Musimap's are UUIDs; OAuth 2.0's are free-form),
    // said of the field: "must be a UUID like …".
    const idProblem = spec.clientIdProblem(clientId, org);
    if (idProblem) found.clientId = spec.clientIdFormat ? `must be ${spec.clientIdFormat} (copy it whole from the dashboard)` : idProblem;
    if (!clientId.trim()) found.clientId = 'copy the client ID from the dashboard';
    if (!secret) found.secret = `paste the ${spec.secretName}: it goes to the keychain, never to a file`;
    if (!existing) Object.assign(found, placementProblems(placement));
    setErrors(found);
    if (Object.keys(found).length) return;
    if (await act.run()) setSecret('');
  }

  return (
    <form className="form inline" onSubmit={submit} noValidate aria-label={label ? `${label} client` : 'Client'}>
      {label && <strong className="connect-client-label">{label}</strong>}
      {!existing && <ClientPlacementFields value={placement} environments={environments} fixed={label} errors={{ ...placed.fields, ...errors }} onChange={changePlacement} />}
      <Field label={label ? `${label} ${idLabel.charAt(0).toLowerCase()}${idLabel.slice(1)}` : idLabel} error={errors.clientId ?? placed.fields.clientId}>
        {(id) => <input id={id} value={clientId} onChange={(e) => setClientId(e.target.value)} disabled={!!existing} autoFocus={autoFocus && !existing} placeholder={spec.clientIdExample} />}
      </Field>
      <Field label={label ? `${label} ${spec.secretName}` : secretLabel(org.provider)} error={errors.secret ?? placed.fields.secret}>
        {(id) => <input id={id} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />}
      </Field>
      {oauth2Options && !existing && (
        <>
          <Field label="Client authentication">
            {(id) => (
              <select id={id} value={authMethod} onChange={(e) => setAuthMethod(e.target.value as typeof authMethod)}>
                <option value="client_secret_basic">HTTP Basic (client_secret_basic)</option>
                <option value="client_secret_post">In the form body (client_secret_post)</option>
              </select>
            )}
          </Field>
          <Field label="Scope (optional)">{(id) => <input id={id} value={scope} onChange={(e) => setScope(e.target.value)} />}</Field>
        </>
      )}
      <button type="submit" className="primary" disabled={act.pending}>
        {label ? `Save ${label.toLowerCase()} client` : 'Save client'}
      </button>
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </form>
  );
}

export function KeyStep({ org }: { org: OrganizationTree }) {
  const act = useAction(async () => {
    await call('key.generate', { org: org.name });
    await reloadVault();
  });
  return (
    <div>
      <p>{providerSpec(org.provider).connect.keyIntro}</p>
      <button type="button" className="primary" onClick={() => void act.run()} disabled={act.pending} autoFocus>
        Generate the signing key
      </button>
      <ErrorNotice error={act.error} onDismiss={act.clearError} />
    </div>
  );
}

export function KeyIdStep({ org }: { org: OrganizationTree }) {
  const key = [...org.keys].filter((k) => k.status === 'active' && k.hasPrivateKey && k.kid === undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const [copied, setCopied] = useState(false);
  const copy = useAction(async () => {
    if (key) await call('key.copyPublic', { org: org.name, thumbprint: key.thumbprint, format: 'pem' });
    setCopied(true);
  });
  if (!key) return null;
  return (
    <div>
      <ol className="connect-howto">
        <li>
          Copy the public key:{' '}
          <button type="button" onClick={() => void copy.run()} autoFocus>
            {copied ? 'Copied public key' : 'Copy public key'}
          </button>
        </li>
        <li>
          {providerSpec(org.provider).connect.kidHowTo}
        </li>
        <li>The dashboard then shows the key's <strong>Key ID</strong>: type it below.</li>
      </ol>
      <textarea readOnly rows={4} value={key.publicKeyPem} aria-label="Public key PEM" className="connect-pem" />
      <ErrorNotice error={copy.error} onDismiss={copy.clearError} />
      <SetKeyIdForm org={org.name} keyThumbprint={key.thumbprint} />
    </div>
  );
}
