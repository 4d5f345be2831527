// Beside "Send to all environments": which client each environment sends with (a choice where an
// environment has several), and "Include production", which says it sends a production credential
// when ticked. Shown only for an organization with clients in two environments or more.
import type { OrganizationTree } from '../../../preload/contract.js';
import { environmentClients, hasProductionClients } from './environments.js';
import type { ConsoleState } from './use-console.js';

export function AllEnvironmentsOptions({ org, state }: { org: OrganizationTree; state: ConsoleState }) {
  const environments = environmentClients(org).filter((env) => env.clients.length);
  if (environments.length < 2) return null;
  const { includeProduction, setIncludeProduction, picks, pick } = state.allOptions;
  const composerClient = state.composer.draft.client;

  return (
    <div className="all-environments" role="group" aria-label="Send to all environments">
      <span className="muted">All environments:</span>
      {environments.map((env) => {
        const skipped = env.production && !includeProduction;
        if (env.clients.length === 1) {
          return (
            <span key={env.name} className={skipped ? 'env-client skipped' : env.production ? 'env-client production' : 'env-client'}>
              {env.name} · {env.clients[0]!.name}
              {skipped ? ' (not included)' : ''}
            </span>
          );
        }
        const chosen = picks[env.name] ?? env.clients.find((c) => c.name === composerClient)?.name ?? '';
        return (
          <label key={env.name} className={skipped ? 'env-client skipped' : env.production ? 'env-client production' : 'env-client'}>
            {env.name} ·{' '}
            <select aria-label={`Client for ${env.name}`} value={chosen} onChange={(e) => pick(env.name, e.target.value)}>
              <option value="">choose…</option>
              {env.clients.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {hasProductionClients(org) && (
        <label className={includeProduction ? 'check include-production on' : 'check include-production'}>
          <input type="checkbox" checked={includeProduction} onChange={(e) => setIncludeProduction(e.target.checked)} /> Include production
          {includeProduction && <strong> — sends with the production credential</strong>}
        </label>
      )}
    </div>
  );
}
