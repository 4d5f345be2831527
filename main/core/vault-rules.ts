// The rules a change to the vault must satisfy before anything is written: a client secret's
// form, a client's fit to its organization, an organization edit's fit to its keys, and a
// destination change only as the user confirmed it.
import { createPublicKey } from 'node:crypto';
import type { z } from 'zod';
import { destinationChangeRefused, sameDestinationChanges, type DestinationChange } from './destination-change.js';
import { TokendeckError } from './errors.js';
import { keyMismatch } from './jwt-sign.js';
import { checkSecretSize } from './keychain.js';
import { keyLabel, type Client, type Organization, type SigningKey } from './model/entities.js';
import { environmentNamed } from './model/environments.js';
import { nextNetwork } from './model/network.js';
import { sameName } from './model/primitives.js';
import { environmentInUse } from './vault-environments.js';
import type { VaultContext } from './vault-context.js';
import { checkClientIdFits, OrganizationChanges } from './model/inputs.js';
import { checkSchemeOffered, missingApiUrl, missingTokenUrl, providerSpec } from './providers/registry.js';
import { oauth2SettingsProblem } from './providers/oauth2.js';
import { clientSettingsProblem, foreignOrganizationSetting } from './providers/settings.js';

/**
 * The one rule for a client secret, wherever it comes from (the deck, the CLI's stdin). Spaces
 * around a secret are never part of it — vendors issue none — but a paste or a shell carries
 * them along, and `basic` would then send `clientid:   ` as if it were a credential.
 */
export function requireSecret(secret: string): string {
  if (secret.trim().length === 0) {
    const what = secret.length === 0 ? 'it is empty' : 'it is only spaces';
    throw new TokendeckError('VALIDATION', `Invalid secret: ${what}. Nothing was saved.`, { field: 'secret' });
  }
  if (/[\r\n]/.test(secret)) {
    throw new TokendeckError('VALIDATION', 'Invalid secret: it contains a line break. Paste only the secret itself.', { field: 'secret' });
  }
  if (secret !== secret.trim()) {
    throw new TokendeckError('VALIDATION', 'Invalid secret: it starts or ends with a space or tab. Paste only the secret itself; nothing was saved.', { field: 'secret' });
  }
  checkSecretSize(secret, 'client secret');
  return secret;
}

/** Clients of a provider that holds no client secret (signed JWTs: the key signs) get none: it would sit unused in the keychain. */
export function refuseSecretFor(org: Organization): void {
  if (providerSpec(org.provider).clientsHoldSecret) return;
  throw new TokendeckError('VALIDATION', `Invalid secret: clients of "${org.name}" (${providerSpec(org.provider).label}) have no secret; the organization's key signs their tokens. Nothing was saved.`, { field: 'secret' });
}

export function nextOrganization(org: Organization, fields: z.output<typeof OrganizationChanges>): Organization {
  return { ...org, ...fields, agreement: fields.agreement === null ? undefined : (fields.agreement ?? org.agreement), network: nextNetwork(org.network, fields.network) };
}

/**
 * What an organization edit must satisfy whatever is confirmed; the keys get the new algorithm.
 * An environment left out of a new list must have none of `clients` (its clients would lose the
 * URLs they are sent to).
 */
