// The console's request form: method and URL (with the URLs sent or saved before), the client
// (those of the title bar's environment), scheme and timeout, "Send to all environments" and its
// options, the request's parts, and saving or copying it as code.
import type { FormEvent } from 'react';
import { METHODS } from '../../../main/core/console/methods.js';
import { isProductionClient } from '../../../main/core/model/entities.js';
import { schemesOf } from '../../../main/core/providers/registry.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { Field } from '../components/Field.js';
import { AllEnvironmentsOptions } from './AllEnvironmentsOptions.js';
import { effectiveScheme, type Draft } from './draft.js';
import { environmentClients, seenByClient, sendAllRefusal } from './environments.js';
import { RequestParts } from './RequestParts.js';
import { SaveAndExport } from './SaveAndExport.js';
import type { ConsoleState } from './use-console.js';

export function Composer({ org, state }: { org: OrganizationTree; state: ConsoleState }) {
  const { composer, exchange, lists, shownClients } = state;
  const { draft, errors, set } = composer;
  const selectedClient = org.clients.find((c) => c.name === draft.client);
  // The chosen client's environment's API URL: relative paths go there.
  const { apiBaseUrl } = seenByClient(org, draft.client);
  const offered = selectedClient && !shownClients.clients.includes(selectedClient) ? [selectedClient, ...shownClients.clients] : shownClients.clients;
  const schemes = schemesOf(org);
  const scheme = effectiveScheme(org, draft);
  // Offered where there is something to compare: clients in two environments or more.
  const comparable = environmentClients(org).filter((env) => env.clients.length).length >= 2;
  const allRefusal = sendAllRefusal(org, draft.url);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!exchange.pendingId) state.send();
  };

  return (
    <form className="composer" onSubmit={submit} aria-label="Request" noValidate>
      <div className="request-line">
        <select aria-label="Method" value={draft.method} onChange={(e) => set({ method: e.target.value as Draft['method'] })}>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <Field label="URL" error={errors.url} hint={apiBaseUrl ? `A path under ${apiBaseUrl}, or a full URL` : 'A full https:// URL'}>
          {(id) => <input id={id} list="console-paths" placeholder={apiBaseUrl ? `${apiBaseUrl}/…` : 'https://…'} value={draft.url} onChange={(e) => set({ url: e.target.value })} />}
        </Field>
        <datalist id="console-paths">
          {lists.completions.map((url) => (
            <option key={url} value={url} />
          ))}
        </datalist>
        {exchange.pendingId ? (
          <button type="button" onClick={exchange.cancel}>
            Cancel
          </button>
        ) : (
          <>
            <button type="submit" className="primary">
              Send
            </button>
            {comparable && (
              <button type="button" disabled={allRefusal !== undefined} title={allRefusal ?? 'The same request to each environment, each with its own client'} onClick={state.sendAll}>
                Send to all environments
              </button>
            )}
          </>
        )}
      </div>
      <div className={selectedClient && isProductionClient(selectedClient, org) ? 'request-auth production' : 'request-auth'}>
        <Field label="Client" error={errors.client} {...(shownClients.note ? { hint: shownClients.note } : {})}>
          {(id) => (
            <select id={id} value={draft.client} onChange={(e) => set({ client: e.target.value, sub: '' })}>
              {offered.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name} ({c.environment}
                  {isProductionClient(c, org) && c.environment !== 'production' ? ', production' : ''})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Scheme">
          {(id) =>
            // One scheme (Musimap, OAuth 2.0): nothing to choose, so it is said, not offered.
            schemes.length === 1 ? (
              <output id={id} className="scheme-only">
                {schemes[0]}
              </output>
            ) : (
              <select id={id} value={draft.scheme} onChange={(e) => set({ scheme: e.target.value as Draft['scheme'] })}>
                <option value="">default ({selectedClient?.defaultScheme ?? schemes[0]})</option>
                {schemes.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        {scheme === 'devtoken' && (
          <Field label="DevToken sub">
            {(id) => (
              <select id={id} value={draft.sub} onChange={(e) => set({ sub: e.target.value })}>
                <option value="">none</option>
                {selectedClient?.integrationUsers.map((u) => (
                  <option key={u.uuid} value={u.label}>
                    {u.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Timeout (s)" error={errors.timeout}>
          {(id) => <input id={id} className="narrow" inputMode="decimal" value={draft.timeoutSeconds} onChange={(e) => set({ timeoutSeconds: e.target.value })} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={draft.allowAnyOrigin} onChange={(e) => set({ allowAnyOrigin: e.target.checked })} /> Allow any origin for this request
        </label>
      </div>
      <AllEnvironmentsOptions org={org} state={state} />
      <RequestParts org={org} composer={composer} />
      <SaveAndExport org={org} composer={composer} onSaved={lists.reload} cancelError={exchange.cancelError} />
    </form>
  );
}
