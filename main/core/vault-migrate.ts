// The store's migrations, done once per vault when it is first opened by a newer Tokendeck
// (json-file-store.ts keeps the previous file as `vault.json.v<N>.bak`). Each step takes the raw
// JSON of one schema version to the next; the result is then validated by the current schema.
import { environmentsOfClients } from './model/environments.js';

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Raw[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/**
 * Schema 1 → 2: every organization gets environments made from its clients' labels (their
 * URLs stay on the organization, so each environment has the organization's values, as before).
 * An environment is production when named so or when every client in it was marked production;
 * a client's own mark is kept only where it differs from its environment's. The trash's
 * organizations are given theirs from the clients removed with them.
 */
function environmentsFromLabels(org: Raw, clients: Raw[]): void {
  const own = clients.filter((c) => c.organizationId === org.id && typeof c.environment === 'string') as Array<Raw & { environment: string; production?: boolean }>;
  const environments = environmentsOfClients(own);
  org.environments = environments;
  for (const client of own) {
    const env = environments.find((e) => e.name.toLowerCase() === client.environment.toLowerCase());
    if (env && client.production === env.production) delete client.production;
  }
}

function toVersion2(data: Raw): Raw {
  const clients = records(data.clients);
  for (const org of records(data.organizations)) environmentsFromLabels(org, clients);
  for (const entry of records(data.trash)) {
    if (isRecord(entry.organization)) environmentsFromLabels(entry.organization, records(entry.clients));
  }
  return { ...data, schemaVersion: 2 };
}

/** Schema 2 → 3: secret sources are new and optional; nothing moves. The step exists so an older Tokendeck refuses the file instead of dropping the sources it does not know. */
const toVersion3 = (data: Raw): Raw => ({ ...data, schemaVersion: 3 });

const STEPS: Record<number, (data: Raw) => Raw> = { 1: toVersion2, 2: toVersion3 };

/** `raw` (schema `from`) brought to the current schema, or undefined if a step is missing. Works on a copy. */
export function migrateVault(raw: unknown, from: number): unknown {
  if (!isRecord(raw)) return raw;
  let data = structuredClone(raw);
  for (let version = from; STEPS[version]; version += 1) data = STEPS[version]!(data);
  return data;
}
