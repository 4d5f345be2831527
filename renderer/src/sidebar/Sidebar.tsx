// Organizations → environments → clients, filtered by a search, as one virtualized list so ten
// thousand clients scroll like ten.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { PROVIDER_CARDS } from 'virtual:provider-cards';
import type { TokenView, VaultOutline } from '../../../preload/contract.js';
import { sameName } from '../../../main/core/model/names.js';
import { useFixedRows } from '../components/fixed-rows.js';
import { shownInEnvironment } from '../state/environment-filter.js';
import type { Selection } from '../selection.js';
import { useTokenCounts } from '../tokens/token-counts.js';
import { useShownEnvironment } from '../environment/EnvironmentSwitcher.js';

type Row =
  | { kind: 'org'; org: string; provider: string; count: number; absentIn?: string }
  | { kind: 'env'; org: string; environment: string; production: boolean }
  | { kind: 'client'; org: string; client: string; hasSecret: boolean; production: boolean };

const ROW_HEIGHT = 28;

/** Providers whose clients hold no secret: their organization's key signs (signed JWTs). From the cards: no provider rules in the first bundle. */
const SECRETLESS = new Set(PROVIDER_CARDS.filter((card) => !card.clientsHoldSecret).map((card) => card.provider));

/**
 * `environment`: the switcher's (null: All). Under one environment an organization keeps its row
 * even with no client in it, said so and dimmed: hidden, it would look removed, and its row is
 * where a client is added.
 */
function buildRows(tree: VaultOutline, filter: string, environment: string | null): Row[] {
  const needle = filter.trim().toLowerCase();
  const rows: Row[] = [];
  for (const org of tree.organizations) {
    const orgMatches = !needle || org.name.toLowerCase().includes(needle) || org.provider.includes(needle);
    const clients = org.clients.filter(
      (c) => shownInEnvironment(c.environment, environment) && (orgMatches || [c.name, c.environment, c.clientId].some((text) => text.toLowerCase().includes(needle))),
    );
    if (!orgMatches && clients.length === 0) continue;
    rows.push({ kind: 'org', org: org.name, provider: org.provider, count: org.clients.length, ...(environment !== null && clients.length === 0 ? { absentIn: environment } : {}) });
    // In the organization's order of environments; one it does not list (a view older than the vault) last.
    const rank = (name: string) => {
      const at = org.environments.findIndex((e) => sameName(e.name, name));
      return at === -1 ? org.environments.length : at;
    };
    const environments = [...new Set(clients.map((c) => c.environment))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const name of environments) {
      rows.push({ kind: 'env', org: org.name, environment: name, production: org.environments.some((e) => e.production && sameName(e.name, name)) });
      for (const client of clients.filter((c) => c.environment === name)) {
        // A client that holds no secret has none to miss: its organization's key signs (signed JWTs), or it is public (a person signs in).
        rows.push({ kind: 'client', org: org.name, client: client.name, hasSecret: client.hasSecret || client.publicClient === true || SECRETLESS.has(org.provider), production: client.production });
      }
    }
  }
  return rows;
}

/** Live ones only: the one-second clock re-renders this span, not the sidebar. */
function LiveTokenCount({ tokens }: { tokens: readonly TokenView[] }) {
  return <span className="count">{useTokenCounts(tokens).live}</span>;
}

function isSelected(row: Row, selection: Selection): boolean {
  if (row.kind === 'org') return selection.kind === 'org' && selection.org === row.org;
  if (row.kind === 'client') return selection.kind === 'client' && selection.org === row.org && selection.client === row.client;
  return false;
}

