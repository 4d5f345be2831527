// Environments as endpoints, in the core: the one effective-value function (an environment's own
// URL, origins and audience, else the organization's), the schema-1 migration's rules, the
// vault's environment operations (add, change, rename, remove), resolveClient's view, where a
// change of an environment's endpoint is a destination change naming every host (and only for the
// clients it reaches), and a setup export/import carrying environments.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectiveEndpoints, environmentNames, environmentsOfClients, inEnvironment } from '../../main/core/model/environments.js';
import { isProductionClient } from '../../main/core/model/entities.js';
import { exportSetup, importSetup, planImport } from '../../main/core/setup/share-setup.js';
import { STORE_SCHEMA_VERSION } from '../../main/core/model/primitives.js';
import { migrateVault } from '../../main/core/vault-migrate.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const ORG = {
  apiBaseUrl: 'https://api.dev.example',
  tokenUrl: 'https://auth.dev.example/token',
  allowedOrigins: ['https://cdn.example'],
  jwt: { aud: 'org-audience' },
  environments: [
    { name: 'development', production: false },
    { name: 'staging', production: false, tokenUrl: 'https://auth.staging.example/token' },
    { name: 'production', production: true, apiBaseUrl: 'https://api.example', tokenUrl: 'https://auth.example/token', allowedOrigins: [], audience: 'prod-audience' },
  ],
};

describe('effectiveEndpoints: the environment\'s value, else the organization\'s', () => {
  it('reads each override on its own', () => {
    expect(effectiveEndpoints(ORG, 'development')).toEqual({ apiBaseUrl: 'https://api.dev.example', tokenUrl: 'https://auth.dev.example/token', allowedOrigins: ['https://cdn.example'], audience: 'org-audience' });
    expect(effectiveEndpoints(ORG, 'STAGING')).toEqual({ apiBaseUrl: 'https://api.dev.example', tokenUrl: 'https://auth.staging.example/token', allowedOrigins: ['https://cdn.example'], audience: 'org-audience' });
    // An empty origin list set on the environment is its own: none, not the organization's.
    expect(effectiveEndpoints(ORG, 'production')).toEqual({ apiBaseUrl: 'https://api.example', tokenUrl: 'https://auth.example/token', allowedOrigins: [], audience: 'prod-audience' });
    expect(effectiveEndpoints(ORG, 'unknown')).toEqual(effectiveEndpoints(ORG, undefined));
  });

  it('inEnvironment applies the same values to a copy, the profile\'s aud included, and leaves the organization as it was', () => {
    const before = structuredClone(ORG);
    const seen = inEnvironment(ORG, 'production');
    expect(seen).toMatchObject({ apiBaseUrl: 'https://api.example', tokenUrl: 'https://auth.example/token', allowedOrigins: [], jwt: { aud: 'prod-audience' } });
    expect(ORG).toEqual(before);
  });

  it('for any organization and environment: every value is the environment\'s where it sets one, else the organization\'s', () => {
    const url = fc.webUrl();
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const env = fc.record({ name: fc.constantFrom('a', 'b', 'c'), production: fc.boolean(), apiBaseUrl: maybe(url), tokenUrl: maybe(url), allowedOrigins: maybe(fc.array(url, { maxLength: 3 })), audience: maybe(fc.string()) });
    fc.assert(
      fc.property(maybe(url), maybe(url), fc.array(url, { maxLength: 3 }), fc.uniqueArray(env, { selector: (e) => e.name, maxLength: 3 }), fc.constantFrom('a', 'b', 'c', 'd'), (apiBaseUrl, tokenUrl, allowedOrigins, environments, name) => {
        const org = { apiBaseUrl, tokenUrl, allowedOrigins, environments };
        const own = environments.find((e) => e.name === name);
        const got = effectiveEndpoints(org, name);
        expect(got.apiBaseUrl).toBe(own?.apiBaseUrl ?? apiBaseUrl);
        expect(got.tokenUrl).toBe(own?.tokenUrl ?? tokenUrl);
        expect(got.allowedOrigins).toEqual(own?.allowedOrigins ?? allowedOrigins);
      }),
    );
  });

  it('lists environment names once, the standard ones first, and reads production from the environment unless the client is marked', () => {
    expect(environmentNames([{ environments: [{ name: 'qa' }, { name: 'production' }] }, { environments: [{ name: 'Production' }, { name: 'development' }] }])).toEqual(['development', 'production', 'qa']);
    const org = { environments: [{ name: 'live', production: true }, { name: 'production', production: false }] };
    expect(isProductionClient({ environment: 'live' }, org)).toBe(true);
    expect(isProductionClient({ environment: 'production' }, org)).toBe(false);
    expect(isProductionClient({ environment: 'live', production: false }, org)).toBe(false);
    expect(isProductionClient({ environment: 'production' })).toBe(true);
  });
});

