// Exports the vault's setup without its secrets, and imports one: merged by name (setup-merge.ts),
// with a preview of what will be added or changed and, apart, of any change to where a stored
// secret goes. Imported clients have no secret ("secret missing" until their owner sets it);
// imported keys are public halves that verify but do not sign. Keys still waiting for their Key ID
// are not exported.
import type { ConsoleService } from '../console/console-service.js';
import { destinationChangeDeclined, destinationChangeRefused, sameDestinationChanges, type ConfirmDestinationChange } from '../destination-change.js';
import { TokendeckError } from '../errors.js';
import { isPending } from '../model/entities.js';
import { environmentFields } from '../model/environments.js';
import { usesKid } from '../jwt-profile.js';
import { organizationSettingsOf } from '../providers/settings.js';
import { describePublicKey } from '../signing-keys.js';
import type { OrganizationTree, Vault } from '../vault.js';
import { parseSetupFile, SETUP_SCHEMA_VERSION, stableJson, type SetupFile, type SetupOrganization } from './setup-file.js';
import { mergeSetup, setupKeyId, type ImportDestinationChange, type ImportStep, type PublicKeyMaterial, type SetupMerge } from './setup-merge.js';
import type { SourceCheck } from '../sources/secret-sources.js';

export type { ImportDestinationChange, ImportStep };

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function exportOrganization(org: OrganizationTree, saved: ReturnType<ConsoleService['saved']>): SetupOrganization {
  return {
    name: org.name,
    provider: org.provider,
    ...(org.apiBaseUrl ? { apiBaseUrl: org.apiBaseUrl } : {}),
    ...(org.tokenUrl ? { tokenUrl: org.tokenUrl } : {}),
    allowedOrigins: [...org.allowedOrigins].sort(),
    // In the organization's order, with only what each sets: unset values are the organization's.
    environments: org.environments.map((e) => {
      const fields = environmentFields(e);
      return fields.allowedOrigins ? { ...fields, allowedOrigins: [...fields.allowedOrigins].sort() } : fields;
    }),
    ...(org.agreement ? { agreement: org.agreement } : {}),
    catalogs: [...org.catalogs].sort((a, b) => a.id.localeCompare(b.id)),
    ...(org.notes ? { notes: org.notes } : {}),
    // A provider's settings travel whole: none holds a secret (a signed-JWT profile's claims are
    // public in every token; an API key's placement says where the key goes, never the key).
    ...organizationSettingsOf(org),
    // A CA bundle is the team's (the servers it vouches for are the same for everyone); a proxy and
    // NO_PROXY are this machine's network, and stay here.
    ...(org.network?.caPem ? { network: { caPem: org.network.caPem } } : {}),
    clients: [...org.clients]
      .sort((a, b) => a.environment.localeCompare(b.environment) || a.name.localeCompare(b.name))
      .map((c) => ({
        name: c.name,
        environment: c.environment,
        clientId: c.clientId,
        integrationUsers: c.integrationUsers,
        defaultScheme: c.defaultScheme,
        autoRefresh: c.autoRefresh,
        ...(c.devtokenTtlSeconds ? { devtokenTtlSeconds: c.devtokenTtlSeconds } : {}),
        ...(c.oauth2 ? { oauth2: c.oauth2 } : {}),
        ...(c.jwt ? { jwt: c.jwt } : {}),
        // Where its secret is read, when not from this machine's keychain: a reference, never the value.
        ...(c.secretSource ? { secretSource: c.secretSource } : {}),
        // Its TLS certificate (public); the private key stays in this keychain.
        ...(c.certificate ? { certificate: c.certificate.pem } : {}),
      })),
    // A pending key stays out: a shared key verifies DevTokens by their `kid`, which it lacks yet.
    // A profile without Key IDs (GitHub Apps) has only such keys: they travel, known by thumbprint.
    keys: org.keys
      .filter((k) => !isPending(k) || !usesKid(org))
      .sort((a, b) => (a.kid ?? a.thumbprint).localeCompare(b.kid ?? b.thumbprint))
      .map((k) => ({
        ...(k.kid === undefined ? {} : { kid: k.kid }),
        algorithm: k.algorithm,
        publicKeyPem: k.publicKeyPem,
        thumbprint: k.thumbprint,
        status: k.status,
        ...(k.privateKeySource ? { privateKeySource: k.privateKeySource } : {}),
      })),
    savedRequests: [...saved].sort(byName).map((s) => {
      const { org: _org, ...request } = s.request;
      return { name: s.name, request };
    }),
  };
}

/** The whole setup as stable, diff-friendly JSON text. */
export function exportSetup(vault: Vault, requests: ConsoleService): string {
  const organizations = [...vault.tree().organizations].sort(byName).map((org) => exportOrganization(org, requests.saved(org.name)));
  const file: SetupFile = { tokendeckSetup: SETUP_SCHEMA_VERSION, organizations };
  return stableJson(file);
}

