// An organization's network settings in the vault (issue 25, item 6): the CA bundle parsed and
// stored as certificates only, shown by subject and expiry; a proxy or CA change of an organization
// holding secrets a destination change naming the proxy and what a CA can read; a setup file carries
// the CA (a destination change in the preview) and never a proxy.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { destinationQuestionText } from '../../main/core/destination-change.js';
import { readCaBundle } from '../../main/core/http/ca-bundle.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { removeOrganization } from '../../main/core/operations.js';
import { exportSetup, planImport } from '../../main/core/setup/share-setup.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let ca: TestCa;
let other: TestCa;
let sandbox: Sandbox;
beforeAll(() => {
  ca = createTestCa('Corp Root CA');
  other = createTestCa('Other Root CA');
});
afterAll(() => {
  ca?.remove();
  other?.remove();
});
beforeEach(async () => {
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'corp', provider: 'oauth2', tokenUrl: 'https://auth.corp.example/token', apiBaseUrl: 'https://api.corp.example' });
  await sandbox.vault.addClient('corp', { name: 'svc', environment: 'production', clientId: 'svc' }, 'a stored secret');
});
afterEach(() => sandbox.cleanup());

describe('a CA bundle', () => {
  it('is stored as its certificates only (comments dropped) and shown by subject, expiry and fingerprint', async () => {
    const org = await sandbox.vault.addOrganization({ name: 'bundle', provider: 'oauth2', tokenUrl: 'https://auth.bundle.example/token', network: { caPem: `# Corp root\r\n${ca.pem.replace(/\n/g, '\r\n')}\nsome notes\n${other.pem}` } });
    expect(org.network!.caPem).not.toContain('#');
    expect(org.network!.caPem).not.toContain('notes');
    expect(org.network!.caPem!.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const tree = sandbox.vault.organizationTree('bundle');
    expect(tree.caCertificates).toEqual([
      { subject: 'Corp Root CA', notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), expired: false, fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) },
      expect.objectContaining({ subject: 'Other Root CA' }),
    ]);
  });

  it('shows an expired CA as expired (kept: the bundle may hold its successor)', () => {
    expect(readCaBundle(ca.pem, { now: Date.now() + 400 * 86_400_000 }).certificates[0]).toMatchObject({ subject: 'Corp Root CA', expired: true });
  });
});

describe('a proxy or CA change is a destination change', () => {
  it('setting a proxy names its host; refused unconfirmed, nothing stored', async () => {
    const changes = { network: { proxy: 'http://proxy.corp.example:3128' } };
    const change = sandbox.vault.organizationUpdateDestinationChange('corp', changes)!;
    expect(change.fields).toEqual(['network.proxy']);
    expect(change.message).toBe("the secret of corp/svc would now go to auth.corp.example and api.corp.example through the proxy proxy.corp.example:3128 (was the system's HTTPS_PROXY setting, or none): it relays the connections and sees the host names; TLS stays end to end");
    expect(destinationQuestionText({ action: 'organization edit', changes: [change] }).message).toBe('Send stored secrets to proxy.corp.example:3128?');
    await expect(sandbox.vault.updateOrganization('corp', changes)).rejects.toMatchObject({ code: 'DESTINATION_CHANGE' });
    expect(sandbox.vault.organization('corp').network).toBeUndefined();
    await sandbox.vault.updateOrganization('corp', changes, change);
    expect(sandbox.vault.organization('corp').network).toEqual({ proxy: 'http://proxy.corp.example:3128' });
  });

  it('a CA says who could read what is sent, naming the hosts; removing it and the proxy is asked too', async () => {
    const add = { network: { caPem: ca.pem } };
    const change = sandbox.vault.organizationUpdateDestinationChange('corp', add)!;
    expect(change.message).toBe('the secret of corp/svc sent to auth.corp.example and api.corp.example would be readable by whoever holds the CA "Corp Root CA": Tokendeck would trust it to vouch for these servers');
    expect(change.destinations).toEqual(['https://auth.corp.example', 'https://api.corp.example']);
    await sandbox.vault.updateOrganization('corp', add, change);
    // The same bundle again (as the form sends it back): nothing changes, nothing is asked.
    expect(sandbox.vault.organizationUpdateDestinationChange('corp', { network: { caPem: sandbox.vault.organization('corp').network!.caPem } })).toBeUndefined();
    const remove = { network: { caPem: null } };
    expect(sandbox.vault.organizationUpdateDestinationChange('corp', remove)!.message).toContain('would no longer be sent to servers vouched for by the CA "Corp Root CA"');
  });

  it('an organization holding no secret is not asked', async () => {
    await sandbox.vault.addOrganization({ name: 'empty', provider: 'oauth2', tokenUrl: 'https://auth.empty.example/token' });
    expect(sandbox.vault.organizationUpdateDestinationChange('empty', { network: { proxy: 'http://p.example:8080', caPem: ca.pem } })).toBeUndefined();
  });
});

