// The request console for one organization: compose a request (method, URL under the API URL,
// query, headers, body, the client and scheme to authenticate with), send it from main with the
// credential attached there, read the response; history, saved requests and "copy as" code.
// The state lives in use-console.ts; this view lays out its parts, the request above the response
// with a splitter between them (ConsoleSplit.tsx).
import { consolePresets } from '../../../main/core/console/presets.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { Composer } from './Composer.js';
import { ConsolePanels } from './ConsolePanels.js';
import { ConsoleSplit } from './ConsoleSplit.js';
import { useConsole } from './use-console.js';

export function ConsoleView({ org, client }: { org: OrganizationTree; client?: string }) {
  const state = useConsole(org, client);

  if (!org.clients.length) {
    return (
      <article className="view" aria-label={`Console for ${org.name}`}>
        <h2>Console · {org.name}</h2>
        <p className="muted">Add a client to {org.name} first: the console sends requests with a client's credential.</p>
      </article>
    );
  }

  return (
    <article className="view console" aria-label={`Console for ${org.name}`}>
      <header className="view-header">
        <h2>
          Console · {org.name} <span className="provider">{org.provider}</span>
        </h2>
        <label className="preset">
          <span className="sr-only">Preset</span>
          <select aria-label="Preset" value="" onChange={(e) => state.composer.applyPreset(Number(e.target.value))}>
            <option value="">Presets…</option>
            {consolePresets(org).map((preset, index) => (
              <option key={preset.label} value={index}>
                {preset.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ConsoleSplit request={<Composer org={org} state={state} />} response={<ConsolePanels state={state} />} />
    </article>
  );
}
