// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The schemes a credential can be handed out as, and each one's Authorization word. No zod: the
// CLI's entry and its token path read these without building a schema.

export const SCHEMES = ['token', 'basic', 'devtoken', 'bearer', 'jwt'] as const;
export type Scheme = (typeof SCHEMES)[number];

/**
 * The word before the credential in the Authorization header, per scheme. A signed JWT's word is
 * its profile's (`Bearer` unless the profile says otherwise).
 */
export const SCHEME_WORDS: Record<Scheme, string> = { token: 'Token', basic: 'Basic', devtoken: 'DevToken', bearer: 'Bearer', jwt: 'Bearer' };

/** The whole Authorization value of a credential: `DevToken eyJ…`; `word` is a JWT profile's own. */
export const authorizationValue = (scheme: Scheme, token: string, word?: string) => `${word ?? SCHEME_WORDS[scheme]} ${token}`;