export function Sidebar({ tree, selection, onSelect, tokens }: { tree: VaultOutline; selection: Selection; onSelect: (s: Selection) => void; tokens: readonly TokenView[] }) {
  const [filter, setFilter] = useState('');
  const environment = useShownEnvironment(tree.organizations);
  const rows = useMemo(() => buildRows(tree, filter, environment), [tree, filter, environment]);
  const shownTokens = useMemo(() => tokens.filter((t) => shownInEnvironment(t.environment, environment)), [tokens, environment]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useFixedRows({ count: rows.length, scroller, rowHeight: ROW_HEIGHT, overscan: 12 });

  /** Up/Down (and Home/End) move the focus between items, skipping environment headings; Enter opens (a button's own). */
  function moveFocus(event: KeyboardEvent) {
    const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    const step = keys[event.key];
    if (step === undefined) return;
    const current = Number((event.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index') ?? -1);
    const items = rows.flatMap((row, index) => (row.kind === 'env' ? [] : [index]));
    const at = items.indexOf(current);
    const next = step === -Infinity ? items[0] : step === Infinity ? items.at(-1) : items[Math.min(Math.max(at + step, 0), items.length - 1)];
    if (next === undefined) return;
    event.preventDefault();
    virtualizer.scrollToIndex(next);
    // The row may only now be rendered (virtualized): focus it on the next frame.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  }

  const firstItem = rows.findIndex((row) => row.kind !== 'env');
  // Once per render, not once per drawn row: with ten thousand rows that was most of the sidebar's time.
  const anySelected = useMemo(() => rows.some((r) => isSelected(r, selection)), [rows, selection]);
  return (
    <nav className="sidebar" aria-label="Vault">
      <div className="sidebar-top">
        <button type="button" className={selection.kind === 'tokens' ? 'nav-item selected' : 'nav-item'} onClick={() => onSelect({ kind: 'tokens' })}>
          Live tokens <LiveTokenCount tokens={shownTokens} />
        </button>
        <button
          type="button"
          className={selection.kind === 'console' ? 'nav-item selected' : 'nav-item'}
          disabled={tree.organizations.length === 0}
          onClick={() => {
            const org = 'org' in selection ? selection.org : tree.organizations[0]?.name;
            if (org) onSelect({ kind: 'console', org, ...(selection.kind === 'client' ? { client: selection.client } : {}) });
          }}
        >
          Request console
        </button>
        <button type="button" className={selection.kind === 'inspector' ? 'nav-item selected' : 'nav-item'} onClick={() => onSelect({ kind: 'inspector' })}>
          JWT inspector
        </button>
        <button type="button" className={selection.kind === 'setup' ? 'nav-item selected' : 'nav-item'} onClick={() => onSelect({ kind: 'setup' })}>
          Share setup
        </button>
        <button type="button" className={selection.kind === 'sources' ? 'nav-item selected' : 'nav-item'} onClick={() => onSelect({ kind: 'sources' })}>
          Secret sources
        </button>
        <button type="button" className={selection.kind === 'trash' ? 'nav-item selected' : 'nav-item'} onClick={() => onSelect({ kind: 'trash' })}>
          Trash
        </button>
        <input type="search" placeholder="Filter organizations, clients…" aria-label="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <div className="sidebar-add">
          <button type="button" className="primary small" onClick={() => onSelect({ kind: 'connect' })}>
            Connect an API…
          </button>
          <button type="button" className="primary small" onClick={() => onSelect({ kind: 'new-org' })}>
            + Organization
          </button>
        </div>
      </div>
      <div ref={scroller} className="sidebar-list" role="tree" aria-label="Organizations" onKeyDown={moveFocus}>
        {rows.length === 0 && <p className="muted pad">{filter ? `Nothing matches${environment ? ` in ${environment}` : ''}.` : 'No organizations yet.'}</p>}
        <div style={{ height: virtualizer.totalSize, position: 'relative' }}>
          {virtualizer.rows.map((item) => {
            const row = rows[item.index]!;
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` };
            if (row.kind === 'env') {
              return (
                <div key={`env:${row.org}:${row.environment}`} className={row.production ? 'tree-env production' : 'tree-env'} style={style}>
                  {row.environment}
                </div>
              );
            }
            const selected = isSelected(row, selection);
            const key = row.kind === 'org' ? `org:${row.org}` : `client:${row.org}/${row.client}`;
            return (
              <button
                type="button"
                role="treeitem"
                aria-selected={selected}
                aria-label={row.kind === 'org' ? `${row.org} (${row.provider})${row.absentIn ? `, no client in ${row.absentIn}` : ''}` : `${row.org}/${row.client}`}
                key={key}
                data-index={item.index}
                // One tab stop for the tree: the selected item (or the first); arrows move within.
                tabIndex={selected || (item.index === firstItem && !anySelected) ? 0 : -1}
                style={style}
                className={`tree-${row.kind}${row.kind === 'client' && row.production ? ' production' : ''}${row.kind === 'org' && row.absentIn ? ' absent' : ''}${selected ? ' selected' : ''}`}
                onClick={() => onSelect(row.kind === 'org' ? { kind: 'org', org: row.org } : { kind: 'client', org: row.org, client: row.client })}
              >
                {row.kind === 'org' ? (
                  <>
                    <span className="tree-name">{row.org}</span>
                    {/* Dimmed, the note takes the provider's place: the name and why it is dimmed matter more in 210 px. */}
                    {row.absentIn ? <span className="absent-note">no client in {row.absentIn}</span> : <span className="provider">{row.provider}</span>}
                  </>
                ) : (
                  <>
                    <span className="tree-name">{row.client}</span>
                    {row.production && (
                      <span className="prod-tag" title="production credentials">
                        prod
                      </span>
                    )}
                    {!row.hasSecret && <span className="dot" title="no secret stored" />}
                  </>
                )}
              </button>
            );
          })}
        </div>
      </div>
    </nav>
  );
}
