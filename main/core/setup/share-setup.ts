// Exports the vault's setup without its secrets, and imports one: merged by name, with a preview
// of what will be added or changed. Imported clients have no secret ("secret missing" until their
// owner sets it); imported keys are public halves that verify but do not sign.
import type { ConsoleService } from '../console/console-service.js';
import { TokendeckError } from '../errors.js';
import { OrganizationInput, sameName, type Client, type Organization } from '../model.js';
import type { OrganizationTree, Vault } from '../vault.js';
import { organizationFields, parseSetupFile, SETUP_SCHEMA_VERSION, stableJson, type SetupFile, type SetupOrganization } from './setup-file.js';

export interface ImportStep {
  action: 'add' | 'change' | 'keep';
  /** "acme", "acme/web", "acme key KID-1", "acme saved Introspect" */
  what: string;
  detail: string;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function exportOrganization(org: OrganizationTree, saved: ReturnType<ConsoleService['saved']>): SetupOrganization {
  return {
    name: org.name,
    provider: org.provider,
    ...(org.apiBaseUrl ? { apiBaseUrl: org.apiBaseUrl } : {}),
    ...(org.tokenUrl ? { tokenUrl: org.tokenUrl } : {}),
    allowedOrigins: [...org.allowedOrigins].sort(),
    ...(org.agreement ? { agreement: org.agreement } : {}),
    catalogs: [...org.catalogs].sort((a, b) => a.id.localeCompare(b.id)),
    ...(org.notes ? { notes: org.notes } : {}),
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
      })),
    keys: [...org.keys].sort((a, b) => a.kid.localeCompare(b.kid)).map((k) => ({ kid: k.kid, algorithm: k.algorithm, publicKeyPem: k.publicKeyPem, thumbprint: k.thumbprint, status: k.status })),
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

const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);

function orgChanges(local: Organization, incoming: SetupOrganization): Record<string, unknown> {
  const normalized = OrganizationInput.parse(organizationFields(incoming));
  const changes: Record<string, unknown> = {};
  for (const field of ['apiBaseUrl', 'tokenUrl', 'allowedOrigins', 'agreement', 'catalogs', 'notes'] as const) {
    const next = normalized[field];
    if (next !== undefined && !same(local[field], next)) changes[field] = next;
  }
  return changes;
}

function clientChanges(local: Client, incoming: SetupOrganization['clients'][number]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of ['environment', 'clientId', 'integrationUsers', 'defaultScheme', 'autoRefresh', 'devtokenTtlSeconds', 'oauth2'] as const) {
    const next = incoming[field];
    if (next !== undefined && !same(local[field], next)) changes[field] = next;
  }
  return changes;
}

const describeChanges = (changes: Record<string, unknown>) => Object.keys(changes).join(', ');

/** What importing would do, without doing it. Refuses conflicts it cannot merge. */
export function planImport(vault: Vault, requests: ConsoleService, text: string): { file: SetupFile; steps: ImportStep[] } {
  const file = parseSetupFile(text);
  const steps: ImportStep[] = [];
  const tree = vault.tree().organizations;
  file.organizations.forEach((incoming, index) => {
    const local = tree.find((o) => sameName(o.name, incoming.name));
    if (!local) {
      steps.push({ action: 'add', what: incoming.name, detail: `${incoming.provider} organization with ${incoming.clients.length} clients, ${incoming.keys.length} keys, ${incoming.savedRequests.length} saved requests` });
      for (const c of incoming.clients) steps.push({ action: 'add', what: `${incoming.name}/${c.name}`, detail: 'client (secret missing until you set it)' });
      for (const k of incoming.keys) steps.push({ action: 'add', what: `${incoming.name} key ${k.kid}`, detail: 'public key (verifies; import the private key to sign)' });
      for (const s of incoming.savedRequests) steps.push({ action: 'add', what: `${incoming.name} saved ${s.name}`, detail: `${s.request.method} ${s.request.url}` });
      return;
    }
    if (local.provider !== incoming.provider) {
      throw new TokendeckError('VALIDATION', `The setup file is invalid — organizations[${index}].provider: "${incoming.name}" is ${incoming.provider} in the file but ${local.provider} here; rename one. Nothing was imported.`);
    }
    const changes = orgChanges(local, incoming);
    steps.push(Object.keys(changes).length ? { action: 'change', what: local.name, detail: describeChanges(changes) } : { action: 'keep', what: local.name, detail: 'unchanged' });
    for (const c of incoming.clients) {
      const existing = local.clients.find((l) => sameName(l.name, c.name));
      if (!existing) steps.push({ action: 'add', what: `${local.name}/${c.name}`, detail: 'client (secret missing until you set it)' });
      else {
        const clientDiff = clientChanges(existing, c);
        steps.push(Object.keys(clientDiff).length ? { action: 'change', what: `${local.name}/${existing.name}`, detail: describeChanges(clientDiff) } : { action: 'keep', what: `${local.name}/${existing.name}`, detail: 'unchanged' });
      }
    }
    for (const k of incoming.keys) {
      const existing = local.keys.find((l) => l.kid === k.kid);
      if (!existing) steps.push({ action: 'add', what: `${local.name} key ${k.kid}`, detail: 'public key (verifies; import the private key to sign)' });
      else steps.push({ action: 'keep', what: `${local.name} key ${k.kid}`, detail: existing.thumbprint === k.thumbprint ? 'unchanged' : 'differs from the key here: the local key is kept' });
    }
    const saved = requests.saved(local.name);
    for (const s of incoming.savedRequests) {
      const existing = saved.find((l) => sameName(l.name, s.name));
      const { org: _org, ...existingRequest } = existing?.request ?? { org: '' };
      if (!existing) steps.push({ action: 'add', what: `${local.name} saved ${s.name}`, detail: `${s.request.method} ${s.request.url}` });
      else steps.push(same(existingRequest, s.request) ? { action: 'keep', what: `${local.name} saved ${s.name}`, detail: 'unchanged' } : { action: 'change', what: `${local.name} saved ${s.name}`, detail: `${s.request.method} ${s.request.url}` });
    }
  });
  return { file, steps };
}

/** Imports: the plan is made (and every check passed) before the first change. */
export async function importSetup(vault: Vault, requests: ConsoleService, text: string): Promise<ImportStep[]> {
  const { file, steps } = planImport(vault, requests, text);
  for (const incoming of file.organizations) {
    const { clients, keys, savedRequests } = incoming;
    const local = vault.tree().organizations.find((o) => sameName(o.name, incoming.name));
    const orgName = local?.name ?? (await vault.addOrganization(organizationFields(incoming))).name;
    if (local) {
      const changes = orgChanges(local, incoming);
      if (Object.keys(changes).length) await vault.updateOrganization(orgName, changes);
    }
    const here = vault.tree().organizations.find((o) => o.name === orgName)!;
    for (const client of clients) {
      const existing = here.clients.find((c) => sameName(c.name, client.name));
      if (!existing) await vault.addClient(orgName, client);
      else {
        const changes = clientChanges(existing, client);
        if (Object.keys(changes).length) await vault.updateClient(orgName, existing.name, changes);
      }
    }
    for (const key of keys) {
      if (!here.keys.some((k) => k.kid === key.kid)) await vault.addPublicKey(orgName, key.kid, key.publicKeyPem, key.status);
    }
    for (const saved of savedRequests) await requests.save(saved.name, { ...saved.request, org: orgName });
  }
  return steps;
}
