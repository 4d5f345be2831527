import { STORE_SCHEMA_VERSION } from '../../main/core/model/primitives.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultStore } from '../../main/core/vault-store.js';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let sandbox: Sandbox;
let file: string;
beforeEach(() => {
  sandbox = createSandbox();
  file = path.join(sandbox.home, 'vault.json');
});
afterEach(async () => {
  await sandbox.cleanup();
  recordCount('fault cases', 1);
});

const backups = () => fs.readdirSync(sandbox.home).filter((name) => name.startsWith('vault.json.corrupt-'));

async function withOneOrganization(): Promise<string> {
  await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  return fs.readFileSync(file, 'utf8');
}

describe('vault store', () => {
  it('writes a versioned JSON file readable only by the user', async () => {
    const text = await withOneOrganization();
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: STORE_SCHEMA_VERSION, organizations: [{ name: 'acme' }] });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(sandbox.home).sort()).toEqual(['vault.json']);
  });

  const damages: Array<[string, (text: string) => string]> = [
    ['truncated', (text) => text.slice(0, text.length / 2)],
    ['emptied', () => ''],
    ['not JSON', () => 'hello'],
    ['hand-edited into the wrong shape', () => JSON.stringify({ schemaVersion: STORE_SCHEMA_VERSION, organizations: [{ name: 42 }], clients: [], keys: [] })],
    ['an array', () => '[]'],
  ];

  for (const [damage, edit] of damages) {
    it(`moves a ${damage} file aside to a timestamped backup and reports STORE_CORRUPT`, async () => {
      const text = await withOneOrganization();
      const damaged = edit(text);
      fs.writeFileSync(file, damaged);
      const store = new VaultStore(sandbox.home);
      expect(() => store.read()).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining('vault.json.corrupt-') }));
      expect(backups()).toHaveLength(1);
      expect(fs.readFileSync(path.join(sandbox.home, backups()[0]!), 'utf8')).toBe(damaged);
      expect(store.read().organizations).toEqual([]);
    });
  }

  it('sees a change another process made as soon as the code reading it has awaited once', async () => {
    await withOneOrganization();
    const store = new VaultStore(sandbox.home);
    expect(store.read().organizations.map((o) => o.name)).toEqual(['acme']);
    // Another process (the CLI) renames a new file into place, as it always writes.
    expect((await runTokendeck(['org', 'add', 'moodmap', '--provider', 'musicapi'], { env: sandbox.env })).code).toBe(0);
    expect(store.read().organizations.map((o) => o.name)).toEqual(['acme', 'moodmap']);
    fs.writeFileSync(`${file}.next`, fs.readFileSync(file, 'utf8').replace('"moodmap"', '"renamed"'));
    fs.renameSync(`${file}.next`, file);
    await Promise.resolve();
    expect(store.read().organizations.map((o) => o.name)).toEqual(['acme', 'renamed']);
  });

  it('leaves a file from a newer Tokendeck untouched', async () => {
    const newer = JSON.stringify({ schemaVersion: 99, organizations: [] });
    fs.mkdirSync(sandbox.home, { recursive: true });
    fs.writeFileSync(file, newer);
    expect(() => new VaultStore(sandbox.home).read()).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringContaining('newer Tokendeck') }));
    await expect(sandbox.vault.addOrganization({ name: 'x', provider: 'musicapi' })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(fs.readFileSync(file, 'utf8')).toBe(newer);
    expect(backups()).toEqual([]);
  });

  it('loses no update when several CLI processes write at once', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `org-${i}`);
    const runs = await Promise.all(names.map((name) => runTokendeck(['org', 'add', name, '--provider', 'musicapi'], { env: sandbox.env })));
    expect(runs.map((r) => r.code)).toEqual(names.map(() => 0));
    expect(sandbox.vault.organizations().map((o) => o.name).sort()).toEqual(names);
    expect(fs.existsSync(path.join(sandbox.home, 'vault.lock'))).toBe(false);
  });
});
