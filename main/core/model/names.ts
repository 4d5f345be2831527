// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// How names compare and the standard environments, without zod: the deck's first screen (the
// sidebar, the environment switcher) reads them, and its bundle must not load the schemas.

export const STANDARD_ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** Names (organizations, clients, environments, integration users, saved requests) match without regard to case. */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