describe('the schema-1 migration', () => {
  it('makes environments from the labels in the standard order, production by name or by every client\'s mark', () => {
    expect(environmentsOfClients([{ environment: 'qa' }, { environment: 'production' }, { environment: 'live', production: true }, { environment: 'development' }, { environment: 'qa', production: true }])).toEqual([
      { name: 'development', production: false },
      { name: 'production', production: true },
      { name: 'qa', production: false },
      { name: 'live', production: true },
    ]);
  });

  it('keeps a client\'s mark only where it differs, leaves hostile shapes for the schema to refuse, and works on a copy', () => {
    const org = { id: 'o', name: 'acme' };
    const raw = { schemaVersion: 1, organizations: [org, 'junk'], clients: [{ organizationId: 'o', environment: 'qa', production: false }, { organizationId: 'o', environment: 'qa', production: true }], keys: [], trash: [{ clients: [] }] };
    const copy = structuredClone(raw);
    const migrated = migrateVault(raw, 1) as typeof raw & { organizations: Array<{ environments: unknown }> };
    expect(raw).toEqual(copy);
    expect(migrated.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(migrated.organizations[0]!.environments).toEqual([{ name: 'qa', production: false }]);
    expect(migrated.clients).toEqual([{ organizationId: 'o', environment: 'qa' }, { organizationId: 'o', environment: 'qa', production: true }]);
    expect(migrateVault('not an object', 1)).toBe('not an object');
  });
});

describe('the vault\'s environments', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = createSandbox();
    await sandbox.vault.addOrganization({ name: 'partner', provider: 'oauth2', tokenUrl: 'https://auth.dev.example/token', apiBaseUrl: 'https://api.dev.example' });
    await sandbox.vault.addClient('partner', { name: 'dev', environment: 'dev', clientId: 'dev-id' }, 'dev-secret');
    await sandbox.vault.addClient('partner', { name: 'prod', environment: 'prod', clientId: 'prod-id' }, 'prod-secret');
  });
  afterEach(() => sandbox.cleanup());

  const change = (org: string, name: string, with_: Parameters<Sandbox['vault']['environmentChange']>[1]) => sandbox.vault.environmentChange(org, with_ ?? { change: name, with: {} });

  it('environments made one by one keep the standard order, whichever comes first; other names follow in the order given', async () => {
    await sandbox.vault.addOrganization({ name: 'ordered', provider: 'oauth2', tokenUrl: 'https://auth.example/token' });
    await sandbox.vault.updateOrganization('ordered', sandbox.vault.environmentChange('ordered', { add: { name: 'qa' } }));
    await sandbox.vault.updateOrganization('ordered', sandbox.vault.environmentChange('ordered', { add: { name: 'prod' } }));
    await sandbox.vault.updateOrganization('ordered', sandbox.vault.environmentChange('ordered', { add: { name: 'stage' } }));
    await sandbox.vault.addClient('ordered', { name: 'web', environment: 'dev', clientId: 'web-id' });
    await sandbox.vault.addClient('ordered', { name: 'demo', environment: 'demo', clientId: 'demo-id' });
    expect(sandbox.vault.organization('ordered').environments.map((e) => e.name)).toEqual(['development', 'staging', 'production', 'qa', 'demo']);
  });

  it('a client added in a new environment adds it, named by the standard names, production by name', () => {
    expect(sandbox.vault.organization('partner').environments).toEqual([
      { name: 'development', production: false },
      { name: 'production', production: true },
    ]);
    expect(sandbox.vault.outline().organizations[0]!.environments).toEqual([
      { name: 'development', production: false },
      { name: 'production', production: true },
    ]);
  });

  it('resolveClient sees the client\'s environment\'s hosts; the stored organization keeps its own', async () => {
    const changes = change('partner', 'production', { change: 'production', with: { tokenUrl: 'https://auth.example/token', apiBaseUrl: 'https://api.example' } });
    const question = sandbox.vault.organizationUpdateDestinationChange('partner', changes);
    expect(question).toMatchObject({ fields: ['environments.production.apiBaseUrl', 'environments.production.tokenUrl'], destinations: ['https://api.example/', 'https://auth.example/token'] });
    // Only the production client's secret goes there: the development one's host did not change.
    expect(question!.message).toBe('the secret of partner/prod would now be sent to https://api.example/ and https://auth.example/token in production');
    await expect(sandbox.vault.updateOrganization('partner', changes)).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
    await sandbox.vault.updateOrganization('partner', changes, question);
    expect(sandbox.vault.resolveClient('partner', 'prod').org).toMatchObject({ tokenUrl: 'https://auth.example/token', apiBaseUrl: 'https://api.example' });
    expect(sandbox.vault.resolveClient('partner', 'dev').org).toMatchObject({ tokenUrl: 'https://auth.dev.example/token', apiBaseUrl: 'https://api.dev.example' });
    expect(sandbox.vault.organization('partner').tokenUrl).toBe('https://auth.dev.example/token');
    expect(sandbox.vault.resolveClientInEnvironment('partner', 'production').client.name).toBe('prod');
  });

  it('an organization URL change reaches only the environments that use it, named each', async () => {
    const prodOwn = change('partner', 'production', { change: 'production', with: { tokenUrl: 'https://auth.example/token' } });
    await sandbox.vault.updateOrganization('partner', prodOwn, sandbox.vault.organizationUpdateDestinationChange('partner', prodOwn));
    const question = sandbox.vault.organizationUpdateDestinationChange('partner', { tokenUrl: 'https://evil.example/token' });
    expect(question).toMatchObject({ fields: ['tokenUrl'], destinations: ['https://evil.example/token'] });
    expect(question!.message).toBe('the secret of partner/dev would now be sent to https://evil.example/token in development');
  });

  it('moving a client to an environment with other hosts is a destination change naming them', async () => {
    const changes = change('partner', 'production', { change: 'production', with: { tokenUrl: 'https://auth.example/token' } });
    await sandbox.vault.updateOrganization('partner', changes, sandbox.vault.organizationUpdateDestinationChange('partner', changes));
    const move = sandbox.vault.clientUpdateDestinationChange('partner', 'dev', { environment: 'production' });
    expect(move).toMatchObject({ fields: ['environment'], destinations: ['https://auth.example/token'] });
    expect(move!.message).toContain('the secret of partner/dev would now be sent to https://auth.example/token (environment production, was development)');
    await expect(sandbox.vault.updateClient('partner', 'dev', { environment: 'production' })).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
  });

  it('adds, renames (its clients follow) and removes environments; one with clients is not removed', async () => {
    const added = change('partner', '', { add: { name: 'stage', tokenUrl: 'https://auth.staging.example/token' } });
    // Nothing is held in a new environment: no question.
    expect(sandbox.vault.organizationUpdateDestinationChange('partner', added)).toBeUndefined();
    await sandbox.vault.updateOrganization('partner', added);
    // A standard name goes where a person expects it: staging before production.
    expect(sandbox.vault.organization('partner').environments.map((e) => e.name)).toEqual(['development', 'staging', 'production']);
    expect(() => change('partner', '', { add: { name: 'STAGING' } })).toThrow(/already has an environment named "staging"/);
    expect(() => change('partner', '', { remove: 'production' })).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('"production" of "partner" still has the client prod') }));
    await expect(sandbox.vault.updateOrganization('partner', { environments: [{ name: 'development' }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await sandbox.vault.renameEnvironment('partner', 'production', 'live');
    expect(sandbox.vault.resolveClient('partner', 'prod').client.environment).toBe('live');
    expect(sandbox.vault.outline().organizations[0]!.clients.find((c) => c.name === 'prod')!.production).toBe(true);
    await sandbox.vault.updateOrganization('partner', change('partner', '', { remove: 'staging' }));
    expect(sandbox.vault.organization('partner').environments.map((e) => e.name)).toEqual(['development', 'live']);
    expect(() => change('partner', '', { remove: 'nowhere' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('has no environment named "nowhere" (it has: development, live)') }));
  });

  it('an environment\'s URLs are held to the same rules as the organization\'s, and an audience only to a signed-JWT profile', () => {
    expect(() => change('partner', '', { add: { name: 'qa', tokenUrl: 'http://auth.example/token' } })).toThrow(/must use https/);
    expect(() => change('partner', '', { add: { name: 'qa', apiBaseUrl: 'https://user:pw@api.example' } })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('pw') }));
    expect(() => change('partner', '', { add: { name: 'qa', allowedOrigins: ['https://cdn.example/path'] } })).toThrow(/is not an origin/);
    const audience = change('partner', '', { add: { name: 'qa', audience: 'x' } });
    expect(() => sandbox.vault.organizationUpdateDestinationChange('partner', audience)).toThrow(/only a signed-JWT profile/);
  });

  it('finds the organization\'s one client in an environment, and says which when there are several or none', async () => {
    await sandbox.vault.addClient('partner', { name: 'prod-2', environment: 'production', clientId: 'prod-2-id' });
    expect(() => sandbox.vault.resolveClientInEnvironment('partner', 'production')).toThrow(/has 2 clients in production: partner\/prod, partner\/prod-2/);
    expect(() => sandbox.vault.resolveClientInEnvironment('partner', 'staging')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('environments with clients: development, production') }));
  });

  it('a setup export carries the environments; an import merges them by name, and a new host where secrets are held is asked about', async () => {
    const changes = change('partner', 'production', { change: 'production', with: { tokenUrl: 'https://auth.example/token' } });
    await sandbox.vault.updateOrganization('partner', changes, sandbox.vault.organizationUpdateDestinationChange('partner', changes));
    const text = exportSetup(sandbox.vault, sandbox.core.requestConsole);
    const file = JSON.parse(text) as { organizations: Array<{ environments: unknown[] }> };
    expect(file.organizations[0]!.environments).toEqual([
      { name: 'development', production: false },
      { name: 'production', production: true, tokenUrl: 'https://auth.example/token' },
    ]);
    // Into an empty vault: the same environments, the clients in them.
    const other = createSandbox();
    try {
      await importSetup(other.vault, other.core.requestConsole, text);
      expect(other.vault.organization('partner').environments).toEqual(sandbox.vault.organization('partner').environments);
      expect(exportSetup(other.vault, other.core.requestConsole)).toBe(text);
    } finally {
      await other.cleanup();
    }
    // Back here with production pointed elsewhere: a destination change naming the host, only production's secret.
    const hostile = text.replace('https://auth.example/token', 'https://attacker.example/token');
    const plan = await planImport(sandbox.vault, sandbox.core.requestConsole, hostile);
    expect(plan.destinationChanges).toEqual([expect.objectContaining({ destinations: ['https://attacker.example/token'], message: 'the secret of partner/prod would now be sent to https://attacker.example/token in production' })]);
    await expect(importSetup(sandbox.vault, sandbox.core.requestConsole, hostile)).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
    expect(sandbox.vault.resolveClient('partner', 'prod').org.tokenUrl).toBe('https://auth.example/token');
    // An older file without environments changes none of them.
    const older = JSON.stringify({ ...JSON.parse(text), organizations: file.organizations.map(({ environments: _e, ...rest }) => rest) });
    expect((await planImport(sandbox.vault, sandbox.core.requestConsole, older)).steps.find((s) => s.what === 'partner')).toMatchObject({ action: 'keep' });
  });
});