describe("a proxy's password", () => {
  const PASSWORD = 'pr0xy pass:@%word';
  const account = () => keychainAccount.proxyPassword(sandbox.vault.organization('corp').id);
  const update = async (network: Record<string, unknown>) => {
    const changes = { network };
    await sandbox.vault.updateOrganization('corp', changes, sandbox.vault.organizationUpdateDestinationChange('corp', changes));
  };

  it('goes to the keychain, never to vault.json; an edit of anything else keeps it; another proxy without one drops it', async () => {
    await update({ proxy: `http://alice:${encodeURIComponent(PASSWORD)}@proxy.corp.example:3128` });
    expect(sandbox.vault.organization('corp').network).toEqual({ proxy: 'http://alice@proxy.corp.example:3128', proxyPassword: true });
    expect(await sandbox.keychain.get(account())).toBe(encodeURIComponent(PASSWORD));
    expect(sandbox.storeText()).not.toContain('pr0xy');
    // The form sends the URL back as shown (without the password), with a CA: kept.
    await update({ proxy: 'http://alice@proxy.corp.example:3128', caPem: ca.pem });
    expect(sandbox.vault.organization('corp').network).toMatchObject({ proxyPassword: true });
    expect(await sandbox.keychain.get(account())).toBe(encodeURIComponent(PASSWORD));
    expect(await sandbox.vault.auditKeychain()).toMatchObject({ orphans: [] });
    // A password belongs to its proxy: another proxy given without one leaves none.
    await update({ proxy: 'http://bob@other-proxy.corp.example:3128' });
    expect(sandbox.vault.organization('corp').network).toEqual({ proxy: 'http://bob@other-proxy.corp.example:3128', caPem: expect.any(String) });
    expect(await sandbox.keychain.get(account())).toBeNull();
  });

  it('goes to the trash with its organization and comes back with it', async () => {
    await update({ proxy: `http://alice:${encodeURIComponent(PASSWORD)}@proxy.corp.example:3128` });
    const stored = account();
    const trashed = await removeOrganization(sandbox.core, 'corp');
    expect(await sandbox.keychain.get(stored)).toBeNull();
    expect(await sandbox.vault.auditKeychain()).toMatchObject({ orphans: [] });
    await sandbox.vault.restoreFromTrash(trashed.id);
    expect(await sandbox.keychain.get(stored)).toBe(encodeURIComponent(PASSWORD));
    expect(sandbox.vault.organization('corp').network).toMatchObject({ proxyPassword: true });
  });

  it('removing the proxy deletes it', async () => {
    await update({ proxy: `http://alice:${encodeURIComponent(PASSWORD)}@proxy.corp.example:3128` });
    await update({ proxy: null });
    expect(sandbox.vault.organization('corp').network).toBeUndefined();
    expect(await sandbox.keychain.get(account())).toBeNull();
  });
});

describe('a setup file', () => {
  it('carries the CA bundle and never the proxy or NO_PROXY', async () => {
    const change = { network: { proxy: 'http://proxy.corp.example:3128', noProxy: ['10.0.0.0/8'], caPem: ca.pem } };
    await sandbox.vault.updateOrganization('corp', change, sandbox.vault.organizationUpdateDestinationChange('corp', change));
    const file = JSON.parse(exportSetup(sandbox.vault, sandbox.core.requestConsole));
    expect(file.organizations[0].network).toEqual({ caPem: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(JSON.stringify(file)).not.toContain('proxy.corp.example');
  });

  it("a file's CA is a destination change in the preview; a file's proxy is refused", async () => {
    const file = JSON.parse(exportSetup(sandbox.vault, sandbox.core.requestConsole));
    file.organizations[0].network = { caPem: other.pem };
    const plan = await planImport(sandbox.vault, sandbox.core.requestConsole, JSON.stringify(file));
    expect(plan.destinationChanges.map((c) => c.message)).toEqual([expect.stringContaining('readable by whoever holds the CA "Other Root CA"')]);
    expect(plan.steps).toContainEqual({ action: 'change', what: 'corp', detail: 'CA bundle' });
    file.organizations[0].network = { caPem: other.pem, proxy: 'http://evil-proxy.example:8080' };
    await expect(planImport(sandbox.vault, sandbox.core.requestConsole, JSON.stringify(file))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('organizations[0].network.proxy: a proxy is this machine\'s own setting') });
    file.organizations[0].network = { caPem: 'not a certificate' };
    await expect(planImport(sandbox.vault, sandbox.core.requestConsole, JSON.stringify(file))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('organizations[0].network.caPem: it holds no PEM certificate') });
  });
});
