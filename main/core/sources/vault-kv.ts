// The HashiCorp Vault / OpenBao secret source's reads: one field of a KV version 2 secret
// (GET /v1/<mount>/data/<path>[?version=N] with X-Vault-Token and X-Vault-Namespace), an AppRole
// login (POST /v1/auth/<mount>/login) and the token from VAULT_TOKEN. The API as Vault documents
// it (api-docs/secret/kv/kv-v2, api-docs/auth/approle); OpenBao serves the same. The value read is
// returned to the caller only: never logged, quoted or stored here.
import { TokendeckError } from '../errors.js';
import {
  callVault,
  checkVaultName,
  DEFAULT_VAULT_TIMEOUT_MS,
  isVaultToken,
  shownName,
  vaultBaseUrl,
  vaultPathSegments,
  vaultRefusal,
  type VaultAnswer,
} from './vault-http.js';

export interface VaultSecretRead {
  /** VAULT_ADDR: https://vault.example.com:8200 (http only on loopback). */
  address: string;
  /** Where the KV version 2 engine is mounted: `secret`, `team/kv`. */
  mount: string;
  /** The secret's path under the mount: `musimap/prod`. */
  path: string;
  /** The key inside the secret whose string value is wanted: `client_secret`. */
  field: string;
  /** A version number (1, 2, …); the latest when absent. */
  version?: number;
  /** A Vault Enterprise / OpenBao namespace: `admin/team`. */
  namespace?: string;
  token: string;
  timeoutMs?: number;
}

export interface AppRoleLogin {
  address: string;
  /** Where AppRole is enabled: `approle` unless the team mounted it elsewhere. */
  mount?: string;
  roleId: string;
  secretId: string;
  namespace?: string;
  timeoutMs?: number;
}

export interface VaultLogin {
  token: string;
  /** How long the token lives, as Vault said (auth.lease_duration); 0 for a token that does not expire. */
  leaseSeconds: number;
}

const MAX_LISTED_FIELDS = 20;

/** The string value of one field of a KV version 2 secret. */
export async function readVaultSecret(read: VaultSecretRead): Promise<string> {
  const base = vaultBaseUrl(read.address);
  const mount = vaultPathSegments('mount', read.mount);
  const path = vaultPathSegments('path', read.path);
  const namespace = read.namespace === undefined ? undefined : vaultPathSegments('namespace', read.namespace);
  checkVaultName('Vault field', read.field, 'field');
  const { version } = read;
  if (version !== undefined && !(Number.isSafeInteger(version) && version >= 1)) {
    throw new TokendeckError('VALIDATION', 'The Vault secret version must be a whole number from 1 up; leave it out to read the latest version.', { field: 'version' });
  }
  if (!isVaultToken(read.token)) {
    throw new TokendeckError('VALIDATION', 'The Vault token is empty or holds a space, a line break or a non-ASCII character, which no Vault token does. Copy it again (vault print token).', { field: 'token' });
  }
  const [mountName, pathName] = [mount.join('/'), path.join('/')];
  const secretPath = `${mountName}/${pathName}`;
  const inNamespace = namespace ? ` in namespace ${namespace.join('/')}` : '';
  // How messages name the secret: `secret/musimap#client_secret (version 3) in namespace admin`.
  const ref = `${secretPath}#${read.field}${version === undefined ? '' : ` (version ${version})`}${inNamespace}`;
  const origin = base.origin;
  const secrets = [read.token];
  const answer = await callVault({
    base,
    method: 'GET',
    segments: [...mount, 'data', ...path],
    ...(version === undefined ? {} : { query: { version: String(version) } }),
    token: read.token,
    ...(namespace ? { namespace } : {}),
    timeoutMs: read.timeoutMs ?? DEFAULT_VAULT_TIMEOUT_MS,
    what: `reading the Vault secret ${ref}`,
    secrets,
  });
  const gone = answer.status === 404 || answer.status === 200 ? deletedVersion(answer, version) : undefined;
  if (gone) {
    const fix = gone.destroyed
      ? 'It can never be read again: read another version, or write the secret again.'
      : `Undelete it (vault kv undelete -mount=${mountName} -versions=${gone.version ?? '<n>'} ${pathName}) or read another version.`;
    const which = gone.version === undefined ? 'The latest version' : `Version ${gone.version}`;
    throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${origin}: ${which} of ${secretPath} was ${gone.destroyed ? 'destroyed' : `deleted${gone.time}`} (reading ${ref}). ${fix}`);
  }
  if (answer.status !== 200) {
    const policyPath = `${mountName}/data/${pathName}`;
    throw vaultRefusal(
      answer,
      {
        subject: `Vault at ${origin} refused reading ${ref}`,
        forbidden: `Permission denied: the token's policy does not allow reading ${policyPath}, or the token expired or was revoked. Log in again (vault login, or a fresh VAULT_TOKEN), or ask your Vault admin for a policy with "read" on "${policyPath}".`,
        notFound: `There is no secret at ${secretPath}${version === undefined ? '' : ` version ${version}`}${inNamespace}. Check the mount and the path (vault kv get -mount=${mountName} ${pathName}), that ${mountName} is a KV version 2 mount${namespace ? '' : ', and whether the secret lives in a namespace'}.`,
        badRequest: 'Check the mount, the path and the version.',
      },
      secrets,
    );
  }
  return fieldOf(secretData(answer, origin, ref, mountName), read.field, ref);
}

