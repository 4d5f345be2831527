// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The client-id rule of the vendors that issue UUIDs (MusicAPI, Musimap: both seeds), so an id
// cut short in a paste is caught where it is typed, not at the first refused token.

/** RFC 9562's textual form, versions 1 to 8 and the nil and max UUIDs: zod's `z.uuid()`, which the store's schema uses. */
export const UUID_PATTERN = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/** What such an id is, as a message says it. */
export const UUID_FORMAT = 'a UUID like 2cf82db3-4064-4235-8253-16994eb51773';

export function uuidProblem(vendor: string, clientId: string): string | undefined {
  if (UUID_PATTERN.test(clientId.trim())) return undefined;
  return `a ${vendor} client id is ${UUID_FORMAT}: copy it whole from the dashboard`;
}
