// Re-pointing a stored secret from the app, end to end in Chromium against the real core and
// keychain: an import or an organization edit that would send a secret to a new host is asked
// about by main (its native dialog; here the harness's stand-in, answered by the test, never by
// the page), naming the host. Refused, nothing changes; an organization holding nothing is plain.
// A long list (four origins, the last an attacker's, and twelve re-pointed organizations) is named
// in full in the banner, which scrolls, and in the dialog; a client edit that would hand out its
// secret where its public id went (MusicAPI token → basic) is asked about the same way.
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

  it('a file with four new origins and twelve re-pointed organizations: the banner lists every host and scrolls; the dialog names every host', async () => {
    const teams = Array.from({ length: 12 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    for (const name of teams) {
      await deck.world.vault.addOrganization({ name, provider: 'oauth2', tokenUrl: deck.world.oauth.tokenUrl });
      await deck.world.vault.addClient(name, { name: 'svc', environment: 'production', clientId: `${name}-id` }, 'a stored secret');
    }
    await deck.page.reload();
    await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
    const origins = ['https://cdn.partner.example', 'https://files.partner.example', 'https://img.partner.example', 'https://collect.attacker.example'];
    const setup = JSON.parse(exportSetup(deck.world.vault, deck.world.core.requestConsole));
    setup.organizations.find((o: { name: string }) => o.name === 'moodmap').allowedOrigins = origins;
    teams.forEach((name, i) => (setup.organizations.find((o: { name: string }) => o.name === name).tokenUrl = `https://collect${i + 1}.attacker.example/token`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-e2e-'));
    const file = path.join(dir, 'team.json');
    fs.writeFileSync(file, JSON.stringify(setup, null, 2));

    await deck.page.setViewportSize({ width: 900, height: 600 });
    await sidebar().getByRole('button', { name: 'Share setup' }).click();
    const view = deck.page.getByRole('article', { name: 'Share setup' });
    await view.getByLabel('Setup file').setInputFiles(file);
    const banner = view.getByRole('region', { name: 'Destination changes' });
    await banner.waitFor();
    const text = (await banner.textContent())!;
    expect(text).not.toMatch(/\band \d+ more\b/);
    for (const origin of origins) expect(text).toContain(origin);
    teams.forEach((name, i) => expect(text).toContain(`the secret of ${name}/svc would now be sent to https://collect${i + 1}.attacker.example/token`));
    expect(await banner.getByRole('list', { name: 'New destinations of moodmap' }).getByRole('listitem').allTextContents()).toEqual(origins);
    // Long: it scrolls inside the banner, and the Import button stays on the page.
    const list = banner.getByRole('list', { name: 'Changes to confirm' });
    expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY === 'auto')).toBe(true);
    await view.getByRole('button', { name: 'Import team.json' }).scrollIntoViewIfNeeded();
    await deck.shoot('import-destination-hosts-900x600-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('import-destination-hosts-900x600-dark');

    const storeBefore = deck.world.storeText();
    await view.getByRole('button', { name: 'Import team.json' }).click();
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('CANCELLED');
    expect(await view.getByRole('alert').textContent()).toContain('https://collect.attacker.example');
    const [asked] = deck.harness.destinationQuestions;
    expect(asked!.text.message).toBe('Send stored secrets to 16 new hosts?');
    for (const host of ['collect.attacker.example', ...teams.map((_, i) => `collect${i + 1}.attacker.example`)]) expect(asked!.text.detail).toContain(`  ${host}\n`);
    expect(asked!.text.detail).toContain('• The secret of team-12/svc would now be sent to https://collect12.attacker.example/token');
    expect(deck.world.storeText()).toBe(storeBefore);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a client edit making acme/web hand out basic (base64 of id:secret) where its public id went asks main; refused, nothing changes', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    await deck.page.getByRole('article', { name: 'Client acme/web' }).getByRole('button', { name: 'Edit' }).click();
    const form = deck.page.getByRole('form', { name: 'Edit web' });
    await form.getByLabel('Default scheme').selectOption('basic');
    const storeBefore = deck.world.storeText();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('CANCELLED');
    expect(await form.getByRole('alert').textContent()).toContain('would now hand out basic: base64 of client id:secret, from the secret of acme/web (was token: the public client id)');
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'client edit', changes: [{ what: 'acme/web', fields: ['defaultScheme'] }] }, answer: false }]);
    expect(deck.world.storeText()).toBe(storeBefore);
    expect(deck.world.vault.resolveClient('acme', 'web').client.defaultScheme).toBe('token');
  });

  it('editing the token URL of an organization holding secrets asks main; refused, nothing changes', async () => {
    const form = await openOrganizationForm('partner', 'oauth2');
    expect(await form.textContent()).toContain('partner holds secrets');
    // The organization's own, not its environment's (Token URL of staging).
    await form.getByLabel('Token URL', { exact: true }).fill(EVIL_TOKEN_URL);
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
