// What a copy or send tells main about the client it is for: its uuid as this window loaded it,
// so main can refuse when the vault changed under the window (main/ipc/stale-view.ts).

/** Matches no client: a name the window's view lacks is sent with it, and main refuses in its own words. */
const NO_CLIENT = '00000000-0000-0000-0000-000000000000';

export function seenClient(org: { clients: ReadonlyArray<{ name: string; id: string }> }, name: string): string {
  return org.clients.find((c) => c.name === name)?.id ?? NO_CLIENT;
}
