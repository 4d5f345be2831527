// Signing keys: their records in the store, their private halves through the secret source.
// Which key signs, making and importing one, its Key ID, retiring and removing it (to the trash).
import { randomUUID } from 'node:crypto';
import { TokendeckError } from './errors.js';
import { findKey, onlyPendingKey } from './key-ref.js';
import { SecretSourceText } from './model/primitives.js';
import type { DestinationChange } from './destination-change.js';
import { newKeySourceChange } from './source-destination.js';
import { checkApproved, requireSetUp } from './vault-rules.js';
import { isPending, KeyId, keyLabel, type Organization, type SigningKey, type VaultData } from './model/entities.js';
import { signingKey } from './signing-key-choice.js';
import { canGenerate, type JwtAlgorithm } from './jwt-profile.js';
import { optionWord } from './shell-words.js';
import { describePublicKey, generateSigningKey, importSigningKey, pemFromKeychain, type KeyMaterial } from './signing-keys.js';
import type { TrashItem } from './trash.js';
import { parseInput } from './validate.js';
import { createdNow, withSecretRollback, type VaultContext } from './vault-context.js';
import { findOrganization } from './vault-find.js';
import { moveToTrash, moveToTrashed } from './vault-trash.js';
import { providerSpec } from './providers/registry.js';
import type { SigningSpec } from './providers/spec.js';

export interface GeneratedKey {
  key: SigningKey;
  publicKeyPem: string;
}

export function keysOf(data: VaultData, orgName: string): SigningKey[] {
  const org = findOrganization(data, orgName);
  return data.keys.filter((k) => k.organizationId === org.id);
}

/**
 * The newest active key of the organization with its Key ID (metadata only); without one when
 * the organization's signed-JWT profile names no key in its header.
 */
/** How the organization's provider holds keys; one that holds none is refused as having no key. */
function signingSpecOf(org: Organization): SigningSpec {
  const signing = providerSpec(org.provider).signing;
  if (!signing) throw new TokendeckError('BAD_KEY', `Organization "${org.name}" (${org.provider}) signs nothing: its clients' secrets are its credentials, not keys.`);
  return signing;
}

export function activeKey(data: VaultData, org: Organization): SigningKey {
  const keys = keysOf(data, org.name);
  // The provider's words: where the public key goes, what its keys sign (providers/*.ts).
  const signing = signingSpecOf(org);
  const key = signingKey(keys, signing.needsKeyId(org));
  if (key) return key;
  const { dashboard } = signing;
  if (keys.some((k) => k.status === 'active' && k.hasPrivateKey && isPending(k))) {
    throw new TokendeckError(
      'BAD_KEY',
      `The key of ${org.name} is waiting for its Key ID: upload the public key to ${dashboard}, then set the Key ID it shows (Set Key ID… / \`tokendeck key set-kid ${org.name} --kid <Key ID>\`).`,
      { action: { kind: 'set-kid', org: org.name } },
    );
  }
  const elsewhere = keys.find((k) => k.status === 'active' && !k.hasPrivateKey);
  if (elsewhere) {
    const kid = elsewhere.kid ?? '<Key ID>';
    throw new TokendeckError('BAD_KEY', `The private key of "${keyLabel(elsewhere)}" is not on this machine (the setup was shared without it). Import it (\`tokendeck key import ${org.name} ${optionWord('kid', kid)} --file <pem>\`) or generate a new key.`);
  }
  const alg = signing.algorithm(org);
  if (!canGenerate(alg)) {
    throw new TokendeckError(
      'BAD_KEY',
      `Organization "${org.name}" has no active RSA key for its ${alg} tokens. Import the private key the vendor gave you (\`tokendeck key import ${org.name} --file <pem>\`, or Import key… in the organization's keys).`,
    );
  }
  throw new TokendeckError(
    'BAD_KEY',
    `Organization "${org.name}" has no active signing key for ${signing.signs(org)}. Generate one (\`tokendeck key generate ${org.name}\`), upload its public key to the dashboard and set the Key ID it shows, or import one.`,
    { action: { kind: 'generate-key', org: org.name } },
  );
}

/** The private half as PKCS#8 PEM, for main's memory (the keychain may hold it in another form). */
export async function privateKeyPem(ctx: VaultContext, key: SigningKey): Promise<string> {
  if (key.privateKeySource !== undefined) return keyFromSource(ctx, key, key.privateKeySource);
  const stored = await ctx.secrets.readPrivateKey(key.id);
  if (stored === null) {
    throw new TokendeckError('SECRET_MISSING', `The private key of "${keyLabel(key)}" is missing from the keychain. Import it again (\`tokendeck key import\`) or generate a new key.`);
  }
  return pemFromKeychain(stored);
}

