// The merge of a setup file into the vault's data, computed whole on one copy: what each
// organization, client, key and saved request becomes, which changes re-point a stored secret, and
// every check that could fail, before anything is written. Linear in the file and the vault:
// every lookup is a Map keyed by lower-cased name, nothing is re-read per organization.
import { randomUUID } from 'node:crypto';
import type { ConsoleRequest, SavedRequest } from '../console/console-model.js';
import { clientDestinationChange, organizationDestinationChange, savedRequestDestinationChange, type DestinationChange } from '../destination-change.js';
import { parseCertificateOnly } from '../client-certificate.js';
import { TokendeckError } from '../errors.js';
import { readCaBundle } from '../http/ca-bundle.js';
import { inEnvironment } from '../model/environments.js';
import { isPending, type Client, type Organization, type SigningKey, type VaultData } from '../model/entities.js';
import { OrganizationInput } from '../model/inputs.js';
import { sameName } from '../model/primitives.js';
import { isUserGrant } from '../providers/oauth2.js';
import { defaultSchemeOf } from '../providers/registry.js';
import { checkClientFits, checkKeysFitProfile } from '../vault-rules.js';
import { organizationFields, stableJson, type SetupFile, type SetupOrganization } from './setup-file.js';
import { ORGANIZATION_SETTING_FIELDS } from '../providers/settings.js';
import { clientSourceChange, keySourceChange } from '../source-destination.js';
import type { SecretPurpose } from '../sources/reference-reader.js';
import type { ImportVerdict } from '../sources/secret-sources.js';

export interface ImportStep {
  action: 'add' | 'change' | 'keep';
  /** "acme", "acme/web", "acme key KID-1", "acme saved Introspect": unique in a file, also the step's id (what `skip` names). */
  what: string;
  detail: string;
  /** Left out by choice (`skip`): the vault does not get it. For an organization, nothing of it is imported. */
  skipped?: true;
}

/** A change to where a secret goes, with the step that makes it: declining the step declines the change. */
export type ImportDestinationChange = DestinationChange & { step: string };

/** How `mergeSetup`'s `keys` are looked up: a key's material is checked per algorithm it is given under. */
export const setupKeyId = (key: { publicKeyPem: string; algorithm: string }): string => `${key.algorithm}\n${key.publicKeyPem}`;

/** A public key of the file as the vault keeps it (normalised PEM, computed thumbprint). */
export interface PublicKeyMaterial {
  publicKeyPem: string;
  thumbprint: string;
}

export interface SavedRequestWrite {
  orgId: string;
  name: string;
  request: ConsoleRequest;
}

/** A secret the file says where to read (issue 24): a client's secret or a key's private half. */
export interface ImportedSource {
  /** "acme/web secret", "acme key KID-1 private key" */
  what: string;
  reference: string;
  purpose: SecretPurpose;
  verdict: ImportVerdict;
}

/** May this machine read `reference` for an import (SecretSources.importVerdict)? */
export type SourceVerdict = (reference: string) => ImportVerdict;

export interface SetupMerge {
  steps: ImportStep[];
  /** Every secret reference of the file and what this machine makes of it; a refused one stops the import. */
  sources: ImportedSource[];
  /** Changes to where stored secrets go, of the steps imported: never made without their own confirmation. */
  destinationChanges: ImportDestinationChange[];
  /** For the console's store, written together after the vault's data is settled. */
  savedRequests: SavedRequestWrite[];
  /** Clients here the file pointed at a source: a secret they kept in the keychain goes to the trash once the import is written. */
  sourcedClients: Array<{ org: string; client: string }>;
}

const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);
const lower = (name: string) => name.toLowerCase();
/** A certificate from a file, checked as `client update --cert` checks one; it comes without its private key. */
function fileCertificate(pem: string, path: string): NonNullable<Client['certificate']> {
  try {
    return { ...parseCertificateOnly(pem), hasKey: false };
  } catch (error) {
    throw error instanceof TokendeckError ? invalid(path, error.message) : error;
  }
}

