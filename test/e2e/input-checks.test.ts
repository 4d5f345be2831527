// What a newcomer types wrong in the first hour, end to end in Chromium: a secret of spaces, a
// client id cut short. Main refuses it and its message lands under the field it is about.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSIMAP_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const fieldError = (scope: Locator, label: string) => scope.locator('.field', { has: deck.page.getByLabel(label, { exact: true }) }).locator('.field-error');
const clientOf = (org: string, name: string) => deck.world.vault.tree().organizations.find((o) => o.name === org)!.clients.find((c) => c.name === name);

describe('a client secret', () => {
  it('of only spaces is refused on the new-client form, under its field', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    await deck.page.getByRole('button', { name: '+ Client' }).click();
    const form = deck.page.getByRole('form', { name: 'New client' });
    await form.getByLabel('Name', { exact: true }).fill('spaced');
    await form.getByLabel('Client ID').fill('7e1f4a52-3c9b-4d0e-8f61-2a5b9c3d4e70');
    await form.getByLabel('Client secret (optional)').fill('   ');
    await form.getByLabel('Client secret (optional)').press('Enter');
    await expect.poll(() => fieldError(form, 'Client secret (optional)').textContent()).toBe('Invalid secret: it is only spaces. Nothing was saved.');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(clientOf('acme', 'spaced')).toBeUndefined();
    await deck.shoot('secret-spaces-verdict-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('secret-spaces-verdict-900x600-dark');
  });

  it('with a space around it is refused by "Replace secret", and the stored one stays', async () => {
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    await deck.page.getByRole('button', { name: 'Replace secret' }).click();
    const form = deck.page.getByRole('form', { name: 'Set the client secret' });
    await form.getByLabel('Client secret', { exact: true }).fill(' new-secret-4d1e ');
    await form.getByLabel('Client secret', { exact: true }).press('Enter');
    await expect.poll(() => fieldError(form, 'Client secret').textContent()).toBe(
      'Invalid secret: it starts or ends with a space or tab. Paste only the secret itself; nothing was saved.',
    );
    expect(await form.getByRole('alert').count()).toBe(0);
    const client = clientOf('moodmap', 'prod')!;
    expect(await deck.world.keychain.get(keychainAccount.clientSecret(client.id))).toBe(MUSIMAP_CLIENT.secret);
  });
});

describe('a client id', () => {
  it('cut short is refused for MusicAPI on the new-client form, under the Client ID field', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    await deck.page.getByRole('button', { name: '+ Client' }).click();
    const form = deck.page.getByRole('form', { name: 'New client' });
    await form.getByLabel('Name', { exact: true }).fill('mobile');
    await form.getByLabel('Client ID').fill('2cf82db3-4064-4235-8253');
    await form.getByLabel('Client ID').press('Enter');
    await expect.poll(() => fieldError(form, 'Client ID').textContent()).toBe(
      'a musicapi client id is a UUID like 2cf82db3-4064-4235-8253-16994eb51773: copy it whole from the dashboard',
    );
    expect(clientOf('acme', 'mobile')).toBeUndefined();
    await deck.shoot('client-id-verdict-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('client-id-verdict-900x600-dark');
  });

  it('cut short is refused when a Musimap client is edited; an OAuth 2.0 id stays free-form', async () => {
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    await deck.page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = deck.page.getByRole('form', { name: 'Edit prod' });
    await form.getByLabel('Client ID').fill('efb3ed15');
    await form.getByLabel('Client ID').press('Enter');
    await expect.poll(() => fieldError(form, 'Client ID').textContent()).toBe('a musimap client id is a UUID like 2cf82db3-4064-4235-8253-16994eb51773: copy it whole from the dashboard');
    expect(clientOf('moodmap', 'prod')!.clientId).toBe(MUSIMAP_CLIENT.clientId);

    await sidebar().getByRole('treeitem', { name: 'partner (oauth2)' }).click();
    await deck.page.getByRole('button', { name: '+ Client' }).click();
    const oauth = deck.page.getByRole('form', { name: 'New client' });
    await oauth.getByLabel('Name', { exact: true }).fill('batch');
    await oauth.getByLabel('Client ID').fill('batch job 7');
    await oauth.getByLabel('Client ID').press('Enter');
    await expect.poll(() => clientOf('partner', 'batch')?.clientId).toBe('batch job 7');
  });
});
