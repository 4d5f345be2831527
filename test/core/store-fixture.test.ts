// A vault written by an earlier release opens whole: the committed fixture (store schema 1, every
// provider and record kind, made by test/fixtures/make-vault-v1.ts) is migrated once to the
// current schema (environments made from the clients' labels), nothing dropped, with the file as
// it was kept beside it (vault.json.v1.bak, 0600). A file from a newer Tokendeck is refused and
// left untouched.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OsKeychain } from '../../main/core/keychain.js';
import { STORE_SCHEMA_VERSION } from '../../main/core/model/primitives.js';
import { openCore, type Core } from '../../main/core/open-vault.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'vault-v1.json');

let home: string;
let core: Core;
const open = () => openCore({ home, keychain: new OsKeychain(`tokendeck-test-${randomBytes(6).toString('hex')}`) });
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-fixture-'));
  fs.copyFileSync(FIXTURE, path.join(home, 'vault.json'));
  fs.chmodSync(path.join(home, 'vault.json'), 0o600);
  core = open();
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

type Json = Record<string, unknown> & { organizations: Array<Record<string, unknown>>; clients: Array<Record<string, unknown>>; trash: Array<Record<string, unknown>> };

/** The fixture as schema 1 wrote it, with what the migration adds and removes, nothing else. */
function expectedAfterMigration(v1: Json): Json {
  const expected = structuredClone(v1);
  expected.schemaVersion = STORE_SCHEMA_VERSION;
  const environments: Record<string, unknown> = {
    acme: [{ name: 'development', production: false }],
    // "stage" was staging and marked production; the environment takes the mark, the client drops it.
    moodmap: [
      { name: 'staging', production: true },
      { name: 'production', production: true },
    ],
    partner: [{ name: 'qa-eu', production: false }],
    tunes: [{ name: 'development', production: false }],
    weather: [{ name: 'development', production: false }],
  };
  for (const org of expected.organizations) org.environments = environments[org.name as string];
  for (const client of expected.clients) if (client.name === 'stage') delete client.production;
  (expected.trash[0]!.organization as Record<string, unknown>).environments = [{ name: 'production', production: true }];
  return expected;
}

describe('a vault written by the schema-1 release', () => {
  it('opens migrated, every record kept, the old file beside it as vault.json.v1.bak (0600)', () => {
    const written = fs.readFileSync(FIXTURE, 'utf8');
    const v1 = JSON.parse(written) as Json;
    expect(v1.schemaVersion).toBe(1);
    expect(core.vault.snapshot()).toEqual(expectedAfterMigration(v1));
    // Migrated on disk once, on the first read, with the previous file kept byte for byte.
    const backup = path.join(home, 'vault.json.v1.bak');
    expect(fs.readFileSync(backup, 'utf8')).toBe(written);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'vault.json'), 'utf8'))).toEqual(expectedAfterMigration(v1));
    expect(fs.readdirSync(home).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('is migrated once: opening it again changes nothing, and the backup stays the first file', () => {
    core.vault.tree();
    const migrated = fs.readFileSync(path.join(home, 'vault.json'), 'utf8');
    const reopened = open();
    reopened.vault.tree();
    expect(fs.readFileSync(path.join(home, 'vault.json'), 'utf8')).toBe(migrated);
    expect(fs.readFileSync(path.join(home, 'vault.json.v1.bak'), 'utf8')).toBe(fs.readFileSync(FIXTURE, 'utf8'));
  });

  it('holds each provider and record kind the fixture was made with', () => {
    const tree = core.vault.tree();
    expect(tree.organizations.map((o) => `${o.name}:${o.provider}`).sort()).toEqual(['acme:musicapi', 'moodmap:musimap', 'partner:oauth2', 'tunes:jwt', 'weather:apikey']);
    expect(core.vault.organization('weather').apiKey).toEqual({ in: 'query', name: 'api_key' });
    expect(core.vault.organization('tunes').jwt?.preset).toBe('apple-music');
    expect(core.vault.resolveClient('partner', 'svc').client.oauth2).toMatchObject({ authMethod: 'client_secret_post', scope: 'catalog:read' });
    expect(core.vault.resolveClient('acme', 'web').client.integrationUsers).toEqual([{ label: 'alice', uuid: '8d883178-9585-482e-bb4b-0c85736edc2d' }]);
    expect(core.vault.keys('acme').map((k) => k.kid ?? 'pending')).toEqual(['KID-1', 'pending']);
    const data = core.vault.snapshot();
    expect(data.tokens).toHaveLength(1);
    expect(data.trash.map((t) => t.kind)).toEqual(['organization']);
    // Production moved to the environment: the client marked alone before is still production.
    expect(core.vault.outline().organizations.find((o) => o.name === 'moodmap')!.clients.map((c) => `${c.name}:${c.production}`)).toEqual(['prod:true', 'stage:true']);
  });

  it('is migrated by the first change when the lock was held at the first read, and the backup is made then', async () => {
    fs.writeFileSync(path.join(home, 'vault.lock'), `${JSON.stringify({ id: 'other', pid: process.pid, host: os.hostname(), at: new Date().toISOString() })}\n`);
    core.vault.tree();
    expect(fs.existsSync(path.join(home, 'vault.json.v1.bak'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'vault.json'), 'utf8')).schemaVersion).toBe(1);
    fs.rmSync(path.join(home, 'vault.lock'));
    await core.vault.updateOrganization('acme', { notes: 'migrated by a change' });
    expect(fs.readFileSync(path.join(home, 'vault.json.v1.bak'), 'utf8')).toBe(fs.readFileSync(FIXTURE, 'utf8'));
    const now = JSON.parse(fs.readFileSync(path.join(home, 'vault.json'), 'utf8')) as Json;
    expect(now.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(now.organizations.find((o) => o.name === 'acme')).toMatchObject({ notes: 'migrated by a change', environments: [{ name: 'development', production: false }] });
  });
});

describe('a vault written by a newer Tokendeck', () => {
  it('is refused with a clear error and never rewritten', () => {
    const newer = { ...JSON.parse(fs.readFileSync(FIXTURE, 'utf8')), schemaVersion: STORE_SCHEMA_VERSION + 1, somethingNew: [1] };
    const text = `${JSON.stringify(newer, null, 2)}\n`;
    fs.writeFileSync(path.join(home, 'vault.json'), text);
    expect(() => open().vault.tree()).toThrow(/written by a newer Tokendeck \(schema 4; this one reads 3\)\. Update Tokendeck; the file was left untouched/);
    expect(fs.readFileSync(path.join(home, 'vault.json'), 'utf8')).toBe(text);
    expect(fs.readdirSync(home).sort()).toEqual(['vault.json']);
  });
});
