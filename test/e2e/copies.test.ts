// What a copy says it copies, end to end in Chromium with the real X clipboard: "Copy token"
// reuses a valid cached token and says so, "New token" makes one now, "Copy header" and the
// palette's Shift+Enter put the whole Authorization line on the clipboard.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const notice = () => deck.page.getByRole('status').filter({ hasText: 'Copied' });

describe('copying a token', () => {
  it('"Copy token" reuses the cached one and says so; "New token" exchanges now; "Copy header" copies the whole line', async () => {
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'moodmap/prod' }).click();
    const issued = deck.world.musimap.issued;

    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => notice().textContent()).toMatch(/^Copied bearer(?: · production credential)? — new, expires in .+ · clipboard clears in 30 s$/);
    await expect.poll(() => deck.clipboard()).toBe(issued[0]);

    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => notice().textContent()).toMatch(/^Copied bearer(?: · production credential)? — cached, expires in /);
    expect(issued).toHaveLength(1);

    await deck.page.getByRole('button', { name: 'New bearer token' }).click();
    await expect.poll(() => issued.length).toBe(2);
    await expect.poll(() => deck.clipboard()).toBe(issued[1]);
    await expect.poll(() => notice().textContent()).toMatch(/^Copied bearer(?: · production credential)? — new, /);

    await deck.page.getByRole('button', { name: 'Copy bearer header' }).click();
    await expect.poll(() => deck.clipboard()).toBe(`Authorization: Bearer ${issued[1]}`);
    expect(await notice().textContent()).toMatch(/^Copied the bearer Authorization header(?: · production credential)? — cached, expires in /);
    expect(issued).toHaveLength(2);
    await deck.shoot('client-copy-header-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('client-copy-header-900x600-dark');
  });

  it('copies the whole header from the palette with Shift+Enter', async () => {
    await deck.page.keyboard.press('Control+k');
    const palette = deck.page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByLabel('Command', { exact: true }).fill('acme devtoken');
    expect(await palette.getByRole('option').first().textContent()).toBe('Copy devtoken token for acme/web (development)');
    await deck.shoot('palette-copy-light');
    await deck.page.keyboard.press('Shift+Enter');
    await expect.poll(() => deck.clipboard()).toMatch(/^Authorization: DevToken eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await palette.getByRole('status').textContent()).toMatch(/^Copied the devtoken Authorization header — new, expires in .* — acme\/web$/);
  });
});
