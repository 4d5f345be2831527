// Room to read (issue 26, item 13): the console's request and response share the window with a
// splitter between them that moves by pointer or keyboard and is remembered; at 900×600 the
// response gets at least half the room; the words are for people, an error's code in small print.
import { describe, expect, it } from 'vitest';
import { openConsole, useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();

async function heights(view: Awaited<ReturnType<typeof openConsole>>) {
  const request = (await view.locator('.request-pane').boundingBox())!;
  const response = (await view.locator('.response-pane').boundingBox())!;
  return { request: request.height, response: response.height };
}

describe('the console room', () => {
  it('gives the response at least half the height at 900×600, and the split moves with the keyboard and the pointer, remembered', async () => {
    await deck.page.setViewportSize({ width: 900, height: 600 });
    let view = await openConsole(deck, 'acme');
    const first = await heights(view);
    expect(first.response).toBeGreaterThanOrEqual((first.request + first.response) / 2);
    await view.getByLabel('URL').fill('/search/introspection');
    await view.getByRole('button', { name: 'Send' }).click();
    await view.getByRole('region', { name: 'Response' }).waitFor();
    await deck.shootAll('console-split-default');

    const splitter = view.getByRole('separator', { name: 'Resize the request and the response' });
    expect(await splitter.getAttribute('aria-valuenow')).toBe('40');
    await splitter.focus();
    for (let i = 0; i < 3; i++) await deck.page.keyboard.press('ArrowUp');
    expect(await splitter.getAttribute('aria-valuenow')).toBe('25');
    const moved = await heights(view);
    expect(moved.response).toBeGreaterThan(first.response);
    await deck.page.keyboard.press('End');
    expect(await splitter.getAttribute('aria-valuenow')).toBe('80');
    await deck.page.keyboard.press('Home');
    expect(await splitter.getAttribute('aria-valuenow')).toBe('15');

    // Dragged down by a fifth of the room, the request grows.
    const box = (await splitter.boundingBox())!;
    const room = moved.request + moved.response;
    await deck.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await deck.page.mouse.down();
    await deck.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + room / 5, { steps: 4 });
    await deck.page.mouse.up();
    const dragged = Number(await splitter.getAttribute('aria-valuenow'));
    expect(dragged).toBeGreaterThanOrEqual(30);
    expect(dragged).toBeLessThanOrEqual(40);

    // Remembered across a reload.
    await deck.page.reload();
    await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
    view = await openConsole(deck, 'acme');
    expect(Number(await view.getByRole('separator').getAttribute('aria-valuenow'))).toBe(dragged);
    await deck.page.setViewportSize({ width: 1100, height: 700 });
  });

  it('says what it adds in words for people, and an error\'s code only in small print', async () => {
    const view = await openConsole(deck, 'acme');
    await view.getByLabel('URL').fill('/search/introspection');
    await view.getByRole('tab', { name: /^Headers/ }).click();
    const added = view.getByRole('list', { name: 'Headers Tokendeck adds' });
    expect(await added.textContent()).toContain('credential, added when sent; never shown here');
    expect(await view.locator('.request-pane').textContent()).not.toMatch(/\bmain\b/);

    await view.getByLabel('URL').fill('https://collect.attacker.example/x');
    await view.getByRole('button', { name: 'Send' }).click();
    const alert = view.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('not sent to https://collect.attacker.example');
    expect(await alert.textContent()).toContain('Not sent: the URL — ');
    // The words first; the code after them, small.
    expect(await alert.locator('small.error-code').count()).toBe(1);
    expect(await alert.locator('strong').count()).toBe(0);
    expect((await alert.textContent())!.startsWith(await alert.locator('small.error-code').textContent() ?? '')).toBe(false);
    await deck.shootAll('console-split-error');
  });
});