/**
 * A version Vault says was deleted or destroyed: KV v2 answers 404 with `data.data: null` and the
 * version's metadata (`deletion_time`, `destroyed`). A 200 with a deletion_time is a version set to
 * be deleted later (delete_version_after), readable until then: only a null `data.data` counts.
 */
function deletedVersion(answer: VaultAnswer, asked: number | undefined): { version: number | undefined; destroyed: boolean; time: string } | undefined {
  const data = objectAt(answer.json, 'data');
  const metadata = objectAt(data, 'metadata');
  if (!data || !metadata || data.data !== null) return undefined;
  const deletion = metadata.deletion_time;
  const destroyed = metadata.destroyed === true;
  if (!destroyed && (typeof deletion !== 'string' || deletion === '')) return undefined;
  const version = Number.isSafeInteger(metadata.version) && (metadata.version as number) > 0 ? (metadata.version as number) : asked;
  // The server's words: repeated only in the shape of an RFC 3339 time.
  const time = typeof deletion === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(deletion) ? ` on ${deletion}` : '';
  return { version, destroyed, time };
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

/** The secret's key/value pairs: `data.data` of a KV v2 read. */
function secretData(answer: VaultAnswer, origin: string, ref: string, mount: string): Record<string, unknown> {
  if (answer.json === undefined) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${origin} answered reading ${ref} with something that is not JSON. Check the Vault address points at Vault's API.`);
  }
  const data = objectAt(objectAt(answer.json, 'data'), 'data');
  if (!data) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${origin} answered reading ${ref} without the secret's data (no data.data). Check that ${mount} is a KV version 2 mount (vault secrets list -detailed).`);
  }
  return data;
}

/** One field's value; a missing or non-text field is named with the fields that exist, never a value. */
function fieldOf(data: Record<string, unknown>, field: string, ref: string): string {
  const value = Object.hasOwn(data, field) ? data[field] : undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (value === undefined) {
    const names = Object.keys(data);
    const listed = names.slice(0, MAX_LISTED_FIELDS).map(shownName).join(', ');
    const more = names.length > MAX_LISTED_FIELDS ? ` and ${names.length - MAX_LISTED_FIELDS} more` : '';
    const has = names.length === 0 ? 'it has no fields' : `its fields are ${listed}${more}`;
    throw new TokendeckError('SOURCE_UNAVAILABLE', `The Vault secret ${ref} has no field ${shownName(field)}: ${has}. Set the field to one of them.`);
  }
  const kind = value === '' ? 'empty' : value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  throw new TokendeckError('SOURCE_UNAVAILABLE', `The field ${shownName(field)} of the Vault secret ${ref} is ${kind}, not a text value. Store the secret (or the PEM) as a non-empty string in that field.`);
}

/** Logs in with AppRole (role_id and secret_id) and answers the client token Vault issued. */
export async function vaultAppRoleLogin(login: AppRoleLogin): Promise<VaultLogin> {
  const base = vaultBaseUrl(login.address);
  const mount = vaultPathSegments('mount', login.mount ?? 'approle');
  const namespace = login.namespace === undefined ? undefined : vaultPathSegments('namespace', login.namespace);
  checkVaultName('AppRole role_id', login.roleId, 'roleId');
  checkVaultName('AppRole secret_id', login.secretId, 'secretId');
  const origin = base.origin;
  const authPath = `auth/${mount.join('/')}`;
  const at = `${authPath}${namespace ? ` in namespace ${namespace.join('/')}` : ''}`;
  // The role_id names the role, like a client id beside its secret: only the secret_id is scrubbed.
  const secrets = [login.secretId];
  const answer = await callVault({
    base,
    method: 'POST',
    segments: ['auth', ...mount, 'login'],
    ...(namespace ? { namespace } : {}),
    body: { role_id: login.roleId, secret_id: login.secretId },
    timeoutMs: login.timeoutMs ?? DEFAULT_VAULT_TIMEOUT_MS,
    what: `the AppRole login at ${at}`,
    secrets,
  });
  if (answer.status !== 200) {
    throw vaultRefusal(
      answer,
      {
        subject: `Vault at ${origin} refused the AppRole login at ${at}`,
        forbidden: 'The login is not allowed from this machine or in this namespace (a CIDR restriction on the role or secret_id): ask your Vault admin.',
        notFound: `No auth method answers at ${authPath}: check that AppRole is enabled there (vault auth list)${namespace ? '' : ' and whether it lives in a namespace'}.`,
        badRequest: 'Check the role_id and the secret_id: a secret_id may be used up or expired; ask for a new one.',
      },
      secrets,
    );
  }
  const auth = objectAt(answer.json, 'auth');
  const token = auth?.client_token;
  const lease = auth?.lease_duration;
  if (typeof token !== 'string' || !isVaultToken(token) || typeof lease !== 'number' || !Number.isSafeInteger(lease) || lease < 0) {
    throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${origin} accepted the AppRole login at ${at} but its answer has no usable auth.client_token and auth.lease_duration. Check the Vault address points at Vault's API.`);
  }
  return { token, leaseSeconds: lease };
}

/**
 * The Vault token from the environment, as the vault CLI reads it: VAULT_TOKEN, trimmed.
 * Undefined when unset or blank. A token with a line break inside is refused, never quoted.
 */
export function vaultTokenFrom(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const token = env.VAULT_TOKEN?.trim();
  if (!token) return undefined;
  if (/[\r\n]/.test(token)) {
    throw new TokendeckError('VALIDATION', 'VAULT_TOKEN holds a line break. Set it to the token alone (export VAULT_TOKEN="$(vault print token)").');
  }
  return token;
}
