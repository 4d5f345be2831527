// Production looks like production (issue 15, item 9): a client of the `production` environment,
// or one the user marks so, carries its own colour in the sidebar, the client view, the palette
// and the console, and a copy or a send with its credential says "production credential".
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });

describe('production clients', () => {
  it('are marked in the sidebar and the client view, and a copy says it handed out a production credential', async () => {
    const prod = sidebar().getByRole('treeitem', { name: 'moodmap/prod' });
    expect(await prod.getAttribute('class')).toContain('production');
    expect(await prod.locator('.prod-tag').textContent()).toBe('prod');
    expect(await sidebar().getByRole('treeitem', { name: 'acme/web' }).getAttribute('class')).not.toContain('production');

    await prod.click();
    const view = deck.page.getByRole('article', { name: 'Client moodmap/prod' });
    await view.locator('.badge.prod', { hasText: 'production' }).waitFor();
    expect(await view.getByText('production', { exact: true }).count()).toBe(1);
    await view.getByRole('button', { name: 'Copy bearer token' }).click();
    await view.getByRole('status').filter({ hasText: /^Copied bearer( \(cached\))? · production credential/ }).waitFor();
    await deck.shoot('production-client-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('production-client-dark');
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('production-client-900x600-dark');

    // A development client's copy says nothing of the kind.
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    const web = deck.page.getByRole('article', { name: 'Client acme/web' });
    await web.getByRole('button', { name: 'Copy token token' }).click();
    const status = web.getByRole('status').filter({ hasText: 'Copied token' });
    await status.waitFor();
    expect(await status.textContent()).not.toContain('production');
  });

  it('can be marked so by the user in the client form, and the mark is kept', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    await deck.page.getByRole('article', { name: 'Client acme/web' }).getByRole('button', { name: 'Edit' }).click();
    const form = deck.page.getByRole('form', { name: 'Edit web' });
    const box = form.getByLabel(/Production credentials/);
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await deck.shoot('production-form-light');
    await form.getByRole('button', { name: 'Save' }).click();
    await deck.page.getByRole('article', { name: 'Client acme/web' }).locator('.badge.prod', { hasText: 'production' }).waitFor();
    expect(deck.world.vault.tree().organizations.find((o) => o.name === 'acme')!.clients[0]!.production).toBe(true);
    expect(await sidebar().getByRole('treeitem', { name: 'acme/web' }).getAttribute('class')).toContain('production');
  });

  it('are marked in the palette, and its copy names the production credential', async () => {
    await deck.page.keyboard.press('Control+k');
    const palette = deck.page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByLabel('Command', { exact: true }).fill('moodmap prod bearer');
    const option = palette.getByRole('option', { name: /moodmap\/prod/ });
    expect(await option.getAttribute('class')).toContain('production');
    await option.getByText('production', { exact: true }).waitFor();
    await deck.shoot('production-palette-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('production-palette-dark');
    await deck.page.keyboard.press('Enter');
    await palette.getByRole('status').filter({ hasText: /^Copied bearer( \(cached\))? · production credential/ }).waitFor();
  });

  it('are marked in the console, and a send with one says so beside its status', async () => {
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    await deck.page.getByRole('article', { name: 'Client moodmap/prod' }).getByRole('button', { name: 'Test in console' }).click();
    const view = deck.page.getByRole('article', { name: 'Console for moodmap' });
    await view.getByLabel('Preset').selectOption({ label: 'Musimap call with Bearer (type the endpoint)' });
    expect(await view.locator('.request-auth').getAttribute('class')).toContain('production');
    await view.getByRole('button', { name: 'Send' }).click();
    const response = view.getByRole('region', { name: 'Response' });
    await response.getByText('sent with a production credential').waitFor();
    await deck.shoot('production-console-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('production-console-900x600-dark');
  });
});
