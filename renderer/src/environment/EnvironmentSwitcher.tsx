// The title bar's environment switcher: All, or one environment across every organization. The
// sidebar, the live tokens, the palette and the console follow it (state/environment-filter.ts);
// a production environment picked colours the switcher and the title bar.
import { useEffect, useId } from 'react';
import { environmentNames } from '../../../main/core/model/environments.js';
import { sameName } from '../../../main/core/model/names.js';
import type { OutlineOrganization } from '../../../preload/contract.js';
import { setEnvironmentFilter, useEnvironmentFilter } from '../state/environment-filter.js';

type Organizations = readonly Pick<OutlineOrganization, 'environments'>[];

/** Whether `environment` is a production one: so in any organization that lists it. */
export function isProductionEnvironment(organizations: Organizations, environment: string): boolean {
  return organizations.some((org) => org.environments.some((e) => e.production && sameName(e.name, environment)));
}

/** The environment shown (as the vault spells it), or null for All; a filter that names none now is All. */
export function useShownEnvironment(organizations: Organizations): string | null {
  const filter = useEnvironmentFilter();
  if (filter === null) return null;
  return environmentNames(organizations).find((name) => sameName(name, filter)) ?? null;
}

export function EnvironmentSwitcher({ organizations }: { organizations: Organizations }) {
  const id = useId();
  const filter = useEnvironmentFilter();
  const shown = useShownEnvironment(organizations);
  // The environment went (renamed or removed, here or by the command line): back to All, not an empty deck.
  useEffect(() => {
    if (filter !== null && shown === null) setEnvironmentFilter(null);
  }, [filter, shown]);
  const names = environmentNames(organizations);
  const production = shown !== null && isProductionEnvironment(organizations, shown);
  return (
    <div className={production ? 'env-switcher production' : 'env-switcher'}>
      {/* Labelled by "Environment" alone: a label around the select would add the option shown to its name. */}
      <label htmlFor={id} className="env-switcher-label">
        Environment
      </label>
      <select id={id} value={shown ?? ''} onChange={(e) => setEnvironmentFilter(e.target.value || null)} disabled={names.length === 0} title={production ? 'A production environment: its clients hand out production credentials' : undefined}>
        {/* "" is never an environment's name (names start with a letter or digit). */}
        <option value="">All environments</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
            {isProductionEnvironment(organizations, name) && !sameName(name, 'production') ? ' (production)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
