// Create or edit a client: environment (one of its organization's, or a new one), public client id, integration users, default scheme,
// OAuth 2.0 settings, a signed-JWT client's installation, subject and scope; on create, an optional
// secret (write-only: it goes to main's keychain). A signed-JWT client has none: its key signs.
import { useCallback, useState, type FormEvent } from 'react';
import { NAME_RULE, sameName } from '../../../main/core/model/primitives.js';
import { isProductionClient, type Client, type JwtProfile, type OrgEnvironment } from '../../../main/core/model/entities.js';
import { ClientInput, ClientOptions, clientIdProblem } from '../../../main/core/model/inputs.js';
import { defaultSchemeOf, providerSpec, schemesOf, type Provider } from '../../../main/core/providers/registry.js';
import { exchangeNeedsTokenUrl, PRESETS } from '../../../main/core/jwt-profile.js';
import { isUserGrant, type OAuth2Grant } from '../../../main/core/providers/oauth2.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { capitalized } from '../components/format.js';
import { Field } from '../components/Field.js';
import { cancelOnEscape, useFocusReturn } from '../components/focus-return.js';
import { filledLines, placeError, validate, type FieldErrors } from '../components/validation.js';
import { ReferenceField } from '../sources/ReferenceCheck.js';
import { PlaceChoice, type Place } from './SecretSourceForm.js';
import { reloadVault } from '../state/deck-store.js';
import { useEnvironmentFilter } from '../state/environment-filter.js';
import { useAction } from '../state/use-action.js';
import { installationIdOf } from '../jwt/vendor-fields.js';
import { IssuerDiscovery } from './IssuerDiscovery.js';

function usersOf(text: string) {
  return filledLines(text).map(({ text: line }) => {
    const [label = '', uuid = ''] = line.split('=').map((part) => part.trim());
    return { label, uuid };
  });
}

/** The label of a client's id: a signed-JWT preset names it (Team ID, Issuer ID…), else its provider (Key name), else "Client ID". */
export const clientIdLabel = (org: { provider: Provider; jwt?: JwtProfile | undefined }) => (org.jwt ? PRESETS[org.jwt.preset].clientIdLabel : (providerSpec(org.provider).clientIdLabel ?? 'Client ID'));

/** "Client secret", "API key": what the provider's clients hold, as a label. */
export const secretLabel = (provider: Provider) => capitalized(providerSpec(provider).secretName);

/** How an OAuth 2.0 client's tokens are had (its grant), as the form offers it. */
const GRANTS: readonly (readonly [OAuth2Grant, string])[] = [
  ['client_credentials', 'Client credentials (its own secret)'],
  ['authorization_code', 'A person signs in in the browser'],
  ['device_code', 'A person signs in with a code (device)'],
];

/** The value of "New environment…": never an environment's name (those start with a letter or digit). */
const NEW_ENVIRONMENT = '+new';


/** The environment a new client starts in: the switcher's if the organization has it, else its first, else development. */
function firstEnvironment(environments: readonly OrgEnvironmentChoice[], shown: string | null): string {
  return environments.find((e) => shown !== null && sameName(e.name, shown))?.name ?? environments[0]?.name ?? 'development';
}

type OrgEnvironmentChoice = Pick<OrgEnvironment, 'name' | 'production'>;

/**
 * `environments`: the organization's, in its order: the environment is chosen among them, or a
 * new one typed (main adds it to the organization with the organization's URLs).
 */
