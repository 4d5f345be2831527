// Tables and keyboard (issue 15, item 11), keyboard only where the issue asks: arrows in the sidebar
// tree, Escape out of confirmations and forms with the focus back where it was; the Query tab
// showing a query typed into the URL; token-list headers over their cells; long values wrapping;
// no wrapped buttons at 900×600.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const focused = () => deck.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');
const press = (key: string) => deck.page.keyboard.press(key);

describe('the keyboard', () => {
  it('moves through the sidebar tree with the arrows, skipping environments, and opens with Enter', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).focus();
    await press('ArrowDown');
    await expect.poll(focused).toBe('acme/web');
    await press('ArrowDown');
    await expect.poll(focused).toBe('moodmap (musimap)');
    await press('Enter');
    await deck.page.getByRole('article', { name: 'Organization moodmap' }).waitFor();
    await press('ArrowUp');
    await expect.poll(focused).toBe('acme/web');
    await press('End');
    await expect.poll(focused).toBe('partner/svc-post');
    await press('Home');
    await expect.poll(focused).toBe('acme (musicapi)');
  });

  it('cancels a confirmation with Escape and gives the focus back to its button', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    const view = deck.page.getByRole('article', { name: 'Client acme/web' });
    await view.locator('.view-header').getByRole('button', { name: 'Delete' }).focus();
    await press('Enter');
    // web holds a secret: its removal asks for the name typed, and the typing starts at once.
    const removal = view.getByRole('region', { name: 'Remove web' });
    await removal.waitFor();
    await expect.poll(() => deck.page.evaluate(() => document.activeElement?.id)).toBe(await removal.getByLabel('Type web to confirm').getAttribute('id'));
    await press('Enter');
    await press('Escape');
    await removal.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('Delete');
    expect(deck.world.vault.tree().organizations[0]!.clients).toHaveLength(1);
  });

  it('cancels forms with Escape and gives the focus back to what opened them', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    const view = deck.page.getByRole('article', { name: 'Client acme/web' });
    await view.getByRole('button', { name: 'Edit' }).focus();
    await press('Enter');
    await deck.page.getByRole('form', { name: 'Edit web' }).getByLabel('Client ID').focus();
    await press('Escape');
    await view.waitFor();
    await expect.poll(focused).toBe('Edit');

    await view.getByRole('button', { name: 'Replace secret' }).focus();
    await press('Enter');
    await view.getByRole('form', { name: 'Set the client secret' }).waitFor();
    await press('Escape');
    await expect.poll(focused).toBe('Replace secret');

    await deck.page.getByRole('button', { name: '+ Organization' }).focus();
    await press('Enter');
    await deck.page.getByRole('form', { name: 'New organization' }).waitFor();
    await press('Escape');
    await deck.page.getByRole('form', { name: 'New organization' }).waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('+ Organization');
  });
});

describe('tables and views', () => {
  it('lists a query typed into the URL in the Query tab', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    await deck.page.getByRole('article', { name: 'Organization acme' }).getByRole('button', { name: 'Console' }).click();
    const view = deck.page.getByRole('article', { name: 'Console for acme' });
    await view.getByLabel('URL').fill('/search?q=abba&limit=5');
    await expect.poll(() => view.getByRole('tab', { name: /^Query/ }).textContent()).toBe('Query (2)');
    await view.getByRole('tab', { name: /^Query/ }).click();
    expect(await view.getByRole('list', { name: 'Query parameters typed in the address' }).getByRole('listitem').allTextContents()).toEqual(['q = abba', 'limit = 5']);
  });

  it('puts the token list’s column headers over their cells and shows the environment', async () => {
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await deck.page.getByRole('button', { name: /Live tokens/ }).click();
    const row = deck.page.getByRole('row', { name: 'token moodmap/prod bearer' });
    await row.waitFor();
    for (const size of [{ width: 1100, height: 700 }, { width: 900, height: 600 }]) {
      await deck.page.setViewportSize(size);
      const headers = deck.page.getByRole('columnheader');
      const cells = row.getByRole('cell');
      for (const [index, name] of ['Client', 'Scheme', 'Expires'].entries()) {
        const header = await headers.filter({ hasText: name }).boundingBox();
        const cell = await (index === 2 ? row.locator('.countdown').locator('..') : cells.nth(index)).boundingBox();
        expect(Math.abs(header!.x - cell!.x), `${name} at ${size.width}`).toBeLessThan(1);
      }
      expect(await row.getByText('production', { exact: true }).isVisible()).toBe(true);
    }
    await deck.shoot('tokens-aligned-900x600-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('tokens-aligned-900x600-dark');
  });

  it('wraps a long value in the response view', async () => {
    await sidebar().getByRole('treeitem', { name: 'moodmap (musimap)' }).click();
    await deck.page.getByRole('article', { name: 'Organization moodmap' }).getByRole('button', { name: 'Console' }).click();
    const view = deck.page.getByRole('article', { name: 'Console for moodmap' });
    await view.getByLabel('URL').fill(`/${'x'.repeat(600)}`);
    await view.getByRole('button', { name: 'Send' }).click();
    const body = view.getByRole('region', { name: 'Response' }).locator('.response-body');
    await body.getByText('xxxxxxxxxx').first().waitFor();
    expect(await body.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await deck.shoot('console-long-value-light');
  });

  it('keeps the copy and key buttons on one line at 900×600', async () => {
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    const buttons = deck.page.getByRole('article', { name: 'Client acme/web' }).getByRole('button');
    await buttons.first().waitFor();
    const oneLine = (locator: typeof buttons) => locator.evaluateAll((all) => all.filter((b) => b.getBoundingClientRect().height > 30).map((b) => b.textContent));
    expect(await oneLine(buttons)).toEqual([]);
    await deck.shoot('client-buttons-900x600-light');
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    const orgButtons = deck.page.getByRole('article', { name: 'Organization acme' }).getByRole('button');
    await orgButtons.first().waitFor();
    expect(await oneLine(orgButtons)).toEqual([]);
    await deck.shoot('organization-keys-900x600-light');
  });
});