/** What an import step says of a certificate it brings: the key is to be added here. */
const certificateWords = (certificate: Client['certificate'] | undefined) =>
  certificate ? `; TLS certificate ${certificate.subject}: add its private key (client update --cert FILE --cert-key FILE, or the client view)` : '';

// An organization's `network` from a file is only ever its CA bundle (a proxy never travels).
const describeChanges = (changes: Record<string, unknown>) => Object.keys(changes).map((field) => (field === 'network' ? 'CA bundle' : field)).join(', ');

function invalid(path: string, message: string): TokendeckError {
  return new TokendeckError('VALIDATION', `The setup file is invalid — ${path}: ${message} Nothing was imported.`);
}

function groupByOrganization<T extends { organizationId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.organizationId);
    if (group) group.push(item);
    else groups.set(item.organizationId, [item]);
  }
  return groups;
}

function orgChanges(local: Organization, normalized: ReturnType<typeof OrganizationInput.parse>): Partial<Organization> {
  const changes: Record<string, unknown> = {};
  for (const field of ['apiBaseUrl', 'tokenUrl', 'allowedOrigins', 'agreement', 'catalogs', 'notes', ...ORGANIZATION_SETTING_FIELDS] as const) {
    const next = normalized[field];
    if (next !== undefined && !same(local[field], next)) changes[field] = next;
  }
  // The file's CA bundle replaces this one; a file without one keeps it (and the proxy is never the file's).
  const caPem = normalized.network?.caPem;
  if (caPem !== undefined && !same(local.network?.caPem, caPem)) changes.network = { ...local.network, caPem };
  const environments = mergedEnvironments(local.environments, normalized.environments);
  if (!same(local.environments, environments)) changes.environments = environments;
  return changes as Partial<Organization>;
}

/**
 * The file's environments over the vault's, by name: one the file names is taken whole from it
 * (what it leaves out is the organization's value again), one it does not name stays (it may hold
 * clients of this vault only), a new one is added after them in the file's order. A file without
 * environments (an older export) changes none.
 */
function mergedEnvironments(local: Organization['environments'], incoming: Organization['environments']): Organization['environments'] {
  const merged = local.map((env) => incoming.find((e) => sameName(e.name, env.name)) ?? env);
  for (const env of incoming) if (!merged.some((e) => sameName(e.name, env.name))) merged.push(env);
  return merged;
}

function clientChanges(local: Client, incoming: SetupOrganization['clients'][number]): Partial<Client> {
  const changes: Record<string, unknown> = {};
  for (const field of ['environment', 'clientId', 'integrationUsers', 'defaultScheme', 'autoRefresh', 'devtokenTtlSeconds', 'oauth2', 'jwt'] as const) {
    const next = incoming[field];
    if (next !== undefined && !same(local[field], next)) changes[field] = next;
  }
  return changes as Partial<Client>;
}

/** The file's CA bundle parsed and checked (ca-bundle.ts), re-encoded as stored; its refusal placed in the file. */
function checkedCa(pem: string, path: string): string {
  try {
    return readCaBundle(pem).pem;
  } catch (error) {
    throw error instanceof TokendeckError ? invalid(path, error.message.replace(/^Invalid CA bundle \([^)]*\): /, '').replace(/ Nothing was stored\.$/, '')) : error;
  }
}

/** checkClientFits, its message placed in the file. */
function checkFits(org: Organization, client: Parameters<typeof checkClientFits>[1], path: string): void {
  try {
    checkClientFits(org, client);
  } catch (error) {
    throw error instanceof TokendeckError ? invalid(error.field ? `${path}.${error.field}` : path, error.message) : error;
  }
}

