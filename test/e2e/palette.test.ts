// The command palette (issue 26, item 9): it offers only the copies a client's organization allows
// (a signed JWT that is exchanged for nothing has no bearer token), says them in words ("Copy Token
// header — acme/web"), and goes places: an organization, a client, a console, the inspector, another
// environment.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const palette = () => deck.page.getByRole('dialog', { name: 'Command palette' });
const labels = () => palette().getByRole('option').locator('.palette-label').allTextContents();

/** A fresh palette (Ctrl+K toggles it: an open one is closed first) with `query` typed. */
async function open(query: string) {
  if ((await palette().count()) > 0) {
    await deck.page.keyboard.press('Escape');
    await palette().waitFor({ state: 'detached' });
  }
  await deck.page.keyboard.press('Control+k');
  await palette().getByLabel('Command', { exact: true }).fill(query);
}

describe('the command palette', () => {
  it('offers a signed-JWT client only the schemes its profile allows, and the copy works', async () => {
    await deck.world.vault.addOrganization({ name: 'apple', provider: 'jwt', jwt: presetProfile('apple-music') });
    await deck.world.vault.addClient('apple', { name: 'app', environment: 'development', clientId: 'A1B2C3D4E5' });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await deck.world.vault.importKey('apple', 'K2X9R4HXF3', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    await deck.page.reload();
    await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
    await open('copy apple');
    // Apple's developer token is the signed JWT itself: no exchange, so no bearer token to offer.
    await expect.poll(labels).toEqual(['Copy signed JWT — apple/app']);
    await open('copy acme');
    expect(await labels()).toEqual(['Copy Token header — acme/web', 'Copy Basic header — acme/web', 'Copy DevToken — acme/web']);
    await deck.shootAll('palette-copies');
    await open('apple');
    await deck.page.keyboard.press('Enter');
    await palette().getByRole('status').waitFor();
    expect((await deck.clipboard()).split('.')).toHaveLength(3);
  });

  it('opens an organization, a client, a console and the inspector', async () => {
    await open('open moodmap');
    expect(await labels()).toEqual(['Open organization moodmap', 'Open client moodmap/prod', 'Open the console — moodmap']);
    await deck.shootAll('palette-places');
    await deck.page.keyboard.press('ArrowDown');
    await deck.page.keyboard.press('Enter');
    await deck.page.getByRole('article', { name: 'Client moodmap/prod' }).waitFor();
    await expect.poll(() => palette().count()).toBe(0);

    await open('open organization acme');
    await deck.page.keyboard.press('Enter');
    await deck.page.getByRole('article', { name: 'Organization acme' }).waitFor();

    await open('console partner');
    await deck.page.keyboard.press('Enter');
    await deck.page.getByRole('article', { name: 'Console for partner' }).waitFor();

    await open('inspector');
    await deck.page.keyboard.press('Enter');
    await deck.page.getByRole('article', { name: /inspector/i }).waitFor();
  });

  it('switches the environment, and then offers only its clients', async () => {
    await open('switch staging');
    expect(await labels()).toEqual(['Switch to environment staging']);
    await deck.page.keyboard.press('Enter');
    await expect.poll(() => deck.page.getByLabel('Environment', { exact: true }).inputValue()).toBe('staging');
    await open('copy');
    expect(new Set((await labels()).map((label) => label.split(' — ')[1]))).toEqual(new Set(['partner/svc', 'partner/svc-post']));
    await open('switch all');
    await deck.page.keyboard.press('Enter');
    await expect.poll(() => deck.page.getByLabel('Environment', { exact: true }).inputValue()).toBe('');
  });
});
