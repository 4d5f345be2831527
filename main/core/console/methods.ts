// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The methods the console sends, without zod: a provider's presets name theirs (providers/spec.ts).
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type Method = (typeof METHODS)[number];
