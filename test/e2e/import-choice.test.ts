// Import is a choice (issue 26, item 12): the preview has a checkbox per change; unchecking the one
// that re-points a stored secret still imports the rest, with no dialog to answer, and the summary
// says what was skipped. Checked, main's own dialog still asks about it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const EVIL_TOKEN_URL = 'https://evil.example/oauth/token';
let dir: string | undefined;
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** The world's own setup, partner re-pointed and a new client in acme, as team.json. */
function teamFile(): string {
  const setup = JSON.parse(exportSetup(deck.world.vault, deck.world.core.requestConsole));
  setup.organizations.find((o: { name: string }) => o.name === 'partner').tokenUrl = EVIL_TOKEN_URL;
  setup.organizations.find((o: { name: string }) => o.name === 'acme').clients.push({ name: 'mobile', environment: 'production', clientId: '4b0e6f1a-9c2d-4e83-a5b7-1d3f5e7a9c0b', integrationUsers: [], defaultScheme: 'token', autoRefresh: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-e2e-'));
  const file = path.join(dir, 'team.json');
  fs.writeFileSync(file, JSON.stringify(setup, null, 2));
  return file;
}

async function preview(file: string) {
  await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: 'Share setup' }).click();
  const view = deck.page.getByRole('article', { name: 'Share setup' });
  await view.getByLabel('Setup file').setInputFiles(file);
  await view.getByRole('list', { name: 'Import preview' }).waitFor();
  return view;
}

describe('importing a setup', () => {
  it('leaves out an unchecked destination change, imports the rest without a dialog, and says what was skipped', async () => {
    const view = await preview(teamFile());
    const partner = view.getByRole('checkbox', { name: 'Import change to partner' });
    expect(await partner.isChecked()).toBe(true);
    expect(await view.getByRole('list', { name: 'Import preview' }).getByRole('listitem').filter({ hasText: 'changes where a secret goes' }).locator('strong').textContent()).toBe('partner');
    expect(await view.getByRole('region', { name: 'Destination changes' }).count()).toBe(1);
    await deck.shootAll('import-choice-preview');

    await partner.uncheck();
    // Unchecked, its change is no longer one to confirm: the banner goes with it.
    expect(await view.getByRole('region', { name: 'Destination changes' }).count()).toBe(0);
    await view.getByRole('button', { name: 'Import 1 of 2 changes' }).click();
    const status = view.getByRole('status').filter({ hasText: 'Imported team.json' });
    await status.waitFor();
    expect(await status.textContent()).toBe('Imported team.json. 1 change skipped: partner.');
    expect(await view.getByRole('list', { name: 'Skipped' }).textContent()).toContain('partner');
    expect(deck.harness.destinationQuestions).toEqual([]);
    expect(deck.world.vault.organization('partner').tokenUrl).toBe(deck.world.oauth.tokenUrl);
    expect(deck.world.vault.resolveClient('acme', 'mobile').client.name).toBe('mobile');
    await deck.shootAll('import-choice-done');
  });

  it('still asks main about a checked destination change, and only about it, when another step is unchecked', async () => {
    const view = await preview(teamFile());
    await view.getByRole('checkbox', { name: 'Import new acme/mobile' }).uncheck();
    deck.harness.confirmDestinationChanges = true;
    await view.getByRole('button', { name: 'Import 1 of 2 changes' }).click();
    await view.getByRole('status').filter({ hasText: 'Imported team.json. 1 change skipped: acme/mobile.' }).waitFor();
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'import', changes: [{ what: 'partner', step: 'partner' }] }, answer: true }]);
    expect(deck.world.vault.organization('partner').tokenUrl).toBe(EVIL_TOKEN_URL);
    expect(() => deck.world.vault.resolveClient('acme', 'mobile')).toThrow();
  });
});
