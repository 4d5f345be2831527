// A key whose Key ID comes later, in the deck and by keyboard: generate without a Key ID, see it
// waiting, have a DevToken refused with the reason, set the Key ID the dashboard shows, then copy
// a DevToken the MusicAPI stand-in accepts.
import { describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

async function press(locator: ReturnType<typeof deck.page.locator>, key = 'Enter') {
  await locator.focus();
  await deck.page.keyboard.press(key);
}

/** The clipboard once it matches, or undefined after `limitMs` (an empty X clipboard makes xclip fail: read as ''). */
async function clipboardMatching(pattern: RegExp, limitMs: number): Promise<string | undefined> {
  for (const until = Date.now() + limitMs; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
    let text = '';
    try {
      text = deck.clipboard();
    } catch {
      // Nothing copied yet.
    }
    if (pattern.test(text)) return text;
  }
  return undefined;
}

describe('the deck: a key waiting for its Key ID', () => {
  it('generates a pending key, refuses a DevToken with the reason, then signs once the Key ID is set', async () => {
    await deck.world.vault.addOrganization({ name: 'studio', provider: 'musicapi', apiBaseUrl: deck.world.musicapi.origin });
    await deck.world.vault.addClient('studio', { name: 'web', environment: 'development', clientId: MUSICAPI_CLIENT.clientId }, MUSICAPI_CLIENT.secret);
    // Made behind the page's back: it reads the vault again on load.
    await deck.page.reload();
    const sidebar = deck.page.getByRole('navigation', { name: 'Vault' });
    await press(sidebar.getByRole('treeitem', { name: 'studio (musicapi)' }));

    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    // No Key ID yet: the dashboard gives it after the upload. Enter in the empty field generates.
    await press(keys.getByRole('form', { name: 'Add a key' }).getByLabel('Key ID'));
    await keys.getByText('waiting for Key ID').waitFor();
    const pem = await keys.getByLabel('Public key PEM').inputValue();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(deck.world.vault.keys('studio')[0]!.kid).toBeUndefined();
    await deck.shoot('keys-pending-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('keys-pending-dark');
    await deck.page.emulateMedia({ colorScheme: 'light' });

    await press(sidebar.getByRole('treeitem', { name: 'studio/web' }));
    await deck.page.getByRole('article', { name: 'Client studio/web' }).waitFor();
    await press(deck.page.getByRole('region', { name: 'Schemes' }).getByRole('button', { name: /devtoken/ }).first());
    // The deck says it in its own words, with the action as a button that leads to the keys.
    const refusal = deck.page.getByRole('alert');
    await refusal.getByText("studio's signing key is waiting for its Key ID: upload its public key to the MusicAPI dashboard, then set the Key ID it shows.").waitFor();
    expect(await refusal.textContent()).toContain('BAD_KEY');
    await press(refusal.getByRole('button', { name: 'Set Key ID…' }));
    await press(keys.getByRole('button', { name: 'Set Key ID…' }));
    const setKid = keys.getByRole('form', { name: 'Set Key ID' });
    await expect.poll(() => setKid.getByLabel('Key ID').evaluate((el) => el === document.activeElement)).toBe(true);
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('keys-set-kid-900x600-light');
    await deck.page.setViewportSize({ width: 1100, height: 700 });
    await deck.page.keyboard.type('DASH-UI');
    await deck.page.keyboard.press('Enter');
    await keys.getByText('signing', { exact: true }).waitFor();
    expect(deck.world.vault.keys('studio')[0]!.kid).toBe('DASH-UI');
    deck.world.musicapi.registerKey('DASH-UI', pem);

    await press(sidebar.getByRole('treeitem', { name: 'studio/web' }));
    await deck.page.getByRole('article', { name: 'Client studio/web' }).waitFor();
    const copyDevToken = deck.page.getByRole('region', { name: 'Schemes' }).getByRole('button', { name: /devtoken/ }).first();
    await expect.poll(() => copyDevToken.isEnabled()).toBe(true);
    await press(copyDevToken);
    // The mint reads the private key from the keychain: on a busy machine (or across a keyring
    // restart) it may take a while. If nothing arrives, the failure says what the page shows.
    const copied = await clipboardMatching(/^eyJ/, 20_000);
    if (copied === undefined) throw new Error(`No DevToken reached the clipboard; the page's alerts: ${JSON.stringify(await deck.page.getByRole('alert').allTextContents())}, focus on: ${await deck.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
    const result = await sendAuthorized(deck.world.vault, deck.world.core.tokens, { org: 'studio', client: 'web', scheme: 'devtoken', method: 'GET', url: '/users/me' });
    expect(result.credential.token).toBe(deck.clipboard());
    expect(result.response.status).toBe(200);
  });
});
