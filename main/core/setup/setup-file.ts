// A team's setup as one readable, diff-friendly JSON file: organizations, clients, keys' public
// halves and Key IDs, catalogs, agreements and saved requests. Never a secret, a private key or a
// token; no ids or timestamps that change on every export; keys sorted, lists in a stable order.
import { z } from 'zod';
import { ConsoleRequest, SavedRequestName } from '../console/console-model.js';
import { TokendeckError } from '../errors.js';
import { KeyId } from '../model/entities.js';
import { ClientInput, OrganizationInput } from '../model/inputs.js';
import { SecretSourceText } from '../model/primitives.js';
import { missingApiUrl } from '../providers/registry.js';
import { JWT_ALGORITHMS, usesKid } from '../jwt-profile.js';
import { formatPath, issueWords } from '../validate.js';

export const SETUP_SCHEMA_VERSION = 1;

const SetupKey = z.strictObject({
  /** Absent only for a profile that names no key (a GitHub App's): such a key is known by its thumbprint. */
  kid: KeyId.optional(),
  algorithm: z.enum(JWT_ALGORITHMS),
  // An 8192-bit RSA key's SPKI PEM is ~1.5 KB; an ES256 key's 180 characters.
  publicKeyPem: z.string().max(4096).startsWith('-----BEGIN PUBLIC KEY-----', 'must be a PEM public key ("-----BEGIN PUBLIC KEY-----")'),
  thumbprint: z.string().min(1).max(200),
  status: z.enum(['active', 'retired']),
  /** Where the private half is read (pass:…, vault:…): a reference, never the key. */
  privateKeySource: SecretSourceText.optional(),
});

const SetupSavedRequest = z.strictObject({
  name: SavedRequestName,
  request: ConsoleRequest.omit({ org: true }),
});

// The organization's own fields are checked by the same schema as `org add` (URLs, origins,
// token URL rules), the clients' by `client add`'s.
const SetupOrganization = z
  .strictObject({
    ...OrganizationInput.in.shape,
    // A client's TLS certificate travels (it is public; main parses it on import); its private key never does.
    clients: z.array(ClientInput.safeExtend({ certificate: z.string().max(64 * 1024).startsWith('-----BEGIN CERTIFICATE-----', 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----")').optional() })).max(1000).default([]),
    keys: z.array(SetupKey).max(100).default([]),
    savedRequests: z.array(SetupSavedRequest).max(1000).default([]),
  })
  .superRefine((org, ctx) => {
    const fields = organizationFields(org);
    const checked = OrganizationInput.safeParse(fields);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issueWords(issue, fields) });
    // No fallback host from a file: `org add` fills a preset's API URL in and says so, but an
    // import would fill it in silently, and it is where the app JWT goes. The file must name it.
    const apiUrlProblem = missingApiUrl(org);
    if (apiUrlProblem && !checked.error?.issues.some((issue) => issue.path[0] === 'apiBaseUrl')) ctx.addIssue({ code: 'custom', path: ['apiBaseUrl'], message: apiUrlProblem });
    // A proxy is this machine's network (and a file's proxy would relay the team's requests): only the CA bundle travels.
    for (const field of ['proxy', 'noProxy'] as const) {
      if (org.network?.[field] !== undefined) ctx.addIssue({ code: 'custom', path: ['network', field], message: `a ${field === 'proxy' ? 'proxy' : 'NO_PROXY list'} is this machine's own setting and does not travel in a setup file: remove it, and set it here (tokendeck org update ${org.name} --${field === 'proxy' ? 'proxy' : 'no-proxy'} …)` });
    }
    duplicates(org.clients.map((c) => c.name), ['clients'], 'client name', ctx);
    duplicates(org.keys.flatMap((k) => (k.kid === undefined ? [] : [k.kid])), ['keys'], 'Key ID', ctx);
    org.keys.forEach((k, j) => {
      if (k.kid === undefined && usesKid(org)) ctx.addIssue({ code: 'custom', path: ['keys', j, 'kid'], message: 'a key needs its Key ID (only a profile without Key IDs, like a GitHub App\'s, has keys without one)' });
    });
    duplicates(org.savedRequests.map((s) => s.name), ['savedRequests'], 'saved request name', ctx);
  });

/** An organization of the file without its lists: the fields `org add` takes. */
export function organizationFields<O extends { clients: unknown; keys: unknown; savedRequests: unknown }>(org: O): Omit<O, 'clients' | 'keys' | 'savedRequests'> {
  const { clients: _clients, keys: _keys, savedRequests: _saved, ...fields } = org;
  return fields;
}

export const SetupFile = z
  .strictObject({
    tokendeckSetup: z.literal(SETUP_SCHEMA_VERSION),
    organizations: z.array(SetupOrganization).max(10_000),
  })
  .superRefine((file, ctx) => duplicates(file.organizations.map((o) => o.name), ['organizations'], 'organization name', ctx));
export type SetupFile = z.infer<typeof SetupFile>;
export type SetupOrganization = z.infer<typeof SetupOrganization>;

function duplicates(names: string[], path: Array<string | number>, what: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const key = name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [...path, index, what === 'Key ID' ? 'kid' : 'name'], message: `${what} "${name}" appears twice (also at index ${seen.get(key)})` });
    else seen.set(key, index);
  });
}

/** Where a JSON syntax error is, as a line and column (Node 20 gives a position, Node 22 both). */
function syntaxProblem(text: string, error: Error): string {
  const line = /line (\d+) column (\d+)/.exec(error.message);
  if (line) return `line ${line[1]}, column ${line[2]}`;
  const position = /position (\d+)/.exec(error.message);
  const at = position ? Number(position[1]) : text.length;
  const before = text.slice(0, at).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}${at >= text.trimEnd().length ? ' (the file ends early: is it truncated?)' : ''}`;
}

/** Parses and checks a setup file; every problem is a VALIDATION error naming where it is. */
export function parseSetupFile(text: string): SetupFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TokendeckError('VALIDATION', `The setup file is not valid JSON at ${syntaxProblem(text, error as Error)}. Nothing was imported.`);
  }
  const version = (raw as { tokendeckSetup?: unknown } | null)?.tokendeckSetup;
  if (typeof version === 'number' && version > SETUP_SCHEMA_VERSION) {
    throw new TokendeckError('VALIDATION', `The setup file is from a newer Tokendeck (format ${version}; this one reads ${SETUP_SCHEMA_VERSION}). Update Tokendeck to import it. Nothing was imported.`);
  }
  if (version === undefined) throw new TokendeckError('VALIDATION', 'This is not a Tokendeck setup file (no "tokendeckSetup" version). Nothing was imported.');
  const parsed = SetupFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path) || 'the top level'}: ${issueWords(issue, raw)}`);
    const field = formatPath(parsed.error.issues[0]?.path ?? []);
    throw new TokendeckError('VALIDATION', `The setup file is invalid — ${problems.join('; ')}. Nothing was imported.`, field ? { field } : {});
  }
  return parsed.data;
}

/** JSON with every object's keys sorted: the same setup always gives the same bytes. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
