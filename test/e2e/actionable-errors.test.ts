// Errors a person can act on (issue 15, item 8): main's message speaks CLI (with the real
// organization, not a literal `<org>`); the deck says it in its own words with the action as a
// button and the code in small print, and the notice leaves once the cause is fixed.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });

describe('errors a person can act on', () => {
  it('offers "Set secret…" for a missing secret, and the notice leaves once the secret is set', async () => {
    await deck.world.vault.addClient('acme', { name: 'nosecret', environment: 'staging', clientId: MUSICAPI_CLIENT.clientId });
    await deck.page.reload();
    await sidebar().getByRole('treeitem', { name: 'acme/nosecret' }).click();
    const view = deck.page.getByRole('article', { name: 'Client acme/nosecret' });
    await view.getByRole('button', { name: 'Copy basic token' }).click();
    const alert = view.getByRole('alert');
    await alert.getByText('acme/nosecret has no client secret stored.').waitFor();
    expect(await alert.locator('small.error-code').textContent()).toBe('SECRET_MISSING');
    expect(await alert.textContent()).not.toContain('tokendeck');
    // Main's own message, which the CLI prints, names the organization.
    expect(deck.harness.outbound.join('\n')).toContain('tokendeck client set-secret acme/nosecret');
    expect(deck.harness.outbound.join('\n')).not.toContain('<org>');
    await deck.shoot('error-set-secret-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('error-set-secret-900x600-dark');

    await alert.getByRole('button', { name: 'Set secret…' }).click();
    const form = view.getByRole('form', { name: 'Set the client secret' });
    await form.getByLabel('Client secret').fill(MUSICAPI_CLIENT.secret);
    await form.getByRole('button', { name: 'Save secret' }).click();
    await view.getByRole('alert').waitFor({ state: 'detached' });
    await view.getByText('stored in keychain').waitFor();
  });

  it('offers "Replace secret…" when the token endpoint refuses the client id and secret', async () => {
    await deck.world.vault.setClientSecret('moodmap', 'prod', 'wrong-secret-91c0');
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    const view = deck.page.getByRole('article', { name: 'Client moodmap/prod' });
    await view.getByRole('button', { name: 'Copy bearer token' }).click();
    const alert = view.getByRole('alert');
    const host = deck.world.musimap.origin.replace(/[.]/g, '\\.');
    await alert.getByText(new RegExp(`^The token endpoint ${host} refused the client id and secret of moodmap/prod \\(".+"\\): check the client id, or replace the secret\\.$`)).waitFor();
    expect(await alert.locator('small.error-code').textContent()).toBe('EXCHANGE_REJECTED');
    await alert.getByRole('button', { name: 'Replace secret…' }).click();
    await view.getByRole('form', { name: 'Set the client secret' }).getByLabel('Client secret').waitFor();
  });

  it('offers the signing keys when a DevToken has no key to sign with', async () => {
    await deck.world.vault.addOrganization({ name: 'fresh', provider: 'musicapi', apiBaseUrl: deck.world.musicapi.origin });
    await deck.world.vault.addClient('fresh', { name: 'web', environment: 'development', clientId: MUSICAPI_CLIENT.clientId }, MUSICAPI_CLIENT.secret);
    await deck.page.reload();
    await sidebar().getByRole('treeitem', { name: 'fresh/web' }).click();
    const view = deck.page.getByRole('article', { name: 'Client fresh/web' });
    await view.getByRole('button', { name: 'Copy devtoken token' }).click();
    const alert = view.getByRole('alert');
    await alert.getByText('fresh has no signing key for DevTokens yet.').waitFor();
    expect(await alert.locator('small.error-code').textContent()).toBe('BAD_KEY');
    await alert.getByRole('button', { name: 'Open signing keys…' }).click();
    await deck.page.getByRole('article', { name: 'Organization fresh' }).getByRole('region', { name: 'Signing keys' }).waitFor();
  });
});
