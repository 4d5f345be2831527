// An organization's "Network" settings in the deck (issue 25, item 6), in Chromium against the real
// core: a proxy, NO_PROXY and a CA bundle chosen as a file, shown by subject and expiry; saving them
// on an organization that holds secrets asks main (its dialog, here the harness's stand-in), naming
// the proxy's host and saying what a CA can read; refused, nothing changes. A proxy's password goes
// to the keychain only. Hostile input (a proxy URL with a path, a paste that is no PEM) is refused under its field, and nothing is sent.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
let ca: TestCa;
beforeAll(() => {
  ca = createTestCa('Corp Deck Root CA');
});
afterAll(() => ca?.remove());

async function openForm() {
  await sidebar().getByRole('treeitem', { name: 'partner (oauth2)' }).click();
  await deck.page.getByRole('article', { name: 'Organization partner' }).getByRole('button', { name: 'Edit' }).click();
  return deck.page.getByRole('form', { name: 'Edit partner' });
}

describe("an organization's network settings in the deck", () => {
  it('sets a proxy, NO_PROXY and a CA file; main asks, naming the proxy and what the CA can read; confirmed, the view shows them', async () => {
    const form = await openForm();
    const network = form.getByRole('group', { name: 'Network' });
    await network.getByLabel('Proxy', { exact: true }).fill('http://proxy.corp.example:3128');
    await network.getByLabel('No proxy for').fill('internal.example, 10.0.0.0/8');
    const file = path.join(deck.world.home, 'corp-ca.pem');
    fs.writeFileSync(file, ca.pem);
    await network.getByLabel('CA bundle file').setInputFiles(file);
    const listed = network.getByRole('list', { name: 'CA certificates' });
    await expect.poll(() => listed.textContent()).toMatch(/Corp Deck Root CAuntil \d{4}-\d\d-\d\d/);
    await network.scrollIntoViewIfNeeded();
    await deck.shootAll('org-network-form');
    // The small window, scrolled to the section itself (shootAll's 900×600 shot shows the form's top).
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await network.scrollIntoViewIfNeeded();
    await deck.shoot('org-network-form-900x600-section');
    await deck.page.setViewportSize({ width: 1100, height: 700 });

    const before = deck.world.storeText();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('CANCELLED');
    expect(deck.world.storeText()).toBe(before);
    const [asked] = deck.harness.destinationQuestions;
    expect(asked!.text.message).toContain('proxy.corp.example:3128');
    expect(asked!.text.detail).toContain('through the proxy proxy.corp.example:3128');
    expect(asked!.text.detail).toContain('readable by whoever holds the CA "Corp Deck Root CA"');

    deck.harness.confirmDestinationChanges = true;
    await form.getByRole('button', { name: 'Save' }).click();
    const view = deck.page.getByRole('article', { name: 'Organization partner' });
    await view.getByText('http://proxy.corp.example:3128').waitFor();
    expect(await view.textContent()).toContain('internal.example, 10.0.0.0/8');
    expect(await view.textContent()).toMatch(/Corp Deck Root CA until \d{4}-\d\d-\d\d/);
    expect(deck.world.vault.organization('partner').network).toEqual({ proxy: 'http://proxy.corp.example:3128', noProxy: ['internal.example', '10.0.0.0/8'], caPem: expect.stringContaining('BEGIN CERTIFICATE') });
    await deck.shootAll('org-network-view');
  });

  it('a new organization is created with its network settings (nothing to confirm: it holds no secret yet); the proxy password goes to the keychain only', async () => {
    await deck.page.getByRole('button', { name: '+ Organization' }).click();
    const form = deck.page.getByRole('form', { name: 'New organization' });
    await form.getByLabel('Name').fill('corp');
    await form.getByLabel('Provider').selectOption({ label: 'OAuth 2.0' });
    await form.getByLabel('Token URL', { exact: true }).fill('https://auth.corp.example/token');
    const network = form.getByRole('group', { name: 'Network' });
    await network.getByLabel('Proxy', { exact: true }).fill('http://alice:s3cret-proxy-pw@proxy.corp.example:3128');
    await network.getByRole('button', { name: 'Paste PEM…' }).click();
    await network.getByLabel('CA certificates (PEM)').fill(`# the corp root\n${ca.pem}`);
    await network.getByRole('button', { name: 'Use pasted PEM' }).click();
    await network.getByRole('list', { name: 'CA certificates' }).getByText('Corp Deck Root CA').waitFor();
    await form.getByRole('button', { name: 'Create organization' }).click();
    const view = deck.page.getByRole('article', { name: 'Organization corp' });
    await view.getByText('http://alice@proxy.corp.example:3128').waitFor();
    expect(await view.textContent()).toContain('(its password in the keychain)');
    expect(deck.harness.destinationQuestions).toEqual([]);
    const org = deck.world.vault.organization('corp');
    expect(org.network).toEqual({ proxy: 'http://alice@proxy.corp.example:3128', proxyPassword: true, caPem: ca.pem });
    expect(await deck.world.keychain.get(keychainAccount.proxyPassword(org.id))).toBe('s3cret-proxy-pw');
    expect(deck.world.storeText()).not.toContain('s3cret-proxy-pw');
    // What main sent the page (the org.add answer, the views) never holds it.
    expect(deck.harness.outbound.join('\n')).not.toContain('s3cret-proxy-pw');
    await deck.shootAll('org-network-password-view');
  });

  it('refuses a proxy with a path and a paste that is no PEM, under their fields, sending nothing', async () => {
    const form = await openForm();
    const network = form.getByRole('group', { name: 'Network' });
    await network.getByLabel('Proxy', { exact: true }).fill('http://proxy.corp.example:3128/proxy.pac');
    await network.getByRole('button', { name: 'Paste PEM…' }).click();
    await network.getByLabel('CA certificates (PEM)').fill('this is not a certificate');
    await network.getByRole('button', { name: 'Use pasted PEM' }).click();
    await network.getByText('holds no PEM certificate').waitFor();
    const before = deck.world.storeText();
    await form.getByRole('button', { name: 'Save' }).click();
    await network.getByText('without a path, query or fragment').waitFor();
    await deck.shootAll('org-network-refused');
    expect(deck.world.storeText()).toBe(before);
    expect(deck.harness.destinationQuestions).toEqual([]);
  });
});
