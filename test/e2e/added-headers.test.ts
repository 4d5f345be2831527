// Say what goes out (issue 15, item 12): the console lists the headers Tokendeck adds when it sends
// — Authorization by scheme (never its value), MusicAPI's Content-Type on every call, another
// provider's only with a JSON body — and they are exactly the ones the exported request carries;
// the exported snippet says its `tokendeck token` line needs the CLI.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openConsole as openDeckConsole, useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

const openConsole = (org: string) => openDeckConsole(deck, org);

const addedList = (view: Locator) => view.getByRole('list', { name: 'Headers Tokendeck adds' }).getByRole('listitem').locator('code');
/** The `--header` lines of the exported curl command, but the user's own and Authorization. */
const exportedHeaders = (curl: string) => [...curl.matchAll(/--header '([^']+)'/g)].map((m) => m[1]);

describe('the headers the console adds', () => {
  it('lists Authorization by scheme and MusicAPI’s Content-Type on every call, as the export carries them', async () => {
    const view = await openConsole('acme');
    await view.getByLabel('URL').fill('/search/introspection');
    const tab = view.getByRole('tab', { name: /^Headers/ });
    expect(await tab.textContent()).toBe('Headers (0 + 2 added)');
    await tab.click();
    expect(await addedList(view).allTextContents()).toEqual(['Authorization: Token …', 'Content-Type: application/json; charset=utf-8']);
    await view.getByLabel('Scheme').selectOption('devtoken');
    expect(await addedList(view).allTextContents()).toEqual(['Authorization: DevToken …', 'Content-Type: application/json; charset=utf-8']);
    // The value never shows: not even the Token scheme's, which is only the client id.
    await view.getByLabel('Scheme').selectOption('token');
    expect(await view.getByRole('list', { name: 'Headers Tokendeck adds' }).textContent()).not.toContain(MUSICAPI_CLIENT.clientId);
    await deck.shoot('console-added-headers-light');

    await view.getByRole('button', { name: 'Copy as curl' }).click();
    const curl = (await view.getByLabel('Exported curl').textContent())!;
    expect(exportedHeaders(curl)).toEqual(['Content-Type: application/json; charset=utf-8']);
    expect(curl).toContain('--header "Authorization: $TOKENDECK_AUTHORIZATION"');
    expect(await view.getByRole('note').textContent()).toContain('needs the Tokendeck command on the PATH of whoever runs it');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('console-export-note-dark');
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('console-export-note-900x600-dark');
  });

  it('adds a Content-Type for another provider only with a JSON body, and none over the user’s own', async () => {
    const view = await openConsole('partner');
    // One scheme: said, not offered as a one-option list.
    const scheme = view.getByLabel('Scheme');
    expect(await scheme.evaluate((el) => el.tagName)).toBe('OUTPUT');
    expect(await scheme.textContent()).toBe('bearer');
    await view.getByLabel('URL').fill(`${deck.world.oauth.origin}/api/catalogs`);
    await view.getByRole('tab', { name: /^Headers/ }).click();
    expect(await addedList(view).allTextContents()).toEqual(['Authorization: Bearer …']);
    await view.getByRole('tab', { name: /^Body/ }).click();
    await view.getByRole('radio', { name: 'JSON' }).check();
    await view.getByLabel('Body', { exact: true }).fill('{"a":1}');
    await view.getByRole('tab', { name: /^Headers/ }).click();
    expect(await view.getByRole('tab', { name: /^Headers/ }).textContent()).toBe('Headers (0 + 2 added)');
    expect(await addedList(view).allTextContents()).toEqual(['Authorization: Bearer …', 'Content-Type: application/json']);
    await view.getByRole('button', { name: 'Copy as curl' }).click();
    expect(exportedHeaders((await view.getByLabel('Exported curl').textContent())!)).toEqual(['Content-Type: application/json']);
    await deck.shoot('console-added-headers-json-light');

    await view.getByRole('button', { name: '+ Header' }).click();
    await view.getByLabel('Headers 1 name').fill('content-type');
    await view.getByLabel('Headers 1 value').fill('application/vnd.partner+json');
    expect(await addedList(view).allTextContents()).toEqual(['Authorization: Bearer …']);
    await view.getByRole('button', { name: 'Copy as curl' }).click();
    await expect.poll(async () => exportedHeaders((await view.getByLabel('Exported curl').textContent())!)).toEqual(['content-type: application/vnd.partner+json']);
  });
});
