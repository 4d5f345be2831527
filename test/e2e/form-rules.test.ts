// Forms say their rules before submit (issue 15, item 10): the name rule under Name fields, only
// the fields a provider uses, an item's error naming its line, counts that read right, and a
// relative console URL on an organization without an API URL explained as such.
import { describe, expect, it } from 'vitest';
import { NAME_RULE } from '../../main/core/model/primitives.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSIMAP_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const openOrg = async (org: string) => {
  await sidebar().getByRole('treeitem', { name: new RegExp(`^${org} \\(`) }).click();
  return deck.page.getByRole('article', { name: `Organization ${org}` });
};

describe('forms say their rules before submit', () => {
  it('shows the name rule under the Name fields of the organization and client forms', async () => {
    await deck.page.getByRole('button', { name: '+ Organization' }).click();
    const orgForm = deck.page.getByRole('form', { name: 'New organization' });
    await orgForm.getByText(NAME_RULE).waitFor();
    await deck.shoot('form-name-rule-light');
    await orgForm.getByRole('button', { name: 'Cancel' }).click();

    await (await openOrg('acme')).getByRole('button', { name: '+ Client' }).click();
    await deck.page.getByRole('form', { name: 'New client' }).getByText(NAME_RULE).waitFor();
  });

  it('shows Musimap no integration users and no one-option scheme list; MusicAPI both', async () => {
    await (await openOrg('moodmap')).getByRole('button', { name: '+ Client' }).click();
    const musimap = deck.page.getByRole('form', { name: 'New client' });
    await musimap.getByLabel('Client ID').waitFor();
    expect(await musimap.getByLabel('Integration users').count()).toBe(0);
    expect(await musimap.getByLabel('Default scheme').count()).toBe(0);
    await deck.shoot('form-musimap-client-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('form-musimap-client-900x600-dark');
    await musimap.getByRole('button', { name: 'Cancel' }).click();

    await (await openOrg('acme')).getByRole('button', { name: '+ Client' }).click();
    const musicapi = deck.page.getByRole('form', { name: 'New client' });
    expect(await musicapi.getByLabel('Integration users').count()).toBe(1);
    expect(await musicapi.getByLabel('Default scheme').count()).toBe(1);
    // acme's key signs (KID-1): a new client defaults to DevTokens, as MusicAPI's document recommends.
    expect(await musicapi.getByLabel('Default scheme').inputValue()).toBe('devtoken');
  });

  it('names the line of an integration user or a catalog that is wrong', async () => {
    await (await openOrg('acme')).getByRole('button', { name: '+ Client' }).click();
    const form = deck.page.getByRole('form', { name: 'New client' });
    await form.getByLabel('Name', { exact: true }).fill('mobile');
    await form.getByLabel('Client ID').fill('0b6b3b0e-5b8a-4d0c-9a57-0d2b8f1c6e11');
    await form.getByLabel('Integration users').fill('alice = 8d883178-9585-482e-bb4b-0c85736edc2d\n\nbob = not-a-uuid');
    await form.getByRole('button', { name: 'Create client' }).click();
    await expect.poll(() => form.locator('.field-error').textContent()).toMatch(/^line 3 \(uuid\): /);
    await deck.shoot('form-user-line-light');
    await form.getByRole('button', { name: 'Cancel' }).click();

    await (await openOrg('acme')).getByRole('button', { name: 'Edit' }).click();
    const orgForm = deck.page.getByRole('form', { name: 'Edit acme' });
    await orgForm.getByLabel('Catalogs').fill('main | cat-1 | private\nother | cat-2 | public');
    await orgForm.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => orgForm.locator('.field-error').textContent()).toMatch(/^line 2 \(visibility\): /);
  });

  it('reads "1 client" when deleting an organization with one client', async () => {
    const view = await openOrg('acme');
    await view.locator('.view-header').getByRole('button', { name: 'Delete' }).click();
    expect(await view.getByRole('region', { name: 'Remove acme' }).textContent()).toContain('1 client (web) and 1 signing key.');
  });

  it('explains a relative console URL on an organization without an API URL', async () => {
    await deck.world.vault.addOrganization({ name: 'bare', provider: 'musimap', tokenUrl: deck.world.musimap.tokenUrl });
    await deck.world.vault.addClient('bare', { name: 'dev', environment: 'development', clientId: MUSIMAP_CLIENT.clientId });
    await deck.page.reload();
    const org = await openOrg('bare');
    await org.getByRole('button', { name: 'Console' }).click();
    const view = deck.page.getByRole('article', { name: 'Console for bare' });
    await view.getByLabel('URL').fill('/catalogs');
    await view.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => view.locator('.field', { has: deck.page.getByLabel('URL', { exact: true }) }).locator('.field-error').textContent()).toContain('this organization has no API URL: set one in its settings, or type a full URL');
    await deck.shoot('console-no-api-url-light');
  });
});
