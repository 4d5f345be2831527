// Create or edit an organization: provider, URLs, allowed origins, environments (each one's URLs,
// origins, audience, production mark, order: EnvironmentFields), agreement, catalogs, notes,
// a "Signed JWT" organization's profile (preset, header, claims, lifetime, exchange), and its
// network settings (proxy, NO_PROXY, CA bundle: NetworkFields).
// Validated with main's own schemas before anything is sent. A change of URLs or origins of an
// organization that holds secrets is confirmed in main's own dialog, never in this page.
import { useState, type FormEvent } from 'react';
import type { OrganizationTree } from '../../../preload/contract.js';
import { NAME_RULE } from '../../../main/core/model/primitives.js';
import { OrganizationChanges, OrganizationInput } from '../../../main/core/model/inputs.js';
import { PRESETS } from '../../../main/core/jwt-profile.js';
import { DEFAULT_API_KEY_PLACEMENT } from '../../../main/core/providers/api-key.js';
import { PROVIDERS, providerSpec, type Provider } from '../../../main/core/providers/registry.js';
import type { ApiKeyPlacement } from '../../../main/core/providers/spec.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Field } from '../components/Field.js';
import { cancelOnEscape, useFocusReturn } from '../components/focus-return.js';
import { filledLines, placeError, splitList, validate, type FieldErrors } from '../components/validation.js';
import { JwtProfileFields } from '../jwt/JwtProfileFields.js';
import { draftOfProfile, presetDraft, profileErrorOf, profileOfDraft, type ProfileDraft } from '../jwt/profile-draft.js';
import { reloadVault } from '../state/deck-store.js';
import { ApiKeyPlacementFields } from './ApiKeyPlacementFields.js';
import { draftOfEnvironment, environmentErrors, environmentInput, type EnvironmentDraft } from './environment-draft.js';
import { EnvironmentFields } from './EnvironmentFields.js';
import { draftOfNetwork, NetworkFields, networkErrors, networkInput, type NetworkDraft } from './NetworkFields.js';
import { useAction } from '../state/use-action.js';
import { IssuerDiscovery } from '../client/IssuerDiscovery.js';

interface Draft {
  name: string;
  provider: Provider;
  apiBaseUrl: string;
  tokenUrl: string;
  allowedOrigins: string;
  agreementReference: string;
  licensedProducts: string;
  validUntil: string;
  catalogs: string;
  notes: string;
  profile: ProfileDraft;
  apiKey: ApiKeyPlacement;
  environments: EnvironmentDraft[];
  network: NetworkDraft;
}


/** The preset a new signed-JWT organization starts from. */
const FIRST_PRESET = 'apple-music';

function draftOf(org?: OrganizationTree): Draft {
  return {
    name: org?.name ?? '',
    provider: org?.provider ?? PROVIDERS[0],
    apiBaseUrl: org?.apiBaseUrl ?? '',
    tokenUrl: org?.tokenUrl ?? '',
    allowedOrigins: org?.allowedOrigins.join(', ') ?? '',
    agreementReference: org?.agreement?.reference ?? '',
    licensedProducts: org?.agreement?.licensedProducts.join(', ') ?? '',
    validUntil: org?.agreement?.validUntil ?? '',
    catalogs: org?.catalogs.map((c) => `${c.name} | ${c.id} | ${c.visibility}`).join('\n') ?? '',
    notes: org?.notes ?? '',
    profile: org?.jwt ? draftOfProfile(org.jwt) : presetDraft(FIRST_PRESET),
    apiKey: org?.apiKey ?? DEFAULT_API_KEY_PLACEMENT,
    environments: org?.environments.map(draftOfEnvironment) ?? [],
    network: draftOfNetwork(org?.network, org?.caCertificates),
  };
}

const blankToUndefined = (text: string) => (text.trim() === '' ? undefined : text.trim());

function catalogsOf(text: string) {
  return filledLines(text).map(({ text: line }) => {
    const [name = '', id = '', visibility = 'private'] = line.split('|').map((part) => part.trim());
    return { name, id, visibility };
  });
}

function fieldsOf(draft: Draft) {
  return {
    apiBaseUrl: blankToUndefined(draft.apiBaseUrl),
    tokenUrl: blankToUndefined(draft.tokenUrl),
    allowedOrigins: splitList(draft.allowedOrigins),
    agreement: draft.agreementReference.trim()
      ? { reference: draft.agreementReference.trim(), licensedProducts: splitList(draft.licensedProducts), validUntil: blankToUndefined(draft.validUntil) }
      : undefined,
    catalogs: catalogsOf(draft.catalogs),
    notes: blankToUndefined(draft.notes),
  };
}

