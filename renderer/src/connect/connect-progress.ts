// Where a guided connection stands, read from the vault alone: what is stored says which steps are
// done, so a connection left half-way continues where it stopped when it is opened again.
import type { Provider } from '../../../main/core/model.js';
import { signingKey } from '../../../main/core/signing-key-choice.js';
import type { OrganizationTree } from '../../../preload/contract.js';

export type StepId = 'organization' | 'client' | 'key' | 'kid' | 'test';

export interface Step {
  id: StepId;
  title: string;
  done: boolean;
}

export const PROVIDER_TITLES: Record<Provider, string> = { musicapi: 'MusicAPI', musimap: 'Musimap', oauth2: 'an OAuth 2.0 API', jwt: 'a signed-JWT API' };

const hasClientWithSecret = (org: OrganizationTree | undefined) => !!org?.clients.some((c) => c.hasSecret);

export function stepsOf(provider: Provider, org: OrganizationTree | undefined): Step[] {
  const organization: Step = { id: 'organization', title: 'Organization', done: !!org };
  if (provider === 'musicapi') {
    return [
      organization,
      { id: 'client', title: 'Client ID and secret', done: hasClientWithSecret(org) },
      { id: 'key', title: 'Signing key', done: !!org?.keys.some((k) => k.status === 'active' && k.hasPrivateKey) },
      { id: 'kid', title: 'Upload the public key, then its Key ID', done: !!org && signingKey(org.keys) !== undefined },
      // A test is not stored: once everything above is, the test is where the connection stands.
      { id: 'test', title: 'Test call', done: false },
    ];
  }
  if (provider === 'jwt') {
    // A signed-JWT client has no secret: its organization's key signs.
    const needsKid = org?.jwt?.kid ?? true;
    return [
      organization,
      { id: 'client', title: 'Client', done: !!org?.clients.length },
      { id: 'key', title: 'Signing key', done: !!org?.keys.some((k) => k.status === 'active' && k.hasPrivateKey) },
      ...(needsKid ? [{ id: 'kid' as const, title: 'Key ID', done: !!org && signingKey(org.keys) !== undefined }] : []),
      { id: 'test', title: 'First token', done: false },
    ];
  }
  return [
    organization,
    { id: 'client', title: provider === 'musimap' ? 'A client per environment' : 'Client', done: hasClientWithSecret(org) },
    { id: 'test', title: 'Test exchange', done: false },
  ];
}

/** The first step not done: where the wizard opens. */
export const currentStep = (steps: readonly Step[]): StepId => steps.find((s) => !s.done)?.id ?? 'test';

/** An organization whose stored steps are not all done: offered as "continue" on the start screen. */
export function unfinished(org: OrganizationTree): boolean {
  return currentStep(stepsOf(org.provider, org)) !== 'test';
}
