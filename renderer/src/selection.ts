// What the main pane shows.
import type { Provider } from '../../main/core/providers/registry.js';

export type Selection =
  | { kind: 'tokens' }
  | { kind: 'inspector' }
  | { kind: 'setup' }
  /** The secret sources set up on this machine (pass, Vault, commands). */
  | { kind: 'sources' }
  | { kind: 'trash' }
  | { kind: 'new-org' }
  /**
   * A guided connection: no provider is the start screen; an org resumes that one's steps. `signIn`:
   * a person's sign-in at an OpenID Connect server (found by its issuer) rather than the provider's.
   */
  | { kind: 'connect'; provider?: Provider; org?: string; signIn?: boolean; issuer?: string }
  | { kind: 'org'; org: string }
  | { kind: 'client'; org: string; client: string }
  | { kind: 'console'; org: string; client?: string };