export function OrganizationForm({ org, onDone }: { org?: OrganizationTree; onDone: (name: string | undefined) => void }) {
  const [draft, setDraft] = useState(() => draftOf(org));
  const [checked, setChecked] = useState<FieldErrors>({});
  // Not saved: only where discovery looks for the token URL (each sign-in client names its issuer).
  const [issuer, setIssuer] = useState('');
  useFocusReturn();
  const save = useAction(async (input: object) => {
    const saved = org ? await call('org.update', { org: org.name, changes: input }) : await call('org.add', input as never);
    await reloadVault();
    return saved;
  });
  const update = (key: Exclude<keyof Draft, 'profile' | 'apiKey' | 'environments' | 'network'>) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const spec = providerSpec(draft.provider);
  // A provider whose organizations hold a signed-JWT profile: its fields, its preset's API URL.
  const signed = spec.organizationSettings.includes('jwt');
  // A provider whose organizations say where an API key goes.
  const placesKey = spec.organizationSettings.includes('apiKey');
  // Checked as it is typed: a preset's rules say at once what the vendor would refuse.
  const profile = profileOfDraft(draft.profile);
  // A new organization's API URL follows the preset until the user types one of their own.
  const presetUrl = (preset: ProfileDraft['preset']) => PRESETS[preset].apiBaseUrl ?? '';
  const followPreset = (preset: ProfileDraft['preset']) => (profileDraft: ProfileDraft) =>
    setDraft((now) => ({ ...now, profile: profileDraft, apiBaseUrl: org || (now.apiBaseUrl && now.apiBaseUrl !== presetUrl(now.profile.preset)) ? now.apiBaseUrl : presetUrl(preset) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The whole list, in order: an environment left out is removed (main refuses it while it has clients).
    const environments = draft.environments.map((env) => environmentInput(env, signed));
    const network = networkInput(draft.network, org !== undefined);
    const fields = { ...fieldsOf(draft), environments, ...(network ? { network } : {}), ...(signed ? { jwt: profile.profile } : {}), ...(placesKey ? { apiKey: { in: draft.apiKey.in, name: draft.apiKey.name.trim() } } : {}) };
    const input = org ? { ...fields, agreement: fields.agreement ?? null } : { name: draft.name.trim(), provider: draft.provider, ...fields };
    const lines = { catalogs: filledLines(draft.catalogs).map((l) => l.line) };
    const { data, errors: found } = org ? validate(OrganizationChanges, input, lines) : validate(OrganizationInput, input, lines);
    // The profile's own verdicts stand under its fields, not as one "jwt" message.
    if (signed) delete found.jwt;
    // A GitHub installation exchange posts to the API URL the field shows, never a fallback host.
    const apiUrlProblem = signed ? spec.missingApiUrl?.({ apiBaseUrl: fields.apiBaseUrl, jwt: draft.profile }) : undefined;
    if (apiUrlProblem) found.apiBaseUrl ??= apiUrlProblem;
    // Each environment's verdicts stand under its own fields, not as one "environments" message.
    const environmentProblems = environmentErrors(environments);
    if (Object.keys(environmentProblems).length) delete found.environments;
    setChecked({ ...found, ...environmentProblems });
    if (Object.keys(networkErrors(draft.network)).length) return;
    if (!data || apiUrlProblem || Object.keys(environmentProblems).length || (signed && Object.keys(profile.errors).length)) return;
    const saved = await save.run(input);
    if (saved) onDone(saved.name);
  }

  const needsTokenUrl = spec.showsTokenUrl({ jwt: signed ? (draft.profile) : undefined });
  const shown = [...(org ? [] : ['name', 'provider']), ...(placesKey ? ['apiKey'] : []), 'apiBaseUrl', ...(needsTokenUrl ? ['tokenUrl'] : []), 'allowedOrigins', 'environments', 'agreement', 'catalogs', 'notes'];
  // Main's verdict on a field (a name that exists in another case) goes under it, beside the form's own.
  const profileRefusal = signed ? profileErrorOf(save.error) : {};
  const placed = Object.keys(profileRefusal).length ? { fields: {}, notice: undefined } : placeError(save.error, shown, org ? 'changes' : undefined);
  const errors: FieldErrors = { ...placed.fields, ...checked };
  const profileErrors: FieldErrors = { ...profileRefusal, ...profile.errors };
  return (
    <form className="form" onSubmit={submit} onKeyDown={cancelOnEscape(() => onDone(undefined))} noValidate aria-label={org ? `Edit ${org.name}` : 'New organization'}>
      <h2>{org ? `Edit ${org.name}` : 'New organization'}</h2>
      {!org && (
        <div className="row">
          <Field label="Name" error={errors.name} hint={NAME_RULE}>
            {(id) => <input id={id} value={draft.name} onChange={update('name')} autoFocus placeholder="acme" />}
          </Field>
          <Field label="Provider" error={errors.provider}>
            {(id) => (
              <select
                id={id}
                value={draft.provider}
                onChange={(e) => {
                  const provider = e.target.value as Provider;
                  setDraft({ ...draft, provider, apiBaseUrl: providerSpec(provider).organizationSettings.includes('jwt') && !draft.apiBaseUrl ? presetUrl(draft.profile.preset) : draft.apiBaseUrl });
                }}
              >
                {PROVIDERS.map((p) => (
                  <option key={p} value={p}>
                    {providerSpec(p).label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {placesKey && <ApiKeyPlacementFields value={draft.apiKey} error={errors.apiKey} onChange={(apiKey) => setDraft({ ...draft, apiKey })} />}
      {signed && <JwtProfileFields draft={draft.profile} errors={profileErrors} onChange={(next) => followPreset(next.preset)(next)} />}
      <Field label="API base URL" error={errors.apiBaseUrl} hint={spec.urlHints.apiBaseUrl}>
        {(id) => <input id={id} value={draft.apiBaseUrl} onChange={update('apiBaseUrl')} placeholder="https://api.example.com" />}
      </Field>
      {spec.id === 'oauth2' && (
        <>
          <Field label="Issuer (optional)" hint="An OpenID Connect or OAuth 2.0 server's issuer: Tokendeck finds its token URL in its discovery document">
            {(id) => <input id={id} value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://login.example.com" spellCheck={false} />}
          </Field>
          <IssuerDiscovery issuer={issuer} onUseTokenEndpoint={(tokenUrl) => setDraft((now) => ({ ...now, tokenUrl }))} />
        </>
      )}
      {needsTokenUrl && (
        <Field label="Token URL" error={errors.tokenUrl} hint={spec.urlHints.tokenUrl}>
          {(id) => <input id={id} value={draft.tokenUrl} onChange={update('tokenUrl')} placeholder="https://auth.example.com/token" />}
        </Field>
      )}
      <Field label="Allowed origins" error={errors.allowedOrigins} hint="Extra origins credentials may go to, separated by commas">
        {(id) => <input id={id} value={draft.allowedOrigins} onChange={update('allowedOrigins')} />}
      </Field>
      <EnvironmentFields
        drafts={draft.environments}
        onChange={(environments) => setDraft((now) => ({ ...now, environments }))}
        errors={errors}
        org={org}
        inherited={{ apiBaseUrl: draft.apiBaseUrl, tokenUrl: draft.tokenUrl, allowedOrigins: draft.allowedOrigins, audience: draft.profile.aud }}
        showsTokenUrl={needsTokenUrl}
        withAudience={signed}
      />
      <NetworkFields draft={draft.network} errors={networkErrors(draft.network)} onChange={(next) => setDraft((now) => ({ ...now, network: typeof next === 'function' ? next(now.network) : next }))} />
      <div className="row">
        <Field label="Agreement reference" error={errors.agreement}>
          {(id) => <input id={id} value={draft.agreementReference} onChange={update('agreementReference')} />}
        </Field>
        <Field label="Licensed products">
          {(id) => <input id={id} value={draft.licensedProducts} onChange={update('licensedProducts')} />}
        </Field>
        <Field label="Valid until">
          {(id) => <input id={id} type="date" value={draft.validUntil} onChange={update('validUntil')} />}
        </Field>
      </div>
      <Field label="Catalogs" error={errors.catalogs} hint="One per line: name | id | private or shared">
        {(id) => <textarea id={id} rows={2} value={draft.catalogs} onChange={update('catalogs')} />}
      </Field>
      <Field label="Notes" error={errors.notes}>{(id) => <textarea id={id} rows={2} value={draft.notes} onChange={update('notes')} />}</Field>
      {org && (org.clients.some((c) => c.hasSecret) || org.keys.some((k) => k.hasPrivateKey)) && (
        <p className="muted">{org.name} holds secrets: a change to its URLs or origins or an environment&apos;s{placesKey ? ', to where its key goes,' : ''} or to its proxy or CA bundle asks for your confirmation in a Tokendeck system dialog, naming the new host.</p>
      )}
      <ErrorNotice error={placed.notice} onDismiss={save.clearError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.pending}>
          {org ? 'Save' : 'Create organization'}
        </button>
        <button type="button" onClick={() => onDone(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
