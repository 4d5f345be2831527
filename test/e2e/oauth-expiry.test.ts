// An OAuth 2.0 server that leaves out expires_in (RFC 6749 §5.1), in the real deck: the token is
// made and listed with "expiry assumed", and the client form sets the assumed lifetime.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation');

describe('OAuth 2.0 without expires_in, in the deck', () => {
  it('copies a token, lists it as "expiry assumed", and sets the assumed lifetime in the client form', async () => {
    deck.world.oauth.expiresIn = undefined;
    await sidebar().getByRole('treeitem', { name: 'partner/svc' }).first().click();
    const view = deck.page.getByRole('article', { name: 'Client partner/svc' });
    await view.getByRole('button', { name: /Edit/ }).click();
    const form = deck.page.getByRole('form', { name: 'Edit svc' });
    await form.getByLabel('Assumed token lifetime (minutes)').fill('20');
    await form.getByRole('button', { name: 'Save' }).click();
    // Scope and auth method are unchanged: no destination question, the lifetime is saved.
    await expect.poll(() => deck.world.vault.resolveClient('partner', 'svc').client.oauth2?.assumedLifetimeSeconds).toBe(1200);
    expect(deck.harness.destinationQuestions).toEqual([]);

    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await deck.page.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor();
    const [record] = deck.world.core.tokens.records();
    expect(Date.parse(record!.expiresAt) - Date.parse(record!.issuedAt)).toBe(1_200_000);

    await deck.page.getByRole('button', { name: /Live tokens/ }).click();
    const row = deck.page.getByRole('row', { name: 'token partner/svc bearer' });
    await row.getByText('expiry assumed').waitFor();
    await deck.shoot('tokens-assumed-expiry-light');
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('tokens-assumed-expiry-900x600-dark');
  });
});