/** The key/algorithm fit an edit of the profile checks (checkKeysFitProfile), its message placed in the file. */
function checkProfileFitsKeys(org: Organization, jwt: NonNullable<Organization['jwt']>, keys: SigningKey[], path: string): void {
  try {
    checkKeysFitProfile(org, { jwt }, keys);
  } catch (error) {
    throw error instanceof TokendeckError ? invalid(path, error.message.replace(/^Invalid jwt\.alg: /, '')) : error;
  }
}

/**
 * Merges `file` into `data`, which is changed in place (a private copy: the store's locked one,
 * or a snapshot for a preview). `saved` is the console's saved requests by organization id;
 * `keys` the material of every public key in the file, by `setupKeyId` (its algorithm and PEM as written).
 */
export function mergeSetup(data: VaultData, saved: Readonly<Record<string, SavedRequest[]>>, file: SetupFile, keys: ReadonlyMap<string, PublicKeyMaterial>, sourceVerdict: SourceVerdict, skip: ReadonlySet<string> = new Set()): SetupMerge {
  const steps: ImportStep[] = [];
  /** A step the user declined: listed, marked, and nothing of it written (nor its destination change asked about). */
  const skipped = (step: Omit<ImportStep, 'skipped'>): void => void steps.push({ ...step, skipped: true });
  const declined = (what: string) => skip.has(lower(what));
  const sources: ImportedSource[] = [];
  /** The reference the import may set, or undefined (a command is set up locally; a refused one stops the import). */
  const allowedSource = (what: string, reference: string | undefined, purpose: SecretPurpose): string | undefined => {
    if (reference === undefined) return undefined;
    const verdict = sourceVerdict(reference);
    sources.push({ what, reference, purpose, verdict });
    return verdict.kind === 'allowed' ? reference : undefined;
  };
  const destinationChanges: ImportDestinationChange[] = [];
  const destined = (step: string, change: DestinationChange | undefined) => void (change && destinationChanges.push({ ...change, step }));
  const savedRequests: SavedRequestWrite[] = [];
  const sourcedClients: SetupMerge['sourcedClients'] = [];
  const createdAt = new Date().toISOString();
  const orgsByName = new Map(data.organizations.map((o) => [lower(o.name), o]));
  const clientsByOrg = groupByOrganization(data.clients);
  const keysByOrg = groupByOrganization(data.keys);

  file.organizations.forEach((incoming, i) => {
    const at = `organizations[${i}]`;
    const normalized = OrganizationInput.parse(organizationFields(incoming));
    if (normalized.network?.caPem) normalized.network.caPem = checkedCa(normalized.network.caPem, `${at}.network.caPem`);
    let org = orgsByName.get(lower(incoming.name));
    const localClients = (org && clientsByOrg.get(org.id)) ?? [];
    const localKeys = (org && keysByOrg.get(org.id)) ?? [];
    const held = { clients: localClients, keys: localKeys };

    if (!org && declined(incoming.name)) {
      const parts = `${incoming.clients.length} clients, ${incoming.keys.length} keys, ${incoming.savedRequests.length} saved requests`;
      return skipped({ action: 'add', what: incoming.name, detail: `${incoming.provider} organization with ${parts}: none imported` });
    }
    if (!org) {
      org = { id: randomUUID(), ...normalized, createdAt };
      data.organizations.push(org);
      steps.push({ action: 'add', what: org.name, detail: `${org.provider} organization with ${incoming.clients.length} clients, ${incoming.keys.length} keys, ${incoming.savedRequests.length} saved requests` });
    } else {
      if (org.provider !== incoming.provider) {
        throw invalid(`${at}.provider`, `"${incoming.name}" is ${incoming.provider} in the file but ${org.provider} here; rename one.`);
      }
      const changes = orgChanges(org, normalized);
      if (changes.jwt) checkProfileFitsKeys(org, changes.jwt, localKeys, `${at}.jwt.alg`);
      if (Object.keys(changes).length && declined(org.name)) {
        skipped({ action: 'change', what: org.name, detail: describeChanges(changes) });
      } else if (Object.keys(changes).length) {
        destined(org.name, organizationDestinationChange(org, { ...org, ...changes }, held));
        Object.assign(org, changes);
        steps.push({ action: 'change', what: org.name, detail: describeChanges(changes) });
      } else steps.push({ action: 'keep', what: org.name, detail: 'unchanged' });
    }
    const orgName = org.name;

    const clients = new Map(localClients.map((c) => [lower(c.name), c]));
    const declinedClients = new Set<string>();
    incoming.clients.forEach((c, j) => {
      const existing = clients.get(lower(c.name));
      const what = `${orgName}/${c.name}`;
      // Declined before its secret's source is weighed: a client left out cannot stop the import.
      if (!existing && declined(what)) {
        declinedClients.add(lower(c.name));
        return skipped({ action: 'add', what, detail: 'client' });
      }
      const { secretSource: fileSource, certificate: certificatePem, ...fields } = c;
      const source = allowedSource(`${orgName}/${c.name} secret`, fileSource, 'secret');
      const certificate = certificatePem === undefined ? undefined : fileCertificate(certificatePem, `${at}.clients[${j}].certificate`);
      if (!existing) {
        const client: Client = { id: randomUUID(), organizationId: org.id, ...fields, autoRefresh: fields.autoRefresh ?? isUserGrant(fields.oauth2), defaultScheme: c.defaultScheme ?? defaultSchemeOf(org), hasSecret: source !== undefined, ...(certificate ? { certificate } : {}), createdAt };
        checkFits(org, client, `${at}.clients[${j}]`);
        destined(what, clientSourceChange(inEnvironment(org, client.environment), { name: client.name, environment: client.environment }, source));
        if (source !== undefined) client.secretSource = source;
        data.clients.push(client);
        clients.set(lower(client.name), client);
        steps.push({ action: 'add', what: `${orgName}/${c.name}`, detail: `${source !== undefined ? `client (secret read from ${source})` : 'client (secret missing until you set it)'}${certificateWords(certificate)}` });
        return;
      }
      const changes = clientChanges(existing, fields);
      const sourced = clientSourceChange(inEnvironment(org, existing.environment), existing, source);
      if (sourced) changes.secretSource = source;
      // Another certificate than the one here: its key is not in the file, so it waits for it.
      if (certificate && certificate.thumbprint !== existing.certificate?.thumbprint) changes.certificate = certificate;
      if (!Object.keys(changes).length) return void steps.push({ action: 'keep', what: `${orgName}/${existing.name}`, detail: 'unchanged' });
      if (declined(what)) return skipped({ action: 'change', what: `${orgName}/${existing.name}`, detail: describeChanges(changes) });
      const next = { ...existing, ...changes };
      checkFits(org, { ...next, clientId: changes.clientId }, `${at}.clients[${j}]`);
      destined(what, clientDestinationChange(org, existing, next, held));
      destined(what, sourced);
      if (sourced && existing.secretSource === undefined) sourcedClients.push({ org: org.name, client: existing.name });
      Object.assign(existing, changes, sourced ? { hasSecret: true } : {});
      steps.push({ action: 'change', what: `${orgName}/${existing.name}`, detail: `${describeChanges(changes)}${certificateWords(changes.certificate)}` });
    });

    const byKid = new Map(localKeys.flatMap((k) => (k.kid === undefined ? [] : [[k.kid, k] as const])));
    const byThumbprint = new Map(localKeys.map((k) => [k.thumbprint, k]));
    incoming.keys.forEach((k, j) => {
      const material = keys.get(setupKeyId(k))!;
      const name = k.kid ?? material.thumbprint.slice(0, 8);
      const existing = k.kid === undefined ? byThumbprint.get(material.thumbprint) : byKid.get(k.kid);
      const what = `${orgName} key ${name}`;
      // A key whose private half this machine holds keeps it: the file's reference is not even weighed.
      const heldHere = existing !== undefined && existing.hasPrivateKey;
      const source = heldHere ? undefined : allowedSource(`${orgName} key ${name} private key`, k.privateKeySource, 'private-key');
      if (existing) {
        if (existing.thumbprint === material.thumbprint && source !== undefined && !existing.hasPrivateKey) {
          // The file says where this key's private half is, and this machine has none of it.
          if (declined(what)) return skipped({ action: 'change', what, detail: `private key read from ${source}` });
          destined(what, keySourceChange(org, existing, source));
          Object.assign(existing, { privateKeySource: source, hasPrivateKey: true });
          return void steps.push({ action: 'change', what: `${orgName} key ${name}`, detail: `private key read from ${source}` });
        }
        const detail = existing.thumbprint === material.thumbprint ? 'unchanged' : 'differs from the key here: the local key is kept';
        return void steps.push({ action: 'keep', what: `${orgName} key ${name}`, detail });
      }
      const twin = byThumbprint.get(material.thumbprint);
      if (twin && isPending(twin) && k.kid !== undefined) {
        // The same key, pending here: the file knows the Key ID the dashboard gave it.
        if (declined(`${orgName} key ${k.kid}`)) return skipped({ action: 'change', what: `${orgName} key ${k.kid}`, detail: 'Key ID set (it was waiting for one here)' });
        twin.kid = k.kid;
        byKid.set(k.kid, twin);
        return void steps.push({ action: 'change', what: `${orgName} key ${k.kid}`, detail: 'Key ID set (it was waiting for one here)' });
      }
      if (twin) throw invalid(`${at}.keys[${j}]`, `this key is already in "${orgName}" as "${twin.kid}".`);
      const signsWith = org.jwt?.alg ?? 'ES256';
      if (k.algorithm !== signsWith) throw invalid(`${at}.keys[${j}].algorithm`, `the key is ${k.algorithm}, but "${orgName}" signs with ${signsWith}.`);
      if (declined(what)) return skipped({ action: 'add', what, detail: 'key' });
      const key: SigningKey = { id: randomUUID(), organizationId: org.id, ...(k.kid === undefined ? {} : { kid: k.kid }), algorithm: k.algorithm, ...material, status: k.status, hasPrivateKey: source !== undefined, createdAt };
      destined(what, keySourceChange(org, key, source));
      if (source !== undefined) key.privateKeySource = source;
      data.keys.push(key);
      if (k.kid !== undefined) byKid.set(k.kid, key);
      byThumbprint.set(key.thumbprint, key);
      steps.push({ action: 'add', what: `${orgName} key ${name}`, detail: source !== undefined ? `key (private key read from ${source})` : 'public key (verifies; import the private key to sign)' });
    });

    const savedHere = new Map((saved[org.id] ?? []).map((s) => [lower(s.name), s]));
    incoming.savedRequests.forEach((s, j) => {
      const what = `${orgName} saved ${s.name}`;
      if (declinedClients.has(lower(s.request.client))) return skipped({ action: 'add', what, detail: `${s.request.method} ${s.request.url}: its client ${orgName}/${s.request.client} is not imported` });
      if (!clients.has(lower(s.request.client))) {
        throw invalid(`${at}.savedRequests[${j}].request.client`, `"${s.request.client}" is not a client of "${orgName}" here or in the file.`);
      }
      const existing = savedHere.get(lower(s.name));
      const { org: _org, ...existingRequest } = existing?.request ?? { org: '' };
      if (existing && same(existingRequest, s.request)) return void steps.push({ action: 'keep', what, detail: 'unchanged' });
      if (declined(what)) return skipped({ action: existing ? 'change' : 'add', what, detail: `${s.request.method} ${s.request.url}` });
      steps.push({ action: existing ? 'change' : 'add', what, detail: `${s.request.method} ${s.request.url}` });
      destined(what, savedRequestDestinationChange(org, s, held));
      savedRequests.push({ orgId: org.id, name: s.name, request: { ...s.request, org: orgName } });
    });
  });
  return { steps, sources, destinationChanges, savedRequests, sourcedClients };
}
