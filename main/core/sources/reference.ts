// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Where a client secret or a private key is read from, as the vault will store it and a setup
// file will carry it: a reference, never the value (issue 24). `keychain` is this machine's OS
// keychain (the default); `pass:<path>` an entry of a pass store; `vault:<mount>/<path>#<field>`
// (optionally `@<version>`) a HashiCorp Vault/OpenBao KV v2 secret; `command:<name>` a command set
// up on this machine (local only: a setup file never brings one). Pure and zod-free.
import { TokendeckError } from '../errors.js';

export type SecretReference =
  | { kind: 'keychain' }
  | { kind: 'pass'; path: string }
  | { kind: 'vault'; mount: string; path: string; field: string; version?: number }
  | { kind: 'command'; name: string };

export type SourceKind = SecretReference['kind'];

const MAX_REFERENCE = 500;
// One path segment: printable ASCII without spaces, '/', '#', '@', '\' or a quote; not '.' or '..'.
const SEGMENT = /^[A-Za-z0-9_.+=,:-]+$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function invalid(text: string, why: string): TokendeckError {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
  return new TokendeckError(
    'VALIDATION',
    `Invalid secret reference ${shown}: ${why}. Use keychain, pass:<path>, vault:<mount>/<path>#<field>[@<version>] or command:<name>.`,
    { field: 'source' },
  );
}

/** Why `path` is not a store path (segments joined by "/", none empty, "." or ".."), or undefined. */
export function storePathProblem(path: string): string | undefined {
  if (!path) return 'the path is empty';
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') return 'the path has an empty segment (a leading, trailing or doubled "/")';
    if (segment === '.' || segment === '..') return `the path may not have a "${segment}" segment`;
    if (!SEGMENT.test(segment)) return `"${segment.slice(0, 40)}" may hold only letters, digits and _ . + = , : -`;
  }
  if (segments[0]!.startsWith('-')) return 'the path may not start with "-"';
  return undefined;
}

export function parseSecretReference(text: string): SecretReference {
  if (text.length > MAX_REFERENCE) throw invalid(text, `it is longer than ${MAX_REFERENCE} characters`);
  if (text === 'keychain') return { kind: 'keychain' };
  const colon = text.indexOf(':');
  const scheme = colon === -1 ? text : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (colon === -1) throw invalid(text, 'it names no source');
  if (scheme === 'pass') {
    const problem = storePathProblem(rest);
    if (problem) throw invalid(text, problem);
    return { kind: 'pass', path: rest };
  }
  if (scheme === 'vault') {
    const hash = rest.lastIndexOf('#');
    if (hash === -1) throw invalid(text, 'a Vault reference names its field after "#" (vault:secret/app#client_secret)');
    const where = rest.slice(0, hash);
    let field = rest.slice(hash + 1);
    let version: number | undefined;
    const at = field.lastIndexOf('@');
    if (at !== -1) {
      const digits = field.slice(at + 1);
      if (!/^[1-9][0-9]{0,8}$/.test(digits)) throw invalid(text, 'the version after "@" must be a positive whole number');
      version = Number(digits);
      field = field.slice(0, at);
    }
    if (!SEGMENT.test(field)) throw invalid(text, 'the field may hold only letters, digits and _ . + = , : -');
    const slash = where.indexOf('/');
    if (slash === -1) throw invalid(text, 'a Vault reference is <mount>/<path> (vault:secret/app#field)');
    const mount = where.slice(0, slash);
    const path = where.slice(slash + 1);
    const problem = storePathProblem(mount) ?? storePathProblem(path);
    if (problem) throw invalid(text, problem);
    return { kind: 'vault', mount, path, field, ...(version === undefined ? {} : { version }) };
  }
  if (scheme === 'command') {
    if (!NAME.test(rest)) throw invalid(text, 'a command is named by 1-64 letters, digits, ".", "_" or "-" (its argv is set up on this machine)');
    return { kind: 'command', name: rest };
  }
  throw invalid(text, `"${scheme.slice(0, 20)}" is not a source`);
}

export function formatSecretReference(reference: SecretReference): string {
  switch (reference.kind) {
    case 'keychain':
      return 'keychain';
    case 'pass':
      return `pass:${reference.path}`;
    case 'vault':
      return `vault:${reference.mount}/${reference.path}#${reference.field}${reference.version === undefined ? '' : `@${reference.version}`}`;
    case 'command':
      return `command:${reference.name}`;
  }
}

/**
 * Whether the reference's path lies under one of the allowed prefixes, segment by segment: `team/`
 * and `team` allow `team/musimap` (strictly under it), never `team` itself or `teamwork/x` (item 3 of issue 24: an import may only
 * reference what the user allowed). A Vault reference's prefix includes its mount: `secret/musimap/`.
 */
export function isUnderPrefix(reference: SecretReference, prefixes: readonly string[]): boolean {
  const path = reference.kind === 'pass' ? reference.path : reference.kind === 'vault' ? `${reference.mount}/${reference.path}` : undefined;
  if (path === undefined) return false;
  const segments = path.split('/');
  return prefixes.some((prefix) => {
    const wanted = prefix.split('/').filter(Boolean);
    return wanted.length > 0 && wanted.length < segments.length && wanted.every((segment, i) => segments[i] === segment);
  });
}
