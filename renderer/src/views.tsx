// The views a user opens after the first screen, each its own chunk, and the parts of the first
// screen that show only sometimes (the keychain banner, an inspected token, connections left
// half-way): the first bundle holds only the sidebar and the live tokens, so the deck draws sooner. Once it is drawn, the chunks load in
// idle time (preloadViews), so a view opens on its first click as it did when it was bundled, its
// focus set in the same turn; one opened before that waits in <Suspense> for its chunk. A chunk is
// a same-origin script, which the page's CSP (script-src 'self') allows.
import { createElement, use, type ComponentType } from 'react';
import { prepareFormats } from './components/format.js';

export { ViewLoading } from './components/ViewLoading.js';

interface LaterView<P> {
  (props: P): ReturnType<typeof createElement>;
  preload(): Promise<unknown>;
}

/** A component from a chunk: drawn at once when loaded, else suspended (React `use`) until it is. */
function openedLater<P extends object>(load: () => Promise<ComponentType<P>>): LaterView<P> {
  let component: ComponentType<P> | undefined;
  let loading: Promise<unknown> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (loaded) => (component = loaded),
      (error: unknown) => {
        loading = undefined; // Asked again next time, rather than failing for good.
        throw error;
      },
    ));
  function View(props: P) {
    if (!component) use(preload());
    return createElement(component!, props);
  }
  return Object.assign(View, { preload });
}

export const ClientView = openedLater(() => import('./client/ClientView.js').then((m) => m.ClientView));
export const CommandPalette = openedLater(() => import('./palette/CommandPalette.js').then((m) => m.CommandPalette));
export const ConnectWizard = openedLater(() => import('./connect/ConnectWizard.js').then((m) => m.ConnectWizard));
export const SignInWizard = openedLater(() => import('./connect/SignInWizard.js').then((m) => m.SignInWizard));
export const HalfwayConnections = openedLater(() => import('./connect/HalfwayConnections.js').then((m) => m.HalfwayConnections));
export const ConsoleView = openedLater(() => import('./console/ConsoleView.js').then((m) => m.ConsoleView));
/** One inspected token: the inspector's, and the Live tokens view's "Inspect" (not in its first bundle). */
export const InspectionView = openedLater(() => import('./inspector/InspectionView.js').then((m) => m.InspectionView));
export const InspectorView = openedLater(() => import('./inspector/InspectorView.js').then((m) => m.InspectorView));
/** Shown only when the vault and the keychain disagree: its audit runs once its chunk is in, just after the first render. */
export const KeychainAuditBanner = openedLater(() => import('./components/KeychainAuditBanner.js').then((m) => m.KeychainAuditBanner));
export const OrganizationForm = openedLater(() => import('./organization/OrganizationForm.js').then((m) => m.OrganizationForm));
export const OrganizationView = openedLater(() => import('./organization/OrganizationView.js').then((m) => m.OrganizationView));
export const SetupView = openedLater(() => import('./setup/SetupView.js').then((m) => m.SetupView));
export const SourcesView = openedLater(() => import('./sources/SourcesView.js').then((m) => m.SourcesView));
export const TrashView = openedLater(() => import('./trash/TrashView.js').then((m) => m.TrashView));

const LATER_VIEWS = [ClientView, CommandPalette, ConnectWizard, SignInWizard, ConsoleView, HalfwayConnections, InspectionView, InspectorView, KeychainAuditBanner, OrganizationForm, OrganizationView, SetupView, SourcesView, TrashView];

/**
 * Loads every view's chunk when the page is idle (after the first render); a failure is retried
 * when the view opens. The locale's date formats are made then too: the first Intl formatter
 * loads the locale's data (~20–50 ms), which only later views show, so it waits for the deck.
 */
export function preloadViews(): void {
  const load = () => {
    prepareFormats();
    LATER_VIEWS.forEach((view) => view.preload().catch(() => {}));
  };
  if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 2_000 });
  else setTimeout(load, 200);
}
