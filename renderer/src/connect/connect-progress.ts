// Where a guided connection stands, read from the vault alone: what is stored says which steps are
// done, so a connection left half-way continues where it stopped when it is opened again. The
// steps themselves are the provider's (its spec's `connect`).
import { isUserGrant } from '../../../main/core/providers/oauth2.js';
import { providerSpec, type Provider } from '../../../main/core/providers/registry.js';
import type { ConnectStepId } from '../../../main/core/providers/spec.js';
import { signingKey } from '../../../main/core/signing-key-choice.js';
import type { OrganizationTree } from '../../../preload/contract.js';

export type StepId = ConnectStepId;

export interface Step {
  id: StepId;
  title: string;
  done: boolean;
}

/** "MusicAPI", "an OAuth 2.0 API": what the wizard connects. */
export const providerTitle = (provider: Provider) => providerSpec(provider).title;

function isDone(id: StepId, provider: Provider, org: OrganizationTree | undefined): boolean {
  if (!org) return false;
  switch (id) {
    case 'organization':
      return true;
    // A client without a secret (a signed-JWT one) is done once it exists: its organization's key signs.
    // A person's sign-in client needs no secret of its own (a public client).
    case 'client':
      return providerSpec(provider).clientsHoldSecret ? org.clients.some((c) => c.hasSecret || isUserGrant(c.oauth2)) : org.clients.length > 0;
    case 'key':
      return org.keys.some((k) => k.status === 'active' && k.hasPrivateKey);
    case 'kid':
      return signingKey(org.keys) !== undefined;
    // A test is not stored: once everything above is, the test is where the connection stands.
    case 'test':
      return false;
  }
}

export function stepsOf(provider: Provider, org: OrganizationTree | undefined): Step[] {
  const spec = providerSpec(provider);
  // A profile whose tokens name no key (GitHub Apps) has no Key ID to wait for.
  const needsKid = !org || (spec.signing?.needsKeyId(org) ?? false);
  const several = connectionEnvironments(provider, org).length > 1;
  return spec.connect.steps
    .filter((step) => step.id !== 'kid' || needsKid)
    .map((step) => ({ ...step, ...(several && step.id === 'client' ? { title: 'A client per environment' } : {}), done: isDone(step.id, provider, org) }));
}

/**
 * The environments the connection makes a client in, in the organization's order: those it lists
 * where the connection asks for environments, else (or before it exists) the provider's one.
 */
export function connectionEnvironments(provider: Provider, org: OrganizationTree | undefined): string[] {
  const { connect } = providerSpec(provider);
  if (connect.environments && org && org.environments.length > 0) return org.environments.map((e) => e.name);
  return [connect.client.environment];
}

/**
 * The environments a client step offers where it asks for one: the organization's, or (before it
 * has any) the provider's one. Another may be typed in.
 */
export function environmentChoices(provider: Provider, org: OrganizationTree): string[] {
  return org.environments.length > 0 ? org.environments.map((e) => e.name) : [providerSpec(provider).connect.client.environment];
}

/** The first step not done: where the wizard opens. */
export const currentStep = (steps: readonly Step[]): StepId => steps.find((s) => !s.done)?.id ?? 'test';

/** An organization whose stored steps are not all done: offered as "continue" on the start screen. */
export function unfinished(org: OrganizationTree): boolean {
  return currentStep(stepsOf(org.provider, org)) !== 'test';
}