/**
 * A secret the file says where to read, and what this machine makes of it: `readable` (read just
 * now, the value not shown), `unreadable` (set up and allowed, but the read failed: `detail` says
 * why), `local-only` (a command: set up on each machine, the import leaves it), `not-set-up` or
 * `outside-prefixes` (refused: nothing is imported while one is in the file).
 */
export interface ImportSource {
  what: string;
  reference: string;
  status: 'readable' | 'unreadable' | 'not-checked' | 'local-only' | 'not-set-up' | 'outside-prefixes';
  detail: string;
}

/** What an import does (or would do): every step, and apart, the changes to where secrets go. */
export interface ImportPlan {
  /** Every step; the ones declined (`skip`) marked `skipped`. */
  steps: ImportStep[];
  /** Of the steps imported only, each with its step. */
  destinationChanges: ImportDestinationChange[];
  /** Per secret the file references: where it comes from and whether this machine can read it. */
  sources: ImportSource[];
}

export interface ImportOptions {
  /**
   * Asked once, before anything is written, with every destination change of the file (the app:
   * main's native dialog; the CLI: --allow-destination-change). Without it they are refused.
   */
  confirmDestinationChange?: ConfirmDestinationChange;
  /**
   * The steps declined, by their `what` ("acme/web", "acme key KID-1"; any case): the rest is
   * imported. A declined organization takes all of its own with it; a declined client, its saved
   * requests. Each must name an add or change step of the file.
   */
  skip?: readonly string[];
}

/** The declined steps as the merge looks them up; one the file does not add or change is a VALIDATION error. */
function skipSet(merge: (skip: ReadonlySet<string>) => SetupMerge, skip: readonly string[] = []): ReadonlySet<string> {
  const chosen = new Set(skip.map((what) => what.toLowerCase()));
  if (!chosen.size) return chosen;
  const choosable = new Set(merge(new Set()).steps.filter((s) => s.action !== 'keep').map((s) => s.what.toLowerCase()));
  const unknown = skip.filter((what) => !choosable.has(what.toLowerCase()));
  if (unknown.length) {
    throw new TokendeckError('VALIDATION', `Nothing to skip named ${unknown.map((w) => `"${w}"`).join(', ')}: skip takes what a step adds or changes, as the preview names it (${[...choosable].slice(0, 5).join(', ') || 'this file changes nothing'}). Nothing was imported.`);
  }
  return chosen;
}

/** The file, parsed, with the material of each of its public keys (by PEM and algorithm as written). */
async function readSetup(text: string): Promise<{ file: SetupFile; keys: Map<string, PublicKeyMaterial> }> {
  const file = parseSetupFile(text);
  // Keyed by PEM and algorithm: a key is checked against every algorithm it is given under, so the
  // same P-256 key in an ES256 and an RS256 organization cannot pass on its first fit.
  const pems = new Map<string, { pem: string; where: string; algorithm: SetupOrganization['keys'][number]['algorithm'] }>();
  file.organizations.forEach((org, i) =>
    org.keys.forEach((key, j) => {
      const id = setupKeyId(key);
      if (!pems.has(id)) pems.set(id, { pem: key.publicKeyPem, where: `organizations[${i}].keys[${j}].publicKeyPem`, algorithm: key.algorithm });
    }),
  );
  // All at once: each thumbprint's digest is asynchronous, and awaited one by one they would
  // leave the process idle for most of a big import.
  const described = await Promise.all(
    [...pems].map(async ([id, { pem, where, algorithm }]) => {
      try {
        return [id, await describePublicKey(pem, algorithm)] as const;
      } catch (error) {
        if (!(error instanceof TokendeckError)) throw error;
        throw new TokendeckError('VALIDATION', `The setup file is invalid — ${where}: ${error.message} Nothing was imported.`);
      }
    }),
  );
  return { file, keys: new Map(described) };
}

/** The sources of a merge, as the plan shows them; `checks` has the readable ones' read results (a preview). */
function sourcesOf(merge: SetupMerge, checks: ReadonlyMap<string, SourceCheck> = new Map()): ImportSource[] {
  return merge.sources.map(({ what, reference, purpose, verdict }): ImportSource => {
    if (verdict.kind === 'local-only') return { what, reference, status: 'local-only', detail: 'a command is set up on each machine by its user: this import leaves the secret as it is here' };
    if (verdict.kind !== 'allowed') return { what, reference, status: verdict.kind, detail: verdict.fix };
    const check = checks.get(`${purpose} ${reference}`);
    if (!check) return { what, reference, status: 'not-checked', detail: `not read: a plan reads the first ${MAX_CHECKED_SOURCES} references only` };
    return check.readable ? { what, reference, status: 'readable', detail: 'this machine can read it' } : { what, reference, status: 'unreadable', detail: `${check.error.code}: ${check.error.message}` };
  });
}