export function ClientForm({
  org,
  provider,
  profile,
  environments,
  client,
  canSign = false,
  onDone,
}: {
  org: string;
  provider: Provider;
  profile?: JwtProfile | undefined;
  /** Whether the organization has a key that signs now: a new MusicAPI client then defaults to DevTokens (its spec). */
  canSign?: boolean;
  environments: readonly OrgEnvironmentChoice[];
  client?: Client;
  onDone: (name: string | undefined) => void;
}) {
  const [name, setName] = useState(client?.name ?? '');
  const shownEnvironment = useEnvironmentFilter();
  const [environment, setEnvironment] = useState(() => client?.environment ?? firstEnvironment(environments, shownEnvironment));
  // "New environment…" chosen: a name typed in place of one of the organization's.
  const [typing, setTyping] = useState(false);
  // Unset until ticked or unticked: then it follows the environment's name.
  const [production, setProduction] = useState<boolean | undefined>(client?.production);
  const [clientId, setClientId] = useState(client?.clientId ?? '');
  const [secret, setSecret] = useState('');
  // A new client's secret: typed into the keychain, or read from a secret source by reference.
  const [secretPlace, setSecretPlace] = useState<Place>('keychain');
  const [source, setSource] = useState('');
  const [users, setUsers] = useState(client?.integrationUsers.map((u) => `${u.label} = ${u.uuid}`).join('\n') ?? '');
  // The organization's rules (its provider's spec): a profile that exchanges nothing offers no bearer token.
  const schemes = schemesOf({ provider, jwt: profile });
  const [defaultScheme, setDefaultScheme] = useState(client?.defaultScheme ?? defaultSchemeOf({ provider, jwt: profile, canSign }));
  const [installationId, setInstallationId] = useState(client?.jwt?.installationId ?? '');
  const [subject, setSubject] = useState(client?.jwt?.subject ?? '');
  const [jwtScope, setJwtScope] = useState(client?.jwt?.scope ?? '');
  const spec = providerSpec(provider);
  // A signed-JWT client: no secret (the organization's key signs), its own installation, subject and scope.
  const signed = spec.clientSettings.includes('jwt');
  const hasOAuth2 = spec.clientSettings.includes('oauth2');
  const [grant, setGrant] = useState<OAuth2Grant>(client?.oauth2?.grant ?? 'client_credentials');
  const [issuer, setIssuer] = useState(client?.oauth2?.issuer ?? '');
  const [authMethod, setAuthMethod] = useState(client?.oauth2?.authMethod ?? 'client_secret_basic');
  // A person's sign-in may be a public client (no secret); the client credentials grant never is.
  const userGrant = isUserGrant({ grant });
  const publicClient = userGrant && authMethod === 'none';
  const [scope, setScope] = useState(client?.oauth2?.scope ?? '');
  const [audience, setAudience] = useState(client?.oauth2?.audience ?? '');
  // Minutes: what a person knows of a token's life when the server does not say.
  const [assumedMinutes, setAssumedMinutes] = useState(client?.oauth2?.assumedLifetimeSeconds ? String(client.oauth2.assumedLifetimeSeconds / 60) : '');
  const [checked, setChecked] = useState<FieldErrors>({});
  useFocusReturn();
  const save = useAction(async (run: () => Promise<Client>) => {
    const saved = await run();
    await reloadVault();
    return saved;
  });

  const checking = useAction(useCallback((reference: string) => call('sources.check', { reference }), []));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const assumed = assumedMinutes.trim() === '' ? undefined : Math.round(Number(assumedMinutes) * 60);
    const oauth2 =
      hasOAuth2
        ? { ...(userGrant ? { grant } : {}), ...(userGrant && issuer.trim() ? { issuer: issuer.trim() } : {}), authMethod: userGrant || authMethod !== 'none' ? authMethod : 'client_secret_basic', ...(scope.trim() ? { scope: scope.trim() } : {}), ...(audience.trim() ? { audience: audience.trim() } : {}), ...(assumed !== undefined ? { assumedLifetimeSeconds: assumed } : {}) }
        : undefined;
    const jwt = signed ? { ...(installationId.trim() ? { installationId: installationId.trim() } : {}), ...(subject.trim() ? { subject: subject.trim() } : {}), ...(jwtScope.trim() ? { scope: jwtScope.trim() } : {}) } : undefined;
    const common = { environment, ...(production !== undefined ? { production } : {}), clientId, integrationUsers: usersOf(users), defaultScheme, ...(oauth2 ? { oauth2 } : {}), ...(jwt ? { jwt } : {}) };
    const input = client ? common : { name: name.trim(), ...common };
    const { data, errors: found } = validate(client ? ClientOptions : ClientInput, input, { integrationUsers: filledLines(users).map((l) => l.line) });
    if (!client && secret && /[\r\n]/.test(secret)) found.secret = 'The secret must be one line';
    // A stored id from before the UUID rule may stay as it is; a new or changed one must fit.
    const idProblem = clientId === client?.clientId ? undefined : clientIdProblem(provider, clientId, profile);
    if (idProblem) found.clientId ??= idProblem;
    const reference = !client && secretPlace === 'source' ? source.trim() : '';
    // Read once before anything is added: an unreadable reference stays in its field with the source's words.
    if (reference) {
      const verdict = await checking.run(reference);
      if (!verdict) return;
      if (!verdict.readable) found.source = verdict.error.message;
    }
    setChecked(found);
    if (!data || found.secret || found.clientId || found.source) return;
    const saved = await save.run(async () => {
      if (client) return call('client.update', { org, client: client.name, changes: common });
      const added = await call('client.add', { org, client: input as never, ...(secret && !reference && !publicClient ? { secret } : {}) });
      // Main's dialog asks about the new reference; declined, the client stays without a secret (its view says so).
      return reference ? call('client.setSecretSource', { org, client: added.name, seenClient: added.id, source: reference }).catch(() => added) : added;
    });
    if (saved) onDone(saved.name);
  }

  const listed = environments.some((e) => sameName(e.name, environment));
  const custom = typing || !listed;
  // Integration users are DevToken `sub`s (MusicAPI's). A one-scheme provider has no choice to offer.
  const hasUsers = spec.clientSettings.includes('integrationUsers');
  const schemeChoice = schemes.length > 1;
  const shown = [...(client ? [] : ['name', 'secret']), 'environment', 'clientId', ...(hasUsers ? ['integrationUsers'] : []), ...(schemeChoice ? ['defaultScheme'] : []), ...(hasOAuth2 ? ['oauth2'] : []), ...(signed ? ['jwt'] : [])];
  // Main's verdict on a field (a client name that exists in another case) goes under it, beside the form's own.
  const placed = placeError(save.error, shown, client ? 'changes' : 'client');
  const errors: FieldErrors = { ...placed.fields, ...checked };
  return (
    <form className="form" onSubmit={submit} onKeyDown={cancelOnEscape(() => onDone(undefined))} noValidate aria-label={client ? `Edit ${client.name}` : 'New client'}>
      <h2>{client ? `Edit ${client.name}` : `New client in ${org}`}</h2>
      <div className="row">
        {!client && (
          <Field label="Name" error={errors.name} hint={NAME_RULE}>
            {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus placeholder="web-dev" />}
          </Field>
        )}
        <Field label="Environment" error={errors.environment}>
          {(id) => (
            <>
              <select
                id={id}
                value={custom ? NEW_ENVIRONMENT : environments.find((e) => sameName(e.name, environment))!.name}
                onChange={(e) => {
                  const next = e.target.value === NEW_ENVIRONMENT;
                  setTyping(next);
                  setEnvironment(next ? '' : e.target.value);
                }}
              >
                {environments.map((env) => (
                  <option key={env.name} value={env.name}>
                    {env.name}
                    {env.production && !sameName(env.name, 'production') ? ' (production)' : ''}
                  </option>
                ))}
                <option value={NEW_ENVIRONMENT}>New environment…</option>
              </select>
              {custom && <input aria-label="New environment" value={environment} onChange={(e) => setEnvironment(e.target.value)} placeholder={environments.length ? 'qa' : 'development'} />}
            </>
          )}
        </Field>
        <label className="check production-check">
          <input type="checkbox" checked={isProductionClient({ environment, production }, { environments })} onChange={(e) => setProduction(e.target.checked)} />
          Production credentials (marked in their own colour, named in every copy and send)
        </label>
      </div>
      <Field label={clientIdLabel({ provider, jwt: profile })} error={errors.clientId} hint={signed ? '{client_id} in the profile\'s claims' : "The public id from the vendor's dashboard"}>
        {(id) => <input id={id} value={clientId} onChange={(e) => setClientId(e.target.value)} spellCheck={false} />}
      </Field>
      {hasOAuth2 && (
        <>
          <div className="segmented" role="radiogroup" aria-label="How tokens are had">
            {GRANTS.map(([value, label]) => (
              <button key={value} type="button" role="radio" aria-checked={grant === value} onClick={() => setGrant(value)}>
                {label}
              </button>
            ))}
          </div>
          {userGrant && (
            <div className="row">
              <Field label="Issuer URL" error={errors['oauth2.issuer'] ?? errors.oauth2} hint="Where the person signs in; its endpoints are discovered from /.well-known/openid-configuration">
                {(id) => <input id={id} value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://login.example.com" spellCheck={false} />}
              </Field>
              <label className="check">
                <input type="checkbox" checked={publicClient} onChange={(e) => setAuthMethod(e.target.checked ? 'none' : 'client_secret_basic')} />
                Public client (no secret)
              </label>
            </div>
          )}
          {userGrant && <IssuerDiscovery issuer={issuer} grant={grant} authMethod={authMethod} org={org} environment={environment} />}
        </>
      )}
      {!client && spec.clientsHoldSecret && !publicClient && (
        <>
          <PlaceChoice label={`Where the ${spec.secretName} is`} place={secretPlace} onChange={setSecretPlace} />
          {secretPlace === 'keychain' ? (
            <Field label={`${secretLabel(provider)} (optional)`} error={errors.secret} hint="Stored in the OS keychain; it never comes back to this window">
              {(id) => <input id={id} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />}
            </Field>
          ) : (
            <ReferenceField label={`${secretLabel(provider)} reference`} value={source} onChange={setSource} error={errors.source} />
          )}
        </>
      )}
      {signed && (
        <div className="row">
          {profile?.exchange === 'github-installation' && (
            <Field label="Installation ID" error={errors.jwt} hint="The number at the end of the installation's settings URL">
              {(id) => <input id={id} value={installationId} onChange={(e) => setInstallationId(installationIdOf(e.target.value))} inputMode="numeric" placeholder="12345678" />}
            </Field>
          )}
          {profile?.preset !== 'github-app' && profile?.preset !== 'apple-music' && (
            <Field label="Subject (optional)" error={profile?.exchange === 'github-installation' ? undefined : errors.jwt} hint="The sub of this client's tokens, in place of the profile's">
              {(id) => <input id={id} value={subject} onChange={(e) => setSubject(e.target.value)} spellCheck={false} />}
            </Field>
          )}
          {exchangeNeedsTokenUrl(profile?.exchange) && (
            <Field label="Scope to ask for (optional)" hint="The scope parameter of the token request">
              {(id) => <input id={id} value={jwtScope} onChange={(e) => setJwtScope(e.target.value)} spellCheck={false} />}
            </Field>
          )}
        </div>
      )}
      {hasUsers && (
        <Field label="Integration users" error={errors.integrationUsers} hint="One per line: label = UUID (a DevToken's sub)">
          {(id) => <textarea id={id} rows={2} value={users} onChange={(e) => setUsers(e.target.value)} spellCheck={false} />}
        </Field>
      )}
      <div className="row">
        {schemeChoice && (
          <Field label="Default scheme" error={errors.defaultScheme}>
            {(id) => (
              <select id={id} value={defaultScheme} onChange={(e) => setDefaultScheme(e.target.value as typeof defaultScheme)}>
                {schemes.map((scheme) => (
                  <option key={scheme}>{scheme}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        {hasOAuth2 && (
          <>
            {!publicClient && <Field label="Client authentication" hint={client?.certificate ? undefined : 'tls_client_auth and self_signed_tls_client_auth need the client’s certificate: add it under Client certificate (mTLS) first.'}>
              {(id) => (
                <select id={id} value={authMethod} onChange={(e) => setAuthMethod(e.target.value as typeof authMethod)}>
                  <option value="client_secret_basic">client_secret_basic</option>
                  <option value="client_secret_post">client_secret_post</option>
                  {/* RFC 8705 §2: the certificate proves the client; only once it has one. */}
                  <option value="tls_client_auth" disabled={!client?.certificate}>tls_client_auth (certificate from a CA)</option>
                  <option value="self_signed_tls_client_auth" disabled={!client?.certificate}>self_signed_tls_client_auth (registered certificate)</option>
                </select>
              )}
            </Field>}
            <Field label="Scope" error={errors.oauth2}>
              {(id) => <input id={id} value={scope} onChange={(e) => setScope(e.target.value)} />}
            </Field>
            <Field label="Audience">{(id) => <input id={id} value={audience} onChange={(e) => setAudience(e.target.value)} />}</Field>
            <Field label="Assumed token lifetime (minutes)" hint="Used when the server's answer has no expires_in and the token is not a JWT. Default 60.">
              {(id) => <input id={id} inputMode="numeric" placeholder="60" value={assumedMinutes} onChange={(e) => setAssumedMinutes(e.target.value)} />}
            </Field>
          </>
        )}
      </div>
      <ErrorNotice error={placed.notice ?? checking.error} onDismiss={placed.notice ? save.clearError : checking.clearError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.pending}>
          {client ? 'Save' : 'Create client'}
        </button>
        <button type="button" onClick={() => onDone(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