/** The private key a source holds for `key`, refused unless it is that key (the same public half). */
async function keyFromSource(ctx: VaultContext, key: SigningKey, source: string): Promise<string> {
  const material = await sourceKeyMaterial(ctx, source, key.algorithm);
  if (material.thumbprint !== key.thumbprint) {
    throw new TokendeckError('BAD_KEY', `${source} holds another private key than "${keyLabel(key)}" (thumbprint ${material.thumbprint.slice(0, 8)}, not ${key.thumbprint.slice(0, 8)}): it was rotated or the reference is wrong. Import the new key (key import --from ${source}) or correct the entry.`);
  }
  return pemFromKeychain(material.keychainValue);
}

/** The key a source holds, read into main's memory only, as a key of `algorithm`. */
async function sourceKeyMaterial(ctx: VaultContext, source: string, algorithm: JwtAlgorithm): Promise<KeyMaterial> {
  const pem = await ctx.sources.read(source, 'private-key');
  try {
    return await importSigningKey(pem, algorithm);
  } catch (error) {
    if (!(error instanceof TokendeckError)) throw error;
    throw new TokendeckError('BAD_KEY', `${source} does not hold a usable ${algorithm} private key: ${error.message}`);
  }
}

/** The algorithm the organization's keys sign with: ES256 for DevTokens, else its profile's. */
function keyAlgorithm(ctx: VaultContext, orgName: string): JwtAlgorithm {
  const org = findOrganization(ctx.store.read(), orgName);
  return providerSpec(org.provider).signing?.algorithm(org) ?? 'ES256';
}

/** A new key pair; without a Key ID it is pending until setKeyId (the dashboard gives it after the upload). */
export async function generateKey(ctx: VaultContext, orgName: string, kid?: string): Promise<GeneratedKey> {
  const algorithm = keyAlgorithm(ctx, orgName);
  const key = await saveKey(ctx, orgName, kid, algorithm, await generateSigningKey(algorithm));
  return { key, publicKeyPem: key.publicKeyPem };
}

export async function importKey(ctx: VaultContext, orgName: string, kid: string | undefined, pem: string): Promise<SigningKey> {
  const algorithm = keyAlgorithm(ctx, orgName);
  return saveKey(ctx, orgName, kid, algorithm, await importSigningKey(pem, algorithm));
}

/**
 * A key whose private half stays in a source (`pass:team/musimap/key`): read once to learn its
 * public half, kept by reference, never written to the keychain. The private half of a key that
 * came with a shared setup is matched by its public half.
 */
export async function importKeyFromSource(ctx: VaultContext, orgName: string, kid: string | undefined, source: string, approved?: DestinationChange): Promise<SigningKey> {
  const reference = parseInput(SecretSourceText, source, 'source');
  requireSetUp(ctx, reference);
  // Confirmed before the source is read: a refused change runs no command and asks no passphrase.
  checkApproved(keyImportDestinationChange(ctx.store.read(), orgName, kid, reference), approved);
  const algorithm = keyAlgorithm(ctx, orgName);
  return saveKey(ctx, orgName, kid, algorithm, await sourceKeyMaterial(ctx, reference, algorithm), reference);
}

/** What signing with a key read from `source` would reach, for the confirmation asked first. */
export function keyImportDestinationChange(data: VaultData, orgName: string, kid: string | undefined, source: string): DestinationChange {
  return newKeySourceChange(findOrganization(data, orgName), kid, parseInput(SecretSourceText, source, 'source'));
}

/** Gives a pending key the Key ID the dashboard showed; from then on it can sign. */
export async function setKeyId(ctx: VaultContext, orgName: string, keyRef: string | undefined, kidInput: string): Promise<SigningKey> {
  const kid = parseInput(KeyId, kidInput, 'Key ID');
  return ctx.store.update((data) => {
    const org = findOrganization(data, orgName);
    const keys = data.keys.filter((k) => k.organizationId === org.id);
    const key = keyRef === undefined ? onlyPendingKey(org.name, keys) : findKey(org.name, keys, keyRef);
    if (!isPending(key)) throw new TokendeckError('VALIDATION', `Invalid key: ${keyLabel(key)} of "${org.name}" already has its Key ID.`);
    if (keys.some((k) => k.kid === kid)) {
      throw new TokendeckError('VALIDATION', `Invalid kid: "${org.name}" already has a key with Key ID "${kid}".`, { field: 'kid' });
    }
    key.kid = kid;
    return key;
  });
}

