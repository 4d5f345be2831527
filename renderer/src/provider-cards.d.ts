// The providers' first-screen words, made from their specs when the page is built (renderer/vite.config.ts).
declare module 'virtual:provider-cards' {
  import type { Provider } from '../../main/core/providers/registry.js';

  export interface ProviderCard {
    provider: Provider;
    /** "MusicAPI", "an OAuth 2.0 API" (the spec's `title`). */
    title: string;
    /** What connecting it asks for (the spec's `needs`). */
    needs: string;
    /** Whether its clients each hold a secret (the spec's `clientsHoldSecret`). */
    clientsHoldSecret: boolean;
  }

  /** In the order the provider choice and the first screen offer them (registry.ts's PROVIDERS). */
  export const PROVIDER_CARDS: readonly ProviderCard[];
}
