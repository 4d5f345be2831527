// A loopback stand-in for HashiCorp Vault / OpenBao, serving what the Vault secret source uses as
// Vault documents it (no Vault or OpenBao server installs here): the KV version 2 read
// `GET /v1/<mount>/data/<path>[?version=N]` with versions, soft-deleted and destroyed versions
// (404 with the version's metadata), the AppRole login `POST /v1/auth/<mount>/login`, namespaces
// (`X-Vault-Namespace`), tokens with a policy (403 "permission denied" outside it), a sealed
// server (503), errors as `{"errors":[…]}`. And hostile modes a real server or a proxy in front of
// it could show: a redirect elsewhere, a huge body, the token echoed in the error, no answer.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';

interface Version {
  data: Record<string, unknown>;
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

export interface TokenGrant {
  namespace?: string;
  /** Secret paths (`<mount>/<path>`, a trailing `*` for a prefix) the token's policy may read. */
  read: string[];
}

export type HostileMode =
  | { kind: 'redirect'; to: string }
  | { kind: 'huge' }
  | { kind: 'echo-token' }
  | { kind: 'silent' }
  | { kind: 'status'; status: number; body: string; contentType?: string };

export interface VaultStandIn extends Loopback {
  seen: SeenRequest[];
  sealed: boolean;
  hostile: HostileMode | undefined;
  /** Writes a new version of a secret; answers its number. */
  put(mount: string, path: string, data: Record<string, unknown>, namespace?: string): number;
  deleteVersion(mount: string, path: string, version: number, namespace?: string): void;
  destroyVersion(mount: string, path: string, version: number, namespace?: string): void;
  /** A new token with this policy. */
  issueToken(grant: TokenGrant): string;
  /** An AppRole role: its role_id and a secret_id; a login gets a token with the grant. */
  addAppRole(role: { mount?: string; namespace?: string; grant: TokenGrant; leaseSeconds: number }): { roleId: string; secretId: string };
}

const ns = (namespace: string | undefined) => (namespace ?? '').replace(/^\/+|\/+$/g, '');
const key = (namespace: string | undefined, mountPath: string) => `${ns(namespace)}|${mountPath}`;
const errors = (response: http.ServerResponse, status: number, ...messages: string[]) => sendJson(response, status, { errors: messages });
const envelope = (fields: Record<string, unknown>) => ({ request_id: randomBytes(8).toString('hex'), lease_id: '', renewable: false, lease_duration: 0, data: null, wrap_info: null, warnings: null, auth: null, ...fields });

export async function startVaultStandIn(options: { mounts?: string[] } = {}): Promise<VaultStandIn> {
  const mounts = options.mounts ?? ['secret'];
  const secrets = new Map<string, Version[]>();
  const tokens = new Map<string, TokenGrant>();
  const roles = new Map<string, { secretId: string; mount: string; namespace: string; grant: TokenGrant; leaseSeconds: number }>();
  const seen: SeenRequest[] = [];
  const state: { sealed: boolean; hostile: HostileMode | undefined } = { sealed: false, hostile: undefined };
  const newToken = (grant: TokenGrant) => {
    const token = `hvs.${randomBytes(18).toString('base64url')}`;
    tokens.set(token, grant);
    return token;
  };

  const loopback = await startLoopback(async (request, response) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://stand-in');
    seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
    const token = typeof request.headers['x-vault-token'] === 'string' ? request.headers['x-vault-token'] : '';
    const hostile = state.hostile;
    if (hostile?.kind === 'silent') return; // never answers; close() ends the socket
    if (hostile?.kind === 'redirect') {
      response.writeHead(307, { location: `${hostile.to}${url.pathname}${url.search}${url.search ? '&' : '?'}token=${encodeURIComponent(token)}` }).end();
      return;
    }
    if (hostile?.kind === 'huge') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"data":{"data":{"client_secret":"');
      for (let i = 0; i < 40; i++) response.write('x'.repeat(64 * 1024));
      response.end('"}}}');
      return;
    }
    if (hostile?.kind === 'echo-token') {
      const echoed = `1 error occurred:\n\t* token ${token} (base64 ${Buffer.from(token).toString('base64')}, X-Vault-Token: ${encodeURIComponent(token)}) is not valid here\u0007\n\n`;
      errors(response, 400, echoed);
      return;
    }
    if (hostile?.kind === 'status') {
      response.writeHead(hostile.status, { 'content-type': hostile.contentType ?? 'application/json' }).end(hostile.body);
      return;
    }
    if (state.sealed) return errors(response, 503, 'Vault is sealed');

    const namespace = ns(typeof request.headers['x-vault-namespace'] === 'string' ? request.headers['x-vault-namespace'] : undefined);
    // Vault decodes each segment of the request path.
    const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (segments[0] !== 'v1') return errors(response, 404, 'no handler for route');
    const apiPath = segments.slice(1);

    if (apiPath[0] === 'auth' && apiPath[apiPath.length - 1] === 'login' && request.method === 'POST') {
      const mount = apiPath.slice(1, -1).join('/');
      let login: { role_id?: unknown; secret_id?: unknown } = {};
      try {
        login = JSON.parse(body) as typeof login;
      } catch {
        return errors(response, 400, 'failed to parse JSON input');
      }
      const role = typeof login.role_id === 'string' ? roles.get(login.role_id) : undefined;
      if (!role || role.mount !== mount || role.namespace !== namespace) {
        if (![...roles.values()].some((r) => r.mount === mount && r.namespace === namespace)) return errors(response, 404, `no handler for route "auth/${mount}/login". route entry not found.`);
        return errors(response, 400, 'invalid role or secret ID');
      }
      if (login.secret_id !== role.secretId) return errors(response, 400, 'invalid role or secret ID');
      const client_token = newToken(role.grant);
      return sendJson(response, 200, envelope({ auth: { client_token, accessor: randomBytes(12).toString('hex'), policies: ['default', 'team'], token_policies: ['default', 'team'], metadata: { role_name: 'team' }, lease_duration: role.leaseSeconds, renewable: true, entity_id: '', token_type: 'service', orphan: true } }));
    }

    const dataAt = apiPath.indexOf('data');
    const mount = apiPath.slice(0, dataAt).join('/');
    if (request.method !== 'GET' || dataAt < 1 || !mounts.includes(mount)) return errors(response, 404, `no handler for route "${apiPath.join('/')}". route entry not found.`);
    const path = apiPath.slice(dataAt + 1).join('/');
    const grant = tokens.get(token);
    if (!grant) return errors(response, 403, '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n');
    const secretPath = `${mount}/${path}`;
    const allowed = ns(grant.namespace) === namespace && grant.read.some((p) => (p.endsWith('*') ? secretPath.startsWith(p.slice(0, -1)) : p === secretPath));
    if (!allowed) return errors(response, 403, '1 error occurred:\n\t* permission denied\n\n');
    const versions = secrets.get(key(namespace, secretPath));
    const asked = Number(url.searchParams.get('version') ?? 0);
    const number = asked === 0 ? (versions?.length ?? 0) : asked;
    const version = versions?.[number - 1];
    if (!version) return errors(response, 404);
    const metadata = { created_time: version.created_time, custom_metadata: null, deletion_time: version.deletion_time, destroyed: version.destroyed, version: number };
    if (version.destroyed || version.deletion_time) return sendJson(response, 404, envelope({ data: { data: null, metadata } }));
    return sendJson(response, 200, envelope({ data: { data: version.data, metadata } }));
  });

  const versionOf = (mount: string, path: string, version: number, namespace: string | undefined) => {
    const found = secrets.get(key(namespace, `${mount}/${path}`))?.[version - 1];
    if (!found) throw new Error(`stand-in: no version ${version} of ${mount}/${path}`);
    return found;
  };
  const standIn: VaultStandIn = {
    ...loopback,
    seen,
    get sealed() {
      return state.sealed;
    },
    set sealed(value: boolean) {
      state.sealed = value;
    },
    get hostile() {
      return state.hostile;
    },
    set hostile(value: HostileMode | undefined) {
      state.hostile = value;
    },
    put(mount, path, data, namespace) {
      const list = secrets.get(key(namespace, `${mount}/${path}`)) ?? [];
      list.push({ data, created_time: new Date().toISOString(), deletion_time: '', destroyed: false });
      secrets.set(key(namespace, `${mount}/${path}`), list);
      return list.length;
    },
    deleteVersion(mount, path, version, namespace) {
      versionOf(mount, path, version, namespace).deletion_time = new Date().toISOString();
    },
    destroyVersion(mount, path, version, namespace) {
      const found = versionOf(mount, path, version, namespace);
      found.destroyed = true;
      found.data = {};
    },
    issueToken: newToken,
    addAppRole({ mount = 'approle', namespace, grant, leaseSeconds }) {
      const roleId = randomBytes(16).toString('hex');
      const secretId = randomBytes(16).toString('hex');
      roles.set(roleId, { secretId, mount, namespace: ns(namespace), grant, leaseSeconds });
      return { roleId, secretId };
    },
  };
  return standIn;
}
