// The JWT inspector, key rotation, sharing a setup and the handed-out list, end to end in
// Chromium against the real core, keychain and vendor stand-ins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();
const nav = (name: string) => deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name });

describe('inspector, rotation, sharing, hand-outs', () => {
  it('inspects a pasted JWT: verdict, times and every warning it deserves', async () => {
    const [key] = deck.world.vault.keys('acme');
    const privateKey = createPrivateKey(await deck.world.vault.privateKeyPem(key!));
    const nowMs = Date.now();
    // The seed's trap: iat in milliseconds, and an unknown issuer.
    const jwt = await new SignJWT({ iss: 'someone-else', iat: nowMs, exp: nowMs + 14 * 86_400_000 }).setProtectedHeader({ typ: 'JWT', alg: 'ES256', kid: 'KID-1' }).sign(privateKey);

    await nav('JWT inspector').click();
    const view = deck.page.getByRole('article', { name: 'JWT inspector' });
    await view.getByLabel('Token', { exact: true }).fill(`DevToken ${jwt}`);
    await view.getByRole('button', { name: 'Inspect' }).click();
    expect(await view.getByLabel('Signature').textContent()).toBe('Signature valid (key KID-1)');
    const warnings = await view.getByRole('list', { name: 'Warnings' }).textContent();
    expect(warnings).toContain('MILLISECONDS');
    expect(warnings).toContain('ISS');
    expect(await view.getByRole('table', { name: 'Times' }).textContent()).toContain('iat');
    await deck.shoot('inspector-light');

    // Not a JWT: said so, not refused; one shaped like a JWT but broken is still told what is wrong.
    await view.getByLabel('Token', { exact: true }).fill('not.a-jwt');
    await view.getByRole('button', { name: 'Inspect' }).click();
    expect(await view.getByLabel('Token kind').textContent()).toBe('Not a JWT: an opaque token (9 characters)');
    await view.getByLabel('Token', { exact: true }).fill('eyJhbGciOiJFUzI1NiJ9.bad.!');
    await view.getByRole('button', { name: 'Inspect' }).click();
    expect(await view.getByRole('alert').textContent()).toMatch(/VALIDATION.*non-empty base64url/);
  });

  it('rotates a key: the old DevToken is flagged and re-minted with the new key, after the old one is retired', async () => {
    await deck.world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    await keys.getByLabel('Key ID').fill('KID-2');
    await keys.getByRole('button', { name: 'Generate key' }).click();
    await keys.getByText('KID-2').waitFor();
    expect(await keys.locator('.key-line').allTextContents()).toEqual([expect.stringMatching(/^KID-1active · verifies/), expect.stringMatching(/^KID-2signing/)]);
    const stale = keys.getByRole('status', { name: 'Stale DevTokens' });
    await expect.poll(() => stale.textContent()).toContain('1 cached DevToken(s) signed with an old key (KID-1, superseded)');

    await keys.locator('.key', { hasText: 'KID-1' }).getByRole('button', { name: 'Retire' }).click();
    await keys.getByRole('button', { name: 'Yes, retire' }).click();
    await expect.poll(() => stale.textContent()).toContain('KID-1, retired');
    await deck.shoot('rotation-light');
    await stale.getByRole('button', { name: 'Re-mint with the current key' }).click();
    await stale.waitFor({ state: 'detached' });
    expect(deck.world.core.tokens.list().map((t) => t.kid)).toEqual(['KID-2']);
  });

  it('imports a shared setup with a preview; the imported client shows "secret missing"', async () => {
    const setup = JSON.parse(exportSetup(deck.world.vault, deck.world.core.requestConsole));
    // With an environment of its own on another host: environments travel with the setup.
    const environments = [...setup.organizations[0].environments, { name: 'staging', production: false, apiBaseUrl: 'https://staging.studio.example' }];
    setup.organizations.push({ ...setup.organizations[0], name: 'studio', environments, clients: [{ ...setup.organizations[0].clients[0], name: 'ios' }], keys: [], savedRequests: [] });
    setup.organizations[0].notes = 'Shared by the platform team';
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-e2e-')), 'team.json');
    fs.writeFileSync(file, JSON.stringify(setup, null, 2));

    await nav('Share setup').click();
    const view = deck.page.getByRole('article', { name: 'Share setup' });
    const download = deck.page.waitForEvent('download');
    await view.getByRole('button', { name: 'Export setup…' }).click();
    const exported = fs.readFileSync(await (await download).path(), 'utf8');
    for (const secret of deck.world.secrets) expect(exported).not.toContain(secret);
    expect(JSON.parse(exported).organizations).toHaveLength(3);

    await view.getByLabel('Setup file').setInputFiles(file);
    const preview = view.getByRole('list', { name: 'Import preview' });
    expect(await preview.textContent()).toContain('change acme notes');
    expect(await preview.textContent()).toContain('add studio/ios client (secret missing until you set it)');
    expect(deck.world.vault.tree().organizations.map((o) => o.name)).toEqual(['acme', 'moodmap', 'partner']);
    await deck.shoot('share-setup-light');
    await view.getByRole('button', { name: 'Import team.json' }).click();
    await view.getByRole('status').filter({ hasText: 'Imported team.json' }).waitFor();

    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'studio/ios' }).click();
    const client = deck.page.getByRole('article', { name: 'Client studio/ios' });
    // Waited for: an organization not opened before is fetched when opened (vault.organization).
    await client.getByText('secret missing').waitFor();
    expect(await client.getByText('secret missing').isVisible()).toBe(true);
    expect(deck.world.vault.resolveClient('studio', 'ios').client.clientId).toBe(MUSICAPI_CLIENT.clientId);
    // The organization view lists the imported environments, staging's API URL its own.
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'studio (musicapi)' }).click();
    const staging = deck.page.getByRole('region', { name: 'Environments' }).getByRole('listitem', { name: 'Environment staging' });
    await staging.waitFor();
    expect(await staging.textContent()).toContain('APIhttps://staging.studio.example own');
    expect(deck.world.vault.organization('studio').environments.map((e) => e.name)).toEqual([...setup.organizations[0].environments.map((e: { name: string }) => e.name), 'staging']);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('lists a copied DevToken as handed out, with its expiry', async () => {
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'acme/web' }).click();
    await deck.page.getByRole('button', { name: 'Copy devtoken token' }).click();
    await deck.page.getByRole('status').filter({ hasText: 'Copied devtoken' }).waitFor();
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: /Live tokens/ }).click();
    const handed = deck.page.getByRole('region', { name: 'Handed-out tokens' });
    expect(await handed.textContent()).toMatch(/acme\/webdevtokencopied .*expires in 13 d 23 h/);
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('handouts-dark');
  });
});
