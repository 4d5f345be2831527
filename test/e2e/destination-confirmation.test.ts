// Re-pointing a stored secret from the app, end to end in Chromium against the real core and
// keychain: an import or an organization edit that would send a secret to a new host is asked
// about by main (its native dialog; here the harness's stand-in, answered by the test, never by
// the page), naming the host. Refused, nothing changes; an organization holding nothing is plain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const EVIL_TOKEN_URL = 'https://evil.example/oauth/token';

async function openOrganizationForm(name: string, provider: string) {
  await sidebar().getByRole('treeitem', { name: `${name} (${provider})` }).click();
  await deck.page.getByRole('article', { name: `Organization ${name}` }).getByRole('button', { name: 'Edit' }).click();
  return deck.page.getByRole('form', { name: `Edit ${name}` });
}

describe('destination changes in the app', () => {
  it('an import that re-points a stored secret asks main, naming the host; refused, nothing changes; confirmed, it is imported', async () => {
    const setup = JSON.parse(exportSetup(deck.world.vault, deck.world.core.requestConsole));
    setup.organizations.find((o: { name: string }) => o.name === 'partner').tokenUrl = EVIL_TOKEN_URL;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-e2e-'));
    const file = path.join(dir, 'team.json');
    fs.writeFileSync(file, JSON.stringify(setup, null, 2));

    await sidebar().getByRole('button', { name: 'Share setup' }).click();
    const view = deck.page.getByRole('article', { name: 'Share setup' });
    await view.getByLabel('Setup file').setInputFiles(file);
    const flagged = view.getByRole('region', { name: 'Destination changes' });
    expect(await flagged.textContent()).toContain(`the secret of partner/svc and the secret of partner/svc-post would now be sent to ${EVIL_TOKEN_URL}`);
    await deck.shoot('import-destination-change-light');
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('import-destination-change-900x600-dark');

    const storeBefore = deck.world.storeText();
    const accountsBefore = (await deck.world.keychain.accounts()).sort();
    await view.getByRole('button', { name: 'Import team.json' }).click();
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('CANCELLED');
    expect(await view.getByRole('alert').textContent()).toContain(`would now be sent to ${EVIL_TOKEN_URL}`);
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'import' }, text: { message: 'Send stored secrets to evil.example?' }, answer: false }]);
    expect(deck.world.storeText()).toBe(storeBefore);
    expect((await deck.world.keychain.accounts()).sort()).toEqual(accountsBefore);

    deck.harness.confirmDestinationChanges = true;
    await view.getByRole('button', { name: 'Import team.json' }).click();
    await view.getByRole('status').filter({ hasText: 'Imported team.json' }).waitFor();
    expect(deck.harness.destinationQuestions).toHaveLength(2);
    expect(deck.world.vault.organization('partner').tokenUrl).toBe(EVIL_TOKEN_URL);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('editing the token URL of an organization holding secrets asks main; refused, nothing changes', async () => {
    const form = await openOrganizationForm('partner', 'oauth2');
    expect(await form.textContent()).toContain('partner holds secrets');
    await form.getByLabel('Token URL').fill(EVIL_TOKEN_URL);
    const storeBefore = deck.world.storeText();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('CANCELLED');
    expect(await form.getByRole('alert').textContent()).toContain(`would now be sent to ${EVIL_TOKEN_URL}`);
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'organization edit', changes: [{ what: 'partner', fields: ['tokenUrl'] }] }, answer: false }]);
    expect(deck.world.storeText()).toBe(storeBefore);
    expect(deck.world.vault.organization('partner').tokenUrl).toBe(deck.world.oauth.tokenUrl);
  });

  it('editing an organization that holds no secret is a plain change, asked nothing', async () => {
    await deck.world.vault.addOrganization({ name: 'bare', provider: 'oauth2', tokenUrl: deck.world.oauth.tokenUrl });
    await deck.page.reload();
    await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
    const form = await openOrganizationForm('bare', 'oauth2');
    await form.getByLabel('Token URL').fill(EVIL_TOKEN_URL);
    await form.getByRole('button', { name: 'Save' }).click();
    await deck.page.getByRole('article', { name: 'Organization bare' }).waitFor();
    expect(deck.world.vault.organization('bare').tokenUrl).toBe(EVIL_TOKEN_URL);
    expect(deck.harness.destinationQuestions).toEqual([]);
  });
});
