// The connect steps of a "Signed JWT" organization: the organization with its profile (a preset
// fills it), the client (no secret: the key signs), the key (generated where the algorithm allows,
// imported otherwise), its Key ID when the profile sends one, and a first token.
import { useState, type FormEvent } from 'react';
import { sameName } from '../../../main/core/model/primitives.js';
import { clientIdProblem, OrganizationInput } from '../../../main/core/model/inputs.js';
import { defaultSchemeOf, missingApiUrl, missingTokenUrl, providerSpec, type Provider } from '../../../main/core/providers/registry.js';
import { canGenerate, exchangeNeedsTokenUrl, isApplePreset, PRESETS, type JwtPreset } from '../../../main/core/jwt-profile.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { copyMessage } from '../client/ClientView.js';
import { clientIdLabel } from '../client/ClientForm.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { placeError, validate, type FieldErrors } from '../components/validation.js';
import { JwtProfileFields } from '../jwt/JwtProfileFields.js';
import { installationIdOf, keyIdOfFileName, vendorIssuesKey } from '../jwt/vendor-fields.js';
import { presetDraft, profileErrorOf, profileOfDraft, type ProfileDraft } from '../jwt/profile-draft.js';
import { keyAlgorithmOf, SetKeyIdForm } from '../organization/KeysPanel.js';
import { reloadTokens, reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { clientNameIn, defaultEnvironments, draftField, environmentProblems, environmentsInput, organizationErrors, placeEnvironmentError, shownUrl, withUrl, type EnvironmentDraft } from './environment-drafts.js';
import { EnvironmentsFields, type UrlFieldSpec } from './EnvironmentsFields.js';
import { ClientPlacementFields, placementProblems, type Placement } from './ClientPlacement.js';

const blank = (text: string) => (text.trim() === '' ? undefined : text.trim());

export function JwtOrganizationStep({ provider, onCreated }: { provider: Provider; onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [profile, setProfile] = useState<ProfileDraft>(() => presetDraft('apple-music'));
  const presetUrl = (preset: JwtPreset) => PRESETS[preset].apiBaseUrl ?? '';
  const [environments, setEnvironments] = useState<EnvironmentDraft[]>(() => defaultEnvironments({ apiBaseUrl: presetUrl('apple-music') }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const act = useAction(async (input: unknown) => {
    await call('org.add', input as Parameters<typeof call<'org.add'>>[1]);
    await reloadVault();
    return true;
  });
  const checked = profileOfDraft(profile);
  const fields: UrlFieldSpec[] = [
    ...(exchangeNeedsTokenUrl(profile.exchange) ? [{ field: 'tokenUrl' as const, hint: 'The OAuth 2.0 token endpoint the assertion is exchanged at ({token_url} in the claims)', placeholder: 'https://auth.example.com/oauth/token' }] : []),
    { field: 'apiBaseUrl', hint: 'Where API requests go, so the console can take paths' },
  ];
  const refusal = profileErrorOf(act.error);
  const placed = Object.keys(refusal).length ? { fields: {}, notice: undefined } : placeEnvironmentError(act.error, ['name']);

  function changeProfile(next: ProfileDraft) {
    // The first environment's API URL follows the preset until the user types one of their own.
    const apiBaseUrl = shownUrl(environments, 0, 'apiBaseUrl');
    if (next.preset !== profile.preset && (apiBaseUrl === '' || apiBaseUrl === presetUrl(profile.preset))) setEnvironments(withUrl(environments, 0, 'apiBaseUrl', presetUrl(next.preset)));
    setProfile(next);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const urlFields = fields.map((f) => f.field);
    const { environments: listed, ...urls } = environmentsInput(environments, urlFields);
    const input = { name: name.trim(), provider, jwt: checked.profile, ...urls, environments: listed };
    const found = { ...organizationErrors(validate(OrganizationInput, input).errors), ...environmentProblems(environments, urlFields) };
    delete found.jwt;
    const tokenUrlProblem = missingTokenUrl({ provider, tokenUrl: input.tokenUrl, jwt: profile });
    if (tokenUrlProblem) found[draftField(0, 'tokenUrl')] ??= tokenUrlProblem;
    // Checked on what the field shows: a cleared API URL is not filled in behind the user's back.
    const apiUrlProblem = missingApiUrl({ provider, apiBaseUrl: input.apiBaseUrl, jwt: profile });
    if (apiUrlProblem) found[draftField(0, 'apiBaseUrl')] ??= apiUrlProblem;
    setErrors(found);
    if (Object.keys(found).length || Object.keys(checked.errors).length) return;
    if (await act.run(input)) onCreated(input.name);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Organization">
      <Field label="Organization name" error={errors.name ?? placed.fields.name} hint="Your name for this account, e.g. acme-music (letters, digits, . _ -; no spaces)">
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      <JwtProfileFields draft={profile} errors={{ ...refusal, ...checked.errors }} onChange={changeProfile} vendorFirst />
      <EnvironmentsFields drafts={environments} fields={fields} errors={{ ...placed.fields, ...errors }} onChange={setEnvironments} />
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
 * The client of one environment: the id the vendor knows it by and what its profile's exchange
 * needs (a GitHub installation, an assertion's subject and scope). No secret: the organization's
 * key signs for every environment. `label` names the environment where there are several.
 */
export function JwtClientStep({ org, environment, environments, label, autoFocus = true }: { org: OrganizationTree; environment: string; environments: readonly string[]; label?: string; autoFocus?: boolean }) {
  const profile = org.jwt!;
  const spec = providerSpec(org.provider);
  // Where there is one client per environment, one made by hand in it counts.
  const existing = label ? org.clients.find((c) => sameName(c.environment, environment)) : undefined;
  const [placement, setPlacement] = useState(() => ({ name: clientNameIn(spec, environment, label ? 2 : 1), environment }));
  const [clientId, setClientId] = useState('');
  const [installationId, setInstallationId] = useState('');
  const [subject, setSubject] = useState('');
  const [scope, setScope] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const act = useAction(async (client: unknown) => {
    await call('client.add', { org: org.name, client: client as Parameters<typeof call<'client.add'>>[1]['client'] });
    await reloadVault();
    return true;
  });
  const placed = placeError(act.error, ['clientId', 'name', 'environment', 'jwt'], 'client');
  const changePlacement = (next: Placement) => {
    setPlacement(next);
    setErrors(({ name: _name, environment: _environment, ...rest }) => rest);
  };
  const idLabel = clientIdLabel({ provider: org.provider, jwt: profile });
  // With several environments each label says whose it is: "Staging Issuer ID".
  const labelled = (text: string) => (label ? `${label} ${text.charAt(0).toLowerCase()}${text.slice(1)}` : text);
  if (existing) {
    return (
      <p>
        <span className="badge ok">stored</span> {label ?? existing.name}: <code>{existing.clientId}</code>
      </p>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    const problem = clientIdProblem(org.provider, clientId, profile);
    if (problem) found.clientId = problem;
    if (!clientId.trim()) found.clientId = `give the ${idLabel}`;
    Object.assign(found, placementProblems(placement));
    if (profile.exchange === 'github-installation' && !installationId.trim()) found.installationId = 'the installation to make tokens for: the number at the end of its settings URL';
    setErrors(found);
    if (Object.keys(found).length) return;
    const jwt = { ...(blank(installationId) ? { installationId: installationId.trim() } : {}), ...(blank(subject) ? { subject: subject.trim() } : {}), ...(blank(scope) ? { scope: scope.trim() } : {}) };
    await act.run({ name: placement.name.trim(), environment: placement.environment.trim(), clientId: clientId.trim(), defaultScheme: defaultSchemeOf(org), ...(Object.keys(jwt).length ? { jwt } : {}) });
  }

  return (
    <form className={label ? 'form connect-environment-client' : 'form'} onSubmit={submit} noValidate aria-label={label ? `${label} client` : 'Client'}>
      {label ? <strong>{label}</strong> : <p className="muted">No secret: the private key signs. {PRESETS[profile.preset].label} knows this client by its {idLabel}.</p>}
      <ClientPlacementFields value={placement} environments={environments} fixed={label} errors={{ ...placed.fields, ...errors }} onChange={changePlacement} />
      <Field label={labelled(idLabel)} error={errors.clientId ?? placed.fields.clientId} hint="{client_id} in the profile's claims">
        {(id) => <input id={id} value={clientId} onChange={(e) => setClientId(e.target.value)} autoFocus={autoFocus} spellCheck={false} />}
      </Field>
      {profile.exchange === 'github-installation' && (
        <Field label={labelled('Installation ID')} error={errors.installationId ?? placed.fields.jwt} hint="Paste the installation's settings URL (github.com/settings/installations/…): its number is kept">
          {(id) => <input id={id} value={installationId} onChange={(e) => setInstallationId(installationIdOf(e.target.value))} inputMode="numeric" placeholder="12345678 or https://github.com/settings/installations/12345678" />}
        </Field>
      )}
      {exchangeNeedsTokenUrl(profile.exchange) && (
        <div className="row">
          <Field label={labelled('Subject (optional)')} error={placed.fields.jwt} hint="sub of the assertion, in place of the profile's (a user a service account acts for)">
            {(id) => <input id={id} value={subject} onChange={(e) => setSubject(e.target.value)} spellCheck={false} />}
          </Field>
          <Field label={labelled('Scope to ask for (optional)')} hint="The scope parameter of the token request">
            {(id) => <input id={id} value={scope} onChange={(e) => setScope(e.target.value)} spellCheck={false} />}
          </Field>
        </div>
      )}
      <div>
        <button type="submit" className="primary" disabled={act.pending}>
          {label ? `Save ${label.toLowerCase()} client` : 'Save client'}
        </button>
      </div>
      <ErrorNotice error={placed.notice} onDismiss={act.clearError} />
    </form>
  );
}

export function JwtKeyStep({ org }: { org: OrganizationTree }) {
  const alg = keyAlgorithmOf(org);
  const preset = org.jwt!.preset;
  const label = PRESETS[preset].label;
  // Apple issues the key (a .p8 file, downloadable once): it is imported, never made here.
  const issued = vendorIssuesKey(preset);
  const [pem, setPem] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [fileText, setFileText] = useState<string>();
  const [kid, setKid] = useState('');
  const [pemError, setPemError] = useState<string>();
  const generate = useAction(async () => {
    await call('key.generate', { org: org.name });
    await reloadVault();
  });
  // A text pasted wins over a file chosen before it.
  const chosen = pem.trim() ? pem : (fileText ?? '');
  const importKey = useAction(async () => {
    await call('key.import', { org: org.name, pem: chosen, ...(kid.trim() ? { kid: kid.trim() } : {}) });
    setPem('');
    setFileText(undefined);
    await reloadVault();
  });
  const placed = placeError(importKey.error, ['pem', 'kid']);

  function submit(event: FormEvent) {
    event.preventDefault();
    setPemError(chosen.trim() ? undefined : issued ? 'choose the .p8 file Apple issued, or paste its text' : 'paste the private key, or choose its file');
    if (chosen.trim()) void importKey.run();
  }

  async function choose(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    const text = await file.text();
    // Apple's file is read, not shown: the private key stays off the screen (a paste is the user's own).
    if (issued) setFileText(text);
    else setPem(text);
    // Apple names the file after the key: AuthKey_<Key ID>.p8.
    const fromName = keyIdOfFileName(file.name);
    if (fromName) setKid(fromName);
  }

  const fileInput = (id?: string) => <input id={id} type="file" accept=".p8,.pem,.key,.txt" aria-label={id ? undefined : 'Key file'} onChange={(e) => void choose(e.target.files?.[0])} autoFocus={issued} />;
  return (
    <div>
      <p>
        {label} tokens are signed with an {alg} key. Its private half goes to the keychain and never comes back to this window.
        {issued
          ? ' Apple issues the key once, as a file named AuthKey_<Key ID>.p8: choose it, and its Key ID is read from the name.'
          : preset === 'github-app'
            ? " GitHub makes the app's private key (Generate a private key, in the app's settings): import the .pem it downloads."
            : ''}
      </p>
      {!issued &&
        (canGenerate(alg) ? (
          <p>
            <button type="button" onClick={() => void generate.run()} disabled={generate.pending} autoFocus>
              Generate an {alg} key here
            </button>{' '}
            <span className="muted">then upload its public half (the organization's Signing keys show it as PEM and JWK)</span>
          </p>
        ) : (
          <p className="muted">{alg} keys are imported: Tokendeck does not make RSA keys.</p>
        ))}
      <ErrorNotice error={generate.error} onDismiss={generate.clearError} />
      <form className="form" onSubmit={submit} noValidate aria-label="Import a key">
        {issued && (
          <Field label="The .p8 file Apple issued" error={pemError} hint={fileName && fileText ? `${fileName} read: its key goes to the keychain when imported` : 'AuthKey_<Key ID>.p8, from the Keys page'}>
            {(id) => fileInput(id)}
          </Field>
        )}
        {issued && (
          <Field label="Key ID" error={placed.fields.kid} hint={keyIdOfFileName(fileName ?? '') === kid && kid ? "From the file's name" : "10 capital letters and digits, beside the key on Apple's Keys page"}>
            {(id) => <input id={id} value={kid} onChange={(e) => setKid(e.target.value)} spellCheck={false} placeholder="2X9R4HXF34" />}
          </Field>
        )}
        <Field label={issued ? 'Or paste the file\'s text' : 'Private key'} error={issued ? placed.fields.pem : (pemError ?? placed.fields.pem)} hint="PKCS#8 (Apple's .p8), PKCS#1 RSA or SEC1 EC, as PEM">
          {(id) => <textarea id={id} rows={issued ? 2 : 4} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN PRIVATE KEY-----" spellCheck={false} autoFocus={!issued && !canGenerate(alg)} />}
        </Field>
        <div className="actions">
          {!issued && fileInput()}
          <button type="submit" className="primary" disabled={importKey.pending}>
            Import key
          </button>
        </div>
        <ErrorNotice error={placed.notice} onDismiss={importKey.clearError} />
      </form>
    </div>
  );
}

export function JwtKeyIdStep({ org }: { org: OrganizationTree }) {
  const key = [...org.keys].filter((k) => k.status === 'active' && k.hasPrivateKey && k.kid === undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!key) return null;
  const label = PRESETS[org.jwt!.preset].label;
  const apple = isApplePreset(org.jwt!.preset);
  return (
    <div>
      <p>{apple ? 'Apple shows the Key ID beside the key on its Keys page (and in the .p8 file\'s name, AuthKey_<Key ID>.p8).' : `The Key ID ${label} knows this key by: the kid of every token's header.`}</p>
      <SetKeyIdForm org={org.name} keyThumbprint={key.thumbprint} preset={org.jwt!.preset} hint={apple ? '10 capital letters and digits, e.g. 2X9R4HXF34' : 'As the server knows the key'} autoFocus />
    </div>
  );
}

/** One environment: its client's first token, copied, as it always was. Several: EnvironmentTests. */
export function JwtTestStep({ org, onDone }: { org: OrganizationTree; onDone: (client: string) => void }) {
  const profile = org.jwt!;
  const scheme = defaultSchemeOf(org);
  const [result, setResult] = useState<string>();
  const client = org.clients[0];
  const test = useAction(async () => {
    if (!client) return;
    const copied = await call('tokens.copy', { org: org.name, client: client.name, seenClient: client.id, scheme, fresh: true });
    setResult(copyMessage(copied));
    await reloadTokens();
    onDone(client.name);
  });
  if (!client) return null;
  return (
    <div>
      <p className="muted">
        {scheme === 'jwt'
          ? `Signs a ${PRESETS[profile.preset].label} token with the stored key and copies it.`
          : profile.exchange === 'github-installation'
            ? 'Signs the app JWT and exchanges it at GitHub for an installation token, which is copied.'
            : 'Signs the assertion and exchanges it at the token URL for an access token, which is copied.'}
      </p>
      <button type="button" className="primary" onClick={() => void test.run()} disabled={test.pending} autoFocus>
        {scheme === 'jwt' ? 'Make and copy a token' : 'Exchange and copy a token'}
      </button>
      {result && (
        <p className="success" role="status">
          {result}
        </p>
      )}
      <ErrorNotice error={test.error} onDismiss={test.clearError} />
    </div>
  );
}
