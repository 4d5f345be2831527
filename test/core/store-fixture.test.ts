// A vault written by an earlier release opens whole: the committed fixture (store schema 1, every
// provider and record kind, made by test/fixtures/make-vault-v1.ts) is read as it is, nothing
// dropped or changed, and reading it does not rewrite it. The ground a store migration stands on.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OsKeychain } from '../../main/core/keychain.js';
import { openCore, type Core } from '../../main/core/open-vault.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'vault-v1.json');

let home: string;
let core: Core;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-fixture-'));
  fs.copyFileSync(FIXTURE, path.join(home, 'vault.json'));
  fs.chmodSync(path.join(home, 'vault.json'), 0o600);
  core = openCore({ home, keychain: new OsKeychain(`tokendeck-test-${randomBytes(6).toString('hex')}`) });
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('a vault written by the schema-1 release', () => {
  it('opens with every record as it was written, and reading it leaves the file as it was', () => {
    const written = fs.readFileSync(FIXTURE, 'utf8');
    expect(core.vault.snapshot()).toEqual(JSON.parse(written));
    expect(fs.readFileSync(path.join(home, 'vault.json'), 'utf8')).toBe(written);
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
  });
});