export function checkOrganizationChange(org: Organization, next: Organization, fields: z.output<typeof OrganizationChanges>, keys: SigningKey[], clients: readonly Client[] = []): void {
  for (const env of org.environments) {
    if (environmentNamed(next, env.name)) continue;
    const inIt = clients.filter((c) => sameName(c.environment, env.name));
    if (inIt.length) throw environmentInUse(org, env.name, inIt);
  }
  const audience = next.environments.find((e) => e.audience !== undefined);
  if (audience && !next.jwt) {
    throw new TokendeckError('VALIDATION', `Invalid environments: "${audience.name}" sets an audience, which only a signed-JWT profile's tokens carry. Remove it.`, { field: 'environments' });
  }
  const tokenUrlProblem = missingTokenUrl(next);
  if (tokenUrlProblem) throw new TokendeckError('VALIDATION', `Invalid tokenUrl: ${tokenUrlProblem}.`, { field: 'tokenUrl' });
  const apiUrlProblem = missingApiUrl(next);
  if (apiUrlProblem) throw new TokendeckError('VALIDATION', `Invalid apiBaseUrl: ${apiUrlProblem}.`, { field: 'apiBaseUrl' });
  const foreign = foreignOrganizationSetting({ provider: org.provider, ...fields });
  if (foreign) throw new TokendeckError('VALIDATION', `Invalid ${foreign.field}: ${foreign.message}.`, { field: foreign.field });
  checkKeysFitProfile(org, next, keys);
}

/** A destination change goes through only as the change the user confirmed, nothing else. */
export function checkApproved(change: DestinationChange | undefined, approved: DestinationChange | undefined): void {
  if (!change || (approved && sameDestinationChanges([change], [approved]))) return;
  throw destinationChangeRefused(
    [change],
    approved ? 'It is not the change you confirmed (the vault changed meanwhile): try again.' : 'Confirm the change when Tokendeck asks (the CLI: add --allow-destination-change if you expect it).',
  );
}

/** `clientId` only when it is new or changing: a client stored before the UUID rule can still be edited. */
export function checkClientFits(org: Organization, client: Pick<Client, 'defaultScheme' | 'oauth2' | 'jwt' | 'certificate'> & { clientId?: string | undefined }): void {
  if (client.clientId !== undefined) checkClientIdFits(org.provider, client.clientId, 'clientId', org.jwt);
  checkSchemeOffered(org, client.defaultScheme, 'defaultScheme');
  const foreign = clientSettingsProblem(org.provider, client) ?? oauth2SettingsProblem(client.oauth2, client);
  if (foreign) throw new TokendeckError('VALIDATION', `Invalid ${foreign.field}: ${foreign.message}.`, { field: foreign.field });
}

/**
 * A profile may change its algorithm only to one the organization's active keys can sign with
 * (RS256 and PS256 share RSA keys); their records then carry the new one. An import runs it too
 * (setup-merge.ts): a file's profile must fit the keys here, as an edit's does.
 */
export function checkKeysFitProfile(org: Pick<Organization, 'jwt'>, next: Pick<Organization, 'jwt'>, keys: SigningKey[]): void {
  const alg = next.jwt?.alg;
  if (!alg || alg === org.jwt?.alg) return;
  for (const key of keys.filter((k) => k.status === 'active')) {
    const mismatch = keyMismatch(createPublicKey(key.publicKeyPem), alg);
    if (mismatch) {
      throw new TokendeckError('VALIDATION', `Invalid jwt.alg: the active key ${keyLabel(key)} cannot sign ${alg} (${mismatch}). Retire or remove it first, then add a key that fits.`, { field: 'jwt.alg' });
    }
    key.algorithm = alg;
  }
}


/** A reference set here must name a source set up here (a command by its name): else it could never be read. */
export function requireSetUp(ctx: Pick<VaultContext, 'sources'>, reference: string): void {
  const settings = ctx.sources.settings();
  const verdict = ctx.sources.importVerdict(reference, settings);
  if (verdict.kind === 'not-set-up') throw new TokendeckError('SOURCE_UNAVAILABLE', `${reference} names a source that is not set up here: ${verdict.fix}.`, { field: 'source' });
  if (verdict.kind === 'local-only') {
    const name = reference.slice('command:'.length);
    if (!Object.hasOwn(settings.commands, name)) {
      throw new TokendeckError('SOURCE_UNAVAILABLE', `No command "${name}" is set up here. Set it up first (tokendeck source add command ${name} -- <program> <arguments>).`, { field: 'source' });
    }
  }
}
