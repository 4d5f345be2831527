// Main's verdict on a field, end to end in Chromium: the forms' own checks (main's schemas, run in
// the page) let these through — a well-formed name or Key ID — and only main, which knows what the
// vault holds, refuses them. Its message must land under the field it is about.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const fieldError = (scope: Locator, label: string) => scope.locator('.field', { has: deck.page.getByLabel(label, { exact: true }) }).locator('.field-error');

describe("main's verdict on a field", () => {
  it('shows an organization name that exists in another case under the Name field', async () => {
    await deck.page.getByRole('button', { name: '+ Organization' }).click();
    const form = deck.page.getByRole('form', { name: 'New organization' });
    await form.getByLabel('Name').fill('ACME');
    await form.getByRole('button', { name: 'Create organization' }).click();
    await expect.poll(() => fieldError(form, 'Name').textContent()).toBe('Invalid name: an organization named "ACME" already exists.');
    // Said once, where it belongs: not again in the form's general notice.
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await form.getByLabel('Name').inputValue()).toBe('ACME');
    expect(deck.world.vault.tree().organizations.filter((o) => o.name.toLowerCase() === 'acme')).toHaveLength(1);
    await deck.shoot('organization-name-verdict-light');

    // Corrected, the form goes through and the verdict is gone with the form.
    await form.getByLabel('Name').fill('acme-two');
    await form.getByRole('button', { name: 'Create organization' }).click();
    await deck.page.getByRole('article', { name: 'Organization acme-two' }).waitFor();
  });

  it('shows a client name the organization has in another case under the Name field', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    await deck.page.getByRole('button', { name: '+ Client' }).click();
    const form = deck.page.getByRole('form', { name: 'New client' });
    await form.getByLabel('Name', { exact: true }).fill('WEB');
    await form.getByLabel('Client ID').fill('5d2c8e41-7a3b-4f96-b0e8-c1d2e3f4a5b6');
    await form.getByRole('button', { name: 'Create client' }).click();
    await expect.poll(() => fieldError(form, 'Name').textContent()).toBe('Invalid name: "acme" already has a client named "WEB".');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(deck.world.vault.tree().organizations.find((o) => o.name === 'acme')!.clients.map((c) => c.name)).toEqual(['web']);
  });

  it('shows a Key ID the organization has already under the Key ID field, and keeps it there', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    await keys.getByLabel('Key ID').fill('KID-1');
    await keys.getByRole('button', { name: 'Generate key' }).click();
    await expect.poll(() => fieldError(keys, 'Key ID').textContent()).toBe('Invalid kid: "acme" already has a key with Key ID "KID-1".');
    expect(await keys.getByLabel('Key ID').inputValue()).toBe('KID-1');
    expect(await keys.getByRole('alert').count()).toBe(0);
    expect(deck.world.vault.keys('acme').map((k) => k.kid)).toEqual(['KID-1']);
  });
});
