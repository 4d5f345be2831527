// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The schemes a credential can be handed out as, and what each one is: its Authorization word,
// how exposing it is (the destination ladder), and how the deck describes it. No zod: the CLI's
// entry and its token path read these without building a schema.

interface SchemeFacts {
  /** The word before the credential in the Authorization header (a signed JWT's is its profile's). */
  word: string;
  /**
   * From the least to the most exposing: the public client id; a token from an exchange; a token a
   * stored key signs (a DevToken, or a signed JWT that could itself be exchanged); the stored secret
   * itself (Basic is base64 of id:secret, undone by anyone). Any move up this ladder hands a stored
   * secret to everyone the copies went to: a destination change (destination-change.ts).
   */
  rank: number;
  /** What it hands out, as a destination-change question says it. */
  is: string;
  /** Its row in the deck. */
  text: string;
  /** Made with an expiry and kept in the token cache (the others are the stored values themselves, or the client id). */
  expires: boolean;
  /** Sent where its organization says (an API key's header or query parameter), not as Authorization. */
  placed?: true;
}

const FACTS = {
  token: { word: 'Token', rank: 0, is: 'token: the public client id', text: 'Token <client id> — public endpoints', expires: false },
  basic: { word: 'Basic', rank: 3, is: 'basic: base64 of client id:secret', text: 'Basic client id:secret — backend only', expires: false },
  devtoken: { word: 'DevToken', rank: 2, is: 'devtoken: a DevToken signed by a stored key', text: 'DevToken — ES256 JWT signed with the active key', expires: true },
  bearer: { word: 'Bearer', rank: 1, is: 'bearer: a token from the exchange', text: 'Bearer — exchanged at the token URL', expires: true },
  jwt: { word: 'Bearer', rank: 2, is: 'jwt: the JWT a stored key signs, itself', text: "Signed JWT — made by the organization's profile, signed with the active key", expires: true },
  // Sent in a header or query parameter of its organization's (providers/api-key.ts), never as Authorization.
  apikey: { word: 'ApiKey', rank: 3, is: 'apikey: the stored API key itself', text: 'API key — the stored key itself', expires: false, placed: true },
} as const satisfies Record<string, SchemeFacts>;

export type Scheme = keyof typeof FACTS;
export const SCHEMES = Object.keys(FACTS) as [Scheme, ...Scheme[]];

export const schemeFacts = (scheme: Scheme): SchemeFacts => FACTS[scheme];

/** Where a scheme's credential goes for an organization: its placement, or undefined for Authorization. */
export const placementFor = <P>(scheme: Scheme, org: { apiKey?: P | undefined }): P | undefined => (schemeFacts(scheme).placed ? org.apiKey : undefined);

/** The word before the credential in the Authorization header, per scheme. */
export const SCHEME_WORDS: Readonly<Record<Scheme, string>> = Object.fromEntries(SCHEMES.map((s) => [s, FACTS[s].word])) as Record<Scheme, string>;

/** The whole Authorization value of a credential: `DevToken eyJ…`; `word` is a JWT profile's own. */
export const authorizationValue = (scheme: Scheme, token: string, word?: string) => `${word ?? SCHEME_WORDS[scheme]} ${token}`;
