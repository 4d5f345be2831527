// The views the first bundle leaves out (renderer/src/views.tsx) load after the deck is drawn,
// under the page's CSP (a refused chunk would be a page error, which the fixture fails on), and
// open as before: focus where it was, no "Loading…" left behind. Screenshots at 900×600, light
// and dark.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });

async function shootBoth(name: string) {
  await deck.page.emulateMedia({ colorScheme: 'light' });
  await deck.shoot(`${name}-900x600-light`);
  await deck.page.emulateMedia({ colorScheme: 'dark' });
  await deck.shoot(`${name}-900x600-dark`);
  await deck.page.emulateMedia({ colorScheme: 'light' });
}

describe('views loaded when opened', () => {
  it('draws the deck before any later view is loaded, then opens each view with nothing left loading', async () => {
    const timing = () =>
      deck.page.evaluate(() => ({
        drawn: performance.getEntriesByName('deck-rendered')[0]!.startTime,
        chunks: performance.getEntriesByType('resource').filter((e) => /\/(ClientView|ConsoleView|ConnectWizard|SetupView)-[\w-]+\.js$/.test(e.name)).map((e) => e.startTime),
      }));
    await expect.poll(async () => (await timing()).chunks.length).toBe(4);
    const { drawn, chunks } = await timing();
    expect(chunks.every((start) => start >= drawn)).toBe(true);
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await shootBoth('lazy-first-render');
    const views: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      ['lazy-organization', () => sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click(), () => deck.page.getByRole('article', { name: 'Organization acme' }).waitFor()],
      ['lazy-client', () => sidebar().getByRole('treeitem', { name: 'acme/web' }).click(), () => deck.page.getByRole('article', { name: 'Client acme/web' }).waitFor()],
      ['lazy-console', () => sidebar().getByRole('button', { name: 'Request console' }).click(), () => deck.page.getByRole('article', { name: 'Console for acme' }).waitFor()],
      ['lazy-inspector', () => sidebar().getByRole('button', { name: 'JWT inspector' }).click(), () => deck.page.getByRole('article', { name: 'JWT inspector' }).waitFor()],
      ['lazy-setup', () => sidebar().getByRole('button', { name: 'Share setup' }).click(), () => deck.page.getByRole('article', { name: 'Share setup' }).waitFor()],
      ['lazy-connect', () => sidebar().getByRole('button', { name: 'Connect an API…' }).click(), () => deck.page.getByRole('region', { name: 'Connect an API' }).waitFor()],
      ['lazy-connect-wizard', () => deck.page.getByRole('button', { name: 'Connect MusicAPI' }).click(), () => deck.page.getByRole('region', { name: 'Connect MusicAPI' }).waitFor()],
      ['lazy-new-organization', () => sidebar().getByRole('button', { name: '+ Organization' }).click(), () => deck.page.getByRole('form').first().waitFor()],
    ];
    for (const [name, open, shown] of views) {
      await open();
      await shown();
      await expect.poll(() => deck.page.getByRole('status').filter({ hasText: 'Loading…' }).count()).toBe(0);
      await shootBoth(name);
    }
  });

  it('opens the palette on Ctrl+K with the focus in its input, over the token table, and gives the focus back on Escape', async () => {
    await deck.page.setViewportSize({ width: 900, height: 600 });
    const live = sidebar().getByRole('button', { name: /Live tokens/ });
    await live.focus();
    await deck.page.keyboard.press('Control+K');
    const input = deck.page.getByRole('dialog', { name: 'Command palette' }).getByRole('textbox', { name: 'Command' });
    await input.waitFor();
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    // The token table's sticky header (z-index 1) once showed through the backdrop.
    const header = await deck.page.locator('.token-row.header').boundingBox();
    const onTop = await deck.page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('.palette-backdrop') !== null, [header!.x + header!.width - 10, header!.y + header!.height / 2]);
    expect(onTop).toBe(true);
    await shootBoth('lazy-palette');
    await deck.page.keyboard.press('Escape');
    await input.waitFor({ state: 'detached' });
    await expect.poll(() => live.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
