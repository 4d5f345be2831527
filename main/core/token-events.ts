// Token changes pushed to whoever listens (the window, via main): minted, refreshed, expiring,
// expired, failed, discarded. A view carries names and times, never the token value.

export type TokenEventType = 'minted' | 'refreshed' | 'expiring' | 'expired' | 'failed' | 'discarded';

export interface TokenView {
  id: string;
  org: string;
  client: string;
  environment: string;
  scheme: 'devtoken' | 'bearer' | 'jwt';
  sub?: string;
  kid?: string;
  /**
   * A DevToken signed with a key that no longer signs: `retired`, or `superseded` by a newer
   * active key (key rotation). Offer to mint it again.
   */
  staleKey?: 'retired' | 'superseded';
  issuedAt: string;
  expiresAt: string;
  /** The server did not say when it expires; `expiresAt` is the client's assumed lifetime. */
  assumedExpiry?: boolean;
  /** The scope the server granted, where it differs from the one asked for. */
  grantedScope?: string;
  /** The person signed in on the token's client (its session's account): whom the token acts as. */
  account?: string;
}

export interface TokenEvent {
  type: TokenEventType;
  token: TokenView;
  /** For `failed`: the error's code and message. */
  error?: { code: string; message: string };
}

export type TokenListener = (event: TokenEvent) => void;

export class TokenEvents {
  private readonly listeners = new Set<TokenListener>();

  on(listener: TokenListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TokenEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not stop the others or the token flow.
      }
    }
  }
}
