// Environments in the deck (issue 23, item 3), in Chromium against the real core and keychain:
// the title bar's switcher shows one environment across every organization (the sidebar, the live
// tokens and the palette follow it), a production environment is shown in its colour, the
// organization view lists each environment's effective URLs (its own or the organization's), and
// the organization form edits them — a URL change where a secret is held asked by main, an
// environment with clients never removed.
import { describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const switcher = () => deck.page.getByRole('banner').getByLabel('Environment', { exact: true });
const tokenRows = () => deck.page.getByRole('table', { name: 'Tokens' }).getByRole('row', { name: /^token / });

async function reload() {
  await deck.page.reload();
  await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
}

/** moodmap (Musimap, its `prod` client's secret in production) with development and staging beside production. */
async function moodmapEnvironments() {
  await deck.world.vault.updateOrganization('moodmap', {
    environments: [
      { name: 'development', apiBaseUrl: 'https://dev.moodmap.test', tokenUrl: 'https://dev.moodmap.test/token' },
      { name: 'staging', allowedOrigins: ['https://cdn.moodmap.test'] },
      { name: 'production', production: true },
    ],
  });
  await reload();
}

async function openOrganization(name: string, provider: string) {
  await sidebar().getByRole('treeitem', { name: `${name} (${provider})` }).click();
  const view = deck.page.getByRole('article', { name: `Organization ${name}` });
  await view.waitFor();
  return view;
}

async function openOrganizationForm(name: string, provider: string) {
  await (await openOrganization(name, provider)).getByRole('button', { name: 'Edit' }).click();
  return deck.page.getByRole('form', { name: `Edit ${name}` });
}

const prodColour = () => deck.page.evaluate(() => {
  const probe = document.createElement('span');
  probe.style.color = 'var(--prod)';
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
});

describe('the environment switcher', () => {
  it('shows one environment across every organization: the sidebar, the live tokens and the palette follow it', async () => {
    await deck.world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' });
    await deck.world.core.tokens.credential({ org: 'partner', client: 'svc' });
    await deck.world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await reload();
    expect(await switcher().locator('option').allTextContents()).toEqual(['All environments', 'development', 'staging', 'production']);
    expect(await tokenRows().count()).toBe(3);

    // By the keyboard: the switcher is the first stop of the page, and shows where the focus is.
    await deck.page.keyboard.press('Tab');
    expect(await switcher().evaluate((el) => el === document.activeElement && getComputedStyle(el).outlineStyle !== 'none')).toBe(true);
    await deck.page.keyboard.press('ArrowDown');
    await deck.page.keyboard.press('ArrowDown');
    expect(await switcher().inputValue()).toBe('staging');

    // The sidebar: staging's clients; an organization without one is kept, dimmed, and says why.
    await sidebar().getByRole('treeitem', { name: 'partner/svc-post' }).waitFor();
    expect(await sidebar().getByRole('treeitem', { name: 'acme/web' }).count()).toBe(0);
    expect(await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).count()).toBe(0);
    const acme = sidebar().getByRole('treeitem', { name: 'acme (musicapi), no client in staging' });
    expect(await acme.getAttribute('class')).toContain('absent');
    expect(await acme.textContent()).toContain('no client in staging');
    expect(await sidebar().getByRole('button', { name: /Live tokens/ }).textContent()).toBe('Live tokens 1');

    // The live tokens: staging's, and how many others are hidden.
    expect(await tokenRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')))).toEqual(['token partner/svc bearer']);
    expect(await deck.page.getByRole('article', { name: 'Live tokens' }).getByRole('status').first().textContent()).toContain('staging only · 2 tokens of other environments hidden');
    await deck.shootAll('environment-switcher');

    // The palette: staging's clients only.
    await deck.page.keyboard.press('Control+k');
    const palette = deck.page.getByRole('dialog', { name: 'Command palette' });
    const copies = palette.getByRole('option').filter({ hasText: /^Copy / });
    const options = await copies.allTextContents();
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(option).toMatch(/— partner\/svc(-post)?staging$/);
    // Another environment's organization is still a place to go, but none of its clients a copy.
    await palette.getByLabel('Command', { exact: true }).fill('moodmap');
    await palette.getByRole('option', { name: 'Open organization moodmap' }).waitFor();
    expect(await copies.count()).toBe(0);
    await palette.getByLabel('Command', { exact: true }).fill('copy moodmap');
    await palette.getByText('Nothing in staging matches.').waitFor();
    await deck.page.keyboard.press('Escape');

    // Back to All: everything again.
    await deck.page.getByRole('button', { name: 'Show all environments' }).click();
    expect(await switcher().inputValue()).toBe('');
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).waitFor();
    expect(await tokenRows().count()).toBe(3);
    expect(await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).getAttribute('class')).not.toContain('absent');
  });

  it('shows a production environment in its colour, whatever its name, and no other', async () => {
    await deck.world.vault.addOrganization({ name: 'shop', provider: 'oauth2', tokenUrl: deck.world.oauth.tokenUrl, environments: [{ name: 'test' }, { name: 'live', production: true }] });
    await deck.world.vault.addClient('shop', { name: 'checkout', environment: 'live', clientId: 'checkout-id' });
    await reload();
    expect(await switcher().locator('option').allTextContents()).toEqual(['All environments', 'development', 'staging', 'production', 'test', 'live (production)']);
    const header = deck.page.getByRole('banner');
    const prod = await prodColour();

    await switcher().selectOption('live');
    expect(await header.getAttribute('class')).toContain('production');
    expect(await switcher().evaluate((el) => getComputedStyle(el).color)).toBe(prod);
    const checkout = sidebar().getByRole('treeitem', { name: 'shop/checkout' });
    expect(await checkout.getAttribute('class')).toContain('production');
    await deck.shootAll('environment-switcher-production');

    // A client in an environment marked production is a production client, its name aside.
    await checkout.click();
    const view = deck.page.getByRole('article', { name: 'Client shop/checkout' });
    expect(await view.getAttribute('class')).toContain('production');
    await view.locator('.badge.prod', { hasText: 'production' }).waitFor();

    await switcher().selectOption('staging');
    expect(await header.getAttribute('class')).not.toContain('production');
    expect(await switcher().evaluate((el) => getComputedStyle(el).color)).not.toBe(prod);
  });
});