/** Adds a key's public half alone (from a shared setup): it verifies DevTokens, never signs. */
export async function addPublicKey(ctx: VaultContext, orgName: string, kid: string | undefined, publicKeyPem: string, status: SigningKey['status']): Promise<SigningKey> {
  const algorithm = keyAlgorithm(ctx, orgName);
  const material = await describePublicKey(publicKeyPem, algorithm);
  return ctx.store.update((data) => {
    const org = findOrganization(data, orgName);
    if (data.keys.some((k) => k.organizationId === org.id && ((kid !== undefined && k.kid === kid) || k.thumbprint === material.thumbprint))) {
      throw new TokendeckError('VALIDATION', `Invalid key: "${org.name}" already has the key "${kid ?? material.thumbprint.slice(0, 8)}" or the same key material.`);
    }
    const key: SigningKey = { id: randomUUID(), organizationId: org.id, ...(kid === undefined ? {} : { kid }), algorithm, ...material, status, hasPrivateKey: false, createdAt: createdNow() };
    data.keys.push(key);
    return key;
  });
}

/**
 * A retired key stays for verifying and signs no more; its private key moves to the trash
 * (restoring it makes the key active again, as it was).
 */
export async function retireKey(ctx: VaultContext, orgName: string, keyRef: string): Promise<SigningKey> {
  let retired: SigningKey | undefined;
  await moveToTrash(ctx, 'private-key', (data) => {
    const org = findOrganization(data, orgName);
    const key = findKey(org.name, data.keys.filter((k) => k.organizationId === org.id), keyRef);
    const before = { ...key };
    key.status = 'retired';
    retired = key;
    return { org, clients: [], keys: [before] };
  });
  return retired!;
}

export async function removeKey(ctx: VaultContext, orgName: string, keyRef: string): Promise<TrashItem> {
  return moveToTrashed(ctx, 'key', (data) => {
    const org = findOrganization(data, orgName);
    const key = findKey(org.name, data.keys.filter((k) => k.organizationId === org.id), keyRef);
    data.keys = data.keys.filter((k) => k.id !== key.id);
    return { org, clients: [], keys: [key] };
  });
}

async function saveKey(ctx: VaultContext, orgName: string, kidInput: string | undefined, algorithm: JwtAlgorithm, material: KeyMaterial, source?: string): Promise<SigningKey> {
  const kid = kidInput === undefined ? undefined : parseInput(KeyId, kidInput, 'Key ID');
  const id = randomUUID();
  return withSecretRollback([() => ctx.secrets.deletePrivateKey(id)], () =>
    ctx.store.update(async (data) => {
      const org = findOrganization(data, orgName);
      if ((org.jwt?.alg ?? 'ES256') !== algorithm) {
        throw new TokendeckError('VALIDATION', `The profile of "${org.name}" changed while the key was being made (it now signs with ${org.jwt?.alg ?? 'ES256'}). Nothing was stored; try again.`);
      }
      const publicOnly = data.keys.find((k) => k.organizationId === org.id && !k.hasPrivateKey && (kid === undefined ? k.thumbprint === material.thumbprint : k.kid === kid));
      if (publicOnly && publicOnly.thumbprint === material.thumbprint) {
        // The private half of a key that came with a shared setup: it can sign now.
        if (source === undefined) await ctx.secrets.writePrivateKey(publicOnly.id, material.keychainValue);
        else publicOnly.privateKeySource = source;
        publicOnly.hasPrivateKey = true;
        return publicOnly;
      }
      if (kid !== undefined && data.keys.some((k) => k.organizationId === org.id && k.kid === kid)) {
        throw new TokendeckError('VALIDATION', `Invalid kid: "${org.name}" already has a key with Key ID "${kid}".`, { field: 'kid' });
      }
      if (data.keys.some((k) => k.organizationId === org.id && k.thumbprint === material.thumbprint)) {
        throw new TokendeckError('VALIDATION', `Invalid key: this key is already stored in "${org.name}" under another Key ID.`);
      }
      if (source === undefined) await ctx.secrets.writePrivateKey(id, material.keychainValue);
      const key: SigningKey = {
        id,
        organizationId: org.id,
        ...(kid === undefined ? {} : { kid }),
        algorithm,
        publicKeyPem: material.publicKeyPem,
        thumbprint: material.thumbprint,
        status: 'active',
        hasPrivateKey: true,
        ...(source === undefined ? {} : { privateKeySource: source }),
        createdAt: createdNow(),
      };
      data.keys.push(key);
      return key;
    }),
  );
}