const planOf = (merge: SetupMerge, checks?: ReadonlyMap<string, SourceCheck>): ImportPlan => ({ steps: merge.steps, destinationChanges: merge.destinationChanges, sources: sourcesOf(merge, checks) });

const verdictOf = (vault: Vault) => {
  const settings = vault.sources.settingsOrNone();
  return (reference: string) => vault.sources.importVerdict(reference, settings);
};

/** A file that references what this machine does not allow is refused whole, each reference named. */
function refuseSources(merge: SetupMerge): void {
  const refused = merge.sources.filter((s) => s.verdict.kind === 'not-set-up' || s.verdict.kind === 'outside-prefixes');
  if (!refused.length) return;
  const outside = refused.some((s) => s.verdict.kind === 'outside-prefixes');
  const lines = refused.map((s) => `${s.what} → ${s.reference}: ${(s.verdict as { fix: string }).fix.replace(/\.$/, '')}`);
  throw new TokendeckError(outside ? 'VALIDATION' : 'SOURCE_UNAVAILABLE', `The setup file reads secrets from where this machine does not allow — ${lines.join('; ')}. Nothing was imported.`);
}

/** What importing would do, without doing it, with each secret reference read once to say whether this machine can. Refuses conflicts it cannot merge. */
export async function planImport(vault: Vault, requests: ConsoleService, text: string, skip?: readonly string[]): Promise<ImportPlan> {
  const { file, keys } = await readSetup(text);
  const mergeWith = (chosen: ReadonlySet<string>) => mergeSetup(vault.snapshot(), requests.store.read().saved, file, keys, verdictOf(vault), chosen);
  const merge = mergeWith(skipSet(mergeWith, skip));
  return planOf(merge, await checkSources(vault, merge));
}

/**
 * Imports all of the steps chosen (all but `skip`) or nothing: the whole merge is checked first, destination changes are confirmed
 * (or refused) before the vault's lock is taken, and the vault is written once. The saved
 * requests are written into the console's store just before, from inside the vault's change, so
 * a failure of either leaves both as they were. Imports make no keychain entry: clients come
 * without their secret, keys without their private half.
 */
export async function importSetup(vault: Vault, requests: ConsoleService, text: string, options: ImportOptions = {}): Promise<ImportPlan> {
  const { file, keys } = await readSetup(text);
  const verdict = verdictOf(vault);
  const skip = skipSet((chosen) => mergeSetup(vault.snapshot(), requests.store.read().saved, file, keys, verdict, chosen), options.skip);
  const first = mergeSetup(vault.snapshot(), requests.store.read().saved, file, keys, verdict, skip);
  refuseSources(first);
  const preview = first.destinationChanges;
  if (preview.length) {
    const confirm = options.confirmDestinationChange;
    if (!confirm) throw destinationChangeRefused(preview, 'Check the file with whoever sent it; if the change is expected, import with --allow-destination-change.');
    if (!(await confirm({ action: 'import', changes: preview }))) throw destinationChangeDeclined(preview);
  }
  let undoSaved: (() => Promise<void>) | undefined;
  let merge: SetupMerge;
  try {
    merge = await vault.transact(async (data) => {
      const merged = mergeSetup(data, requests.store.read().saved, file, keys, verdict, skip);
      if (!sameDestinationChanges(merged.destinationChanges, preview)) {
        throw new TokendeckError('CANCELLED', 'The vault changed while the import was being confirmed. Nothing was imported; preview the file and import it again.');
      }
      if (merged.savedRequests.length) undoSaved = await requests.store.saveMany(merged.savedRequests);
      return merged;
    });
  } catch (error) {
    await undoSaved?.().catch(() => undefined);
    throw error;
  }
  for (const { org, client } of merge.sourcedClients) await vault.trashKeychainSecret(org, client);
  return planOf(merge, await checkSources(vault, merge));
}

/**
 * How many references a plan reads: a file may name thousands, and each read is a `pass show` or a
 * request to the team's Vault with this user's token. The others show as not-checked.
 */
export const MAX_CHECKED_SOURCES = 25;

/** Each allowed reference read once (one at a time: gpg may ask the user for the passphrase once), the value not shown. */
async function checkSources(vault: Vault, merge: SetupMerge): Promise<Map<string, SourceCheck>> {
  const checks = new Map<string, SourceCheck>();
  for (const { reference, purpose, verdict } of merge.sources) {
    const key = `${purpose} ${reference}`;
    if (checks.size >= MAX_CHECKED_SOURCES) break;
    if (verdict.kind === 'allowed' && !checks.has(key)) checks.set(key, await vault.sources.check(reference, purpose));
  }
  return checks;
}
