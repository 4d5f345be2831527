// Inspecting what is not a JWT, in the deck (issue 26, item 11): a cached opaque token's Inspect
// shows what Tokendeck knows of it, and a pasted `Authorization: Bearer …` line is taken; main
// matches the value and answers names and times, never the value.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();

describe('inspecting an opaque token', () => {
  it('from Live tokens: what is known instead of "Not a JWT"', async () => {
    await deck.world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await deck.page.reload();
    await deck.page.getByRole('row', { name: 'token moodmap/prod bearer' }).getByRole('button', { name: 'Inspect' }).click();
    const detail = deck.page.getByRole('region', { name: 'Token detail' });
    expect(await detail.getByLabel('Token kind').textContent()).toMatch(/^Not a JWT: an opaque token \(\d+ characters\)$/);
    const known = detail.getByRole('table', { name: 'Known token' });
    expect(await known.getByRole('row', { name: /^Client/ }).textContent()).toBe('Clientmoodmap/prod (production)');
    expect(await known.getByRole('row', { name: /^Expiry/ }).textContent()).toMatch(/^Expiryexpires in 1 h 59 min \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
    expect(await known.getByRole('row', { name: /^Issuer/ }).textContent()).toMatch(/^Issuerissued by http:\/\/127\.0\.0\.1:\d+$/);
    expect(await deck.page.getByRole('alert').count()).toBe(0);
    await deck.shootAll('inspect-opaque-cached');
  });

  it('pasted as an Authorization line in the inspector: its client, scope granted and expiry', async () => {
    deck.world.oauth.grantScope = 'catalog:read';
    await deck.world.core.tokens.credential({ org: 'partner', client: 'svc' });
    const value = await deck.world.core.tokens.reveal(deck.world.core.tokens.records()[0]!.id);
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: 'JWT inspector' }).click();
    const view = deck.page.getByRole('article', { name: 'JWT inspector' });
    await view.getByLabel('Token', { exact: true }).fill(`Authorization: Bearer ${value}`);
    await view.getByRole('button', { name: 'Inspect' }).click();
    const known = view.getByRole('table', { name: 'Known token' });
    await known.waitFor();
    expect(await known.getByRole('row', { name: /^Client/ }).textContent()).toBe('Clientpartner/svc (staging)');
    expect(await known.getByRole('row', { name: /^Scope granted/ }).textContent()).toBe('Scope grantedcatalog:read');
    expect(await known.getByRole('row', { name: /^Scheme/ }).textContent()).toBe('Schemebearer');
    await deck.shootAll('inspect-opaque-pasted');

    // Someone else's opaque token: said to be one, with what to do, not refused.
    await view.getByLabel('Token', { exact: true }).fill('Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a');
    await view.getByRole('button', { name: 'Inspect' }).click();
    await expect.poll(() => view.getByText(/introspection endpoint \(RFC 7662\)/).count()).toBe(1);
    expect(await view.getByRole('table', { name: 'Known token' }).count()).toBe(0);
  });
});