describe('an organization\'s environments', () => {
  it('are listed in order with their effective URLs, each marked as its own or the organization\'s', async () => {
    await moodmapEnvironments();
    const view = await openOrganization('moodmap', 'musimap');
    const list = view.getByRole('region', { name: 'Environments' });
    expect(await list.getByRole('listitem').evaluateAll((items) => items.filter((i) => i.matches('.env-card')).map((i) => i.getAttribute('aria-label')))).toEqual([
      'Environment development',
      'Environment staging',
      'Environment production',
    ]);
    const facts = async (env: string) => {
      const card = list.getByRole('listitem', { name: `Environment ${env}` });
      const terms = await card.locator('dt').allTextContents();
      const values = await card.locator('dd').allTextContents();
      return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
    };
    const { origin, tokenUrl } = deck.world.musimap;
    expect(await facts('development')).toEqual({
      API: 'https://dev.moodmap.test own',
      'Token URL': 'https://dev.moodmap.test/token own',
      'Allowed origins': 'API and token URL only from organization',
    });
    expect(await facts('staging')).toEqual({
      API: `${origin} from organization`,
      'Token URL': `${tokenUrl} from organization`,
      'Allowed origins': 'https://cdn.moodmap.test own',
    });
    const production = list.getByRole('listitem', { name: 'Environment production' });
    expect(await production.getAttribute('class')).toContain('production');
    expect(await production.locator('.badge.prod').textContent()).toBe('production');
    expect(await production.getByRole('button', { name: 'prod', exact: true }).count()).toBe(1);
    expect(await list.getByRole('listitem', { name: 'Environment staging' }).textContent()).toContain('no clients');
    await list.scrollIntoViewIfNeeded();
    await deck.shootAll('organization-environments');

    // Its client's view says where it sends: its environment's hosts.
    await production.getByRole('button', { name: 'prod', exact: true }).click();
    expect(await deck.page.getByRole('article', { name: 'Client moodmap/prod' }).getByLabel('Sends to').textContent()).toBe(`${origin} · ${tokenUrl} (production)`);
  });

  it('an environment\'s URL changed where a secret is held is asked by main, naming the host; refused, nothing changes; confirmed, it is saved', async () => {
    await moodmapEnvironments();
    const form = await openOrganizationForm('moodmap', 'musimap');
    await form.getByRole('region', { name: 'Environments' }).scrollIntoViewIfNeeded();
    await deck.shootAll('organization-environments-form');
    await form.getByLabel('API base URL of production', { exact: true }).fill('https://eu.moodmap.example');
    const storeBefore = deck.world.storeText();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('CANCELLED');
    expect(await form.getByRole('alert').textContent()).toContain('https://eu.moodmap.example');
    expect(deck.harness.destinationQuestions).toMatchObject([{ question: { action: 'organization edit', changes: [{ what: 'moodmap' }] }, answer: false }]);
    expect(deck.harness.destinationQuestions[0]!.text.message).toContain('eu.moodmap.example');
    expect(deck.world.storeText()).toBe(storeBefore);

    deck.harness.confirmDestinationChanges = true;
    await form.getByRole('button', { name: 'Save' }).click();
    const view = deck.page.getByRole('article', { name: 'Organization moodmap' });
    await view.getByRole('listitem', { name: 'Environment production' }).getByText('https://eu.moodmap.example').waitFor();
    expect(deck.harness.destinationQuestions).toHaveLength(2);
    expect(deck.world.vault.organization('moodmap').environments.find((e) => e.name === 'production')).toMatchObject({ apiBaseUrl: 'https://eu.moodmap.example', production: true });
    // The organization's own URL is as it was: only production's changed.
    expect(deck.world.vault.organization('moodmap').apiBaseUrl).toBe(deck.world.musimap.origin);
  });

  it('an environment without clients changes plainly; one is added, ordered, cleared back to the organization\'s, renamed', async () => {
    await moodmapEnvironments();
    let form = await openOrganizationForm('moodmap', 'musimap');
    // Staging holds no secret: its token URL goes elsewhere without a question. Development's API URL is cleared: the organization's again.
    await form.getByLabel('Token URL of staging', { exact: true }).fill('https://staging-auth.moodmap.test/token');
    await form.getByLabel('API base URL of development', { exact: true }).fill('');
    await form.getByRole('button', { name: '+ Environment' }).click();
    await form.getByLabel('Name of the new environment').fill('QA');
    await form.getByLabel('API base URL of QA', { exact: true }).fill('https://qa.moodmap.test');
    await form.getByLabel('Allowed origins of QA', { exact: true }).fill('none');
    await form.getByRole('button', { name: 'Move QA up' }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    const view = deck.page.getByRole('article', { name: 'Organization moodmap' });
    await view.getByRole('listitem', { name: 'Environment qa' }).waitFor();
    expect(deck.harness.destinationQuestions).toEqual([]);
    const environments = deck.world.vault.organization('moodmap').environments;
    expect(environments.map((e) => e.name)).toEqual(['development', 'staging', 'qa', 'production']);
    expect(environments[0]).toEqual({ name: 'development', production: false, tokenUrl: 'https://dev.moodmap.test/token' });
    expect(environments[1]).toMatchObject({ tokenUrl: 'https://staging-auth.moodmap.test/token', allowedOrigins: ['https://cdn.moodmap.test'] });
    expect(environments[2]).toEqual({ name: 'qa', production: false, apiBaseUrl: 'https://qa.moodmap.test', allowedOrigins: [] });
    expect(await view.getByRole('listitem', { name: 'Environment qa' }).locator('dd').allTextContents()).toContain('API and token URL only own');

    // Renamed from the view; its clients would follow (it has none), its URLs stay; the switcher showing it follows too.
    await switcher().selectOption('qa');
    await view.getByRole('button', { name: 'Rename qa' }).click();
    await view.getByLabel('New name for qa').fill('uat');
    await view.getByRole('form', { name: 'Rename qa' }).getByRole('button', { name: 'Rename' }).click();
    await view.getByRole('listitem', { name: 'Environment uat' }).waitFor();
    expect(deck.world.vault.organization('moodmap').environments[2]).toMatchObject({ name: 'uat', apiBaseUrl: 'https://qa.moodmap.test' });
    expect(await switcher().inputValue()).toBe('uat');

    // A name given twice is refused in the form, under the name.
    form = await openOrganizationForm('moodmap', 'musimap');
    await form.getByRole('button', { name: '+ Environment' }).click();
    await form.getByLabel('Name of the new environment').fill('stage');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('"staging" is listed twice').waitFor();
    expect(deck.world.vault.organization('moodmap').environments).toHaveLength(4);
  });

  it('an environment with clients is never removed: the form says why, and main refuses one that gained a client meanwhile', async () => {
    await moodmapEnvironments();
    const form = await openOrganizationForm('moodmap', 'musimap');
    const remove = form.getByRole('button', { name: 'Remove production' });
    expect(await remove.isDisabled()).toBe(true);
    expect(await form.getByRole('group', { name: 'production' }).textContent()).toContain('Cannot be removed: prod is in it. Move it to another environment (Edit on the client) or remove it first.');

    // Staging has none: removable here; but a client is added to it outside the window before Save.
    await form.getByRole('button', { name: 'Remove staging' }).click();
    await deck.world.vault.addClient('moodmap', { name: 'stage-app', environment: 'staging', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' });
    const storeBefore = deck.world.storeText();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('region', { name: 'Environments' }).getByText('still has the client stage-app').waitFor();
    expect(deck.world.storeText()).toBe(storeBefore);
    expect(deck.world.vault.organization('moodmap').environments.map((e) => e.name)).toEqual(['development', 'staging', 'production']);
  });
});

describe('a signed-JWT organization\'s environments', () => {
  it('set an audience of their own, shown beside the profile\'s; an organization without a profile is asked none', async () => {
    await deck.world.vault.addOrganization({ name: 'signer', provider: 'jwt', apiBaseUrl: 'https://api.signer.test', jwt: { ...presetProfile('custom'), aud: 'https://api.signer.test' }, environments: [{ name: 'staging' }] });
    await reload();
    const form = await openOrganizationForm('signer', 'jwt');
    const audience = form.getByLabel('Audience (aud) of staging', { exact: true });
    expect(await audience.getAttribute('placeholder')).toBe("organization's: https://api.signer.test");
    await audience.fill('https://staging.signer.test');
    await form.getByRole('button', { name: 'Save' }).click();
    const card = deck.page.getByRole('article', { name: 'Organization signer' }).getByRole('listitem', { name: 'Environment staging' });
    await card.getByText('https://staging.signer.test').waitFor();
    expect(await card.locator('dd').last().textContent()).toBe('https://staging.signer.test own');
    expect(deck.world.vault.organization('signer').environments).toEqual([{ name: 'staging', production: false, audience: 'https://staging.signer.test' }]);

    const moodmap = await openOrganizationForm('moodmap', 'musimap');
    await moodmap.getByLabel('Allowed origins of production', { exact: true }).waitFor();
    expect(await moodmap.getByLabel(/^Audience/).count()).toBe(0);
  });
});

describe('a client\'s environment', () => {
  it('is chosen among its organization\'s environments, or a new one, and the production mark follows the environment', async () => {
    await deck.world.vault.addOrganization({ name: 'shop', provider: 'oauth2', tokenUrl: deck.world.oauth.tokenUrl, environments: [{ name: 'test' }, { name: 'live', production: true }] });
    await reload();
    await (await openOrganization('shop', 'oauth2')).getByRole('button', { name: '+ Client' }).click();
    const form = deck.page.getByRole('form', { name: 'New client' });
    const environment = form.getByLabel('Environment', { exact: true });
    expect(await environment.locator('option').allTextContents()).toEqual(['test', 'live (production)', 'New environment…']);
    expect(await environment.inputValue()).toBe('test');
    const production = form.getByLabel(/Production credentials/);
    expect(await production.isChecked()).toBe(false);
    await environment.selectOption('live');
    expect(await production.isChecked()).toBe(true);

    await environment.selectOption({ label: 'New environment…' });
    await form.getByLabel('New environment').fill('canary');
    expect(await production.isChecked()).toBe(false);
    await form.getByLabel('Name', { exact: true }).fill('edge');
    await form.getByLabel('Client ID').fill('edge-id');
    await form.getByRole('button', { name: 'Create client' }).click();
    await deck.page.getByRole('article', { name: 'Client shop/edge' }).waitFor();
    // Added with the organization's URLs: a new environment of its own, last.
    expect(deck.world.vault.organization('shop').environments).toEqual([{ name: 'test', production: false }, { name: 'live', production: true }, { name: 'canary', production: false }]);
  });
});
