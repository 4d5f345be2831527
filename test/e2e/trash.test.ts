// Removing from the deck, end to end (real Chromium through the harness, the real core and
// keychain): an organization holding a secret and a key says what goes where and needs its
// name typed; the Trash view lists what was removed and restores it, secret and key included; a
// name taken meanwhile is refused with what to do.
import { describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT, MUSIMAP_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });

describe('removing from the deck', () => {
  it('an organization with a secret and a key needs its name typed; the Trash restores it whole', async () => {
    const { world, page } = deck;
    const acme = world.vault.organizationTree('acme');
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    await page.getByRole('article', { name: 'Organization acme' }).locator('.view-header').getByRole('button', { name: 'Delete', exact: true }).click();

    const panel = page.getByRole('region', { name: 'Remove acme' });
    await expect.poll(() => panel.textContent()).toContain('To the Trash for 7 days, restorable from there: the secret of web and the private key KID-1.');
    expect(await panel.textContent()).toContain('Deleted for good: ');
    const remove = panel.getByRole('button', { name: 'Remove', exact: true });
    expect(await remove.isDisabled()).toBe(true);
    await panel.getByLabel('Type acme to confirm').fill('acm');
    expect(await remove.isDisabled()).toBe(true);
    await panel.getByLabel('Type acme to confirm').fill('acme');
    expect(await remove.isDisabled()).toBe(false);
    await deck.shoot('remove-organization-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('remove-organization-900x600-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await deck.shoot('remove-organization-900x600-light');
    await page.setViewportSize({ width: 1100, height: 700 });

    await remove.click();
    await expect.poll(() => world.vault.organizations().map((o) => o.name)).toEqual(['moodmap', 'partner']);
    await expect.poll(() => sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).count()).toBe(0);
    const client = acme.clients[0]!;
    expect(await world.keychain.get(keychainAccount.clientSecret(client.id))).toBeNull();

    await sidebar().getByRole('button', { name: 'Trash' }).click();
    const row = page.getByRole('row', { name: 'organization acme' });
    await expect.poll(() => row.textContent()).toMatch(/^acmeorganization1 client, 1 key · 1 secret · 1 private key/);
    await deck.shoot('trash-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('trash-900x600-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await deck.shoot('trash-900x600-light');

    await row.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Restored' }).textContent()).toBe('Restored organization acme.');
    await expect.poll(() => sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).count()).toBe(1);
    expect(world.vault.organizationTree('acme')).toEqual(acme);
    expect(await world.vault.clientSecret(world.vault.resolveClient('acme', 'web').client)).toBe(MUSICAPI_CLIENT.secret);
    expect(await page.getByText('The trash is empty.').count()).toBe(1);
  });

  it('a client with a secret says so and needs its name; restoring over a name taken since is refused with what to do', async () => {
    const { world, page } = deck;
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Remove prod' });
    await expect.poll(() => panel.textContent()).toContain('To the Trash for 7 days, restorable from there: its client secret.');
    await panel.getByLabel('Type prod to confirm').fill('prod');
    await panel.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => world.vault.organizationTree('moodmap').clients).toEqual([]);

    // Meanwhile someone adds a client of the same name (the CLI, another window).
    await world.vault.addClient('moodmap', { name: 'prod', environment: 'production', clientId: MUSIMAP_CLIENT.clientId });
    await sidebar().getByRole('button', { name: 'Trash' }).click();
    await page.getByRole('row', { name: 'client moodmap/prod' }).getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => page.locator('.error').textContent()).toContain('Cannot restore client "moodmap/prod": "moodmap" has a client of that name now. Remove it or rename it, then restore.');
    expect(await page.getByRole('row', { name: 'client moodmap/prod' }).count()).toBe(1);
  });
});
