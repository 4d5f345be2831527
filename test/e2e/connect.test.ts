// The guided connection, by keyboard, from an empty vault: MusicAPI to a DevToken the stand-in
// accepts (leaving half-way and resuming from what the vault holds), Musimap to a Bearer token
// the stand-in issued. Screenshots of each step in light, dark and at 900×600.
import { describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { removeOrganization } from '../../main/core/operations.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT, MUSIMAP_CLIENT, OAUTH_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

async function press(locator: ReturnType<typeof deck.page.locator>, key = 'Enter') {
  await locator.focus();
  await deck.page.keyboard.press(key);
}

/** The focused element's accessible label, to follow where the keyboard is. */
const focusedLabel = () => deck.page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el?.getAttribute('aria-label') ?? (el && 'labels' in el ? (el as HTMLInputElement).labels?.[0]?.textContent : null) ?? el?.textContent ?? '';
});


/**
 * Down to one environment (development), by keyboard: the wizard is then the one-environment form
 * it always was, with the keyboard back on the organization's name.
 */
async function oneEnvironment(wizard: ReturnType<typeof deck.page.locator>) {
  for (const env of ['staging', 'production']) {
    await press(wizard.getByRole('button', { name: `Remove ${env}` }));
    expect(await focusedLabel()).toBe('Add an environment');
  }
  expect(await wizard.getByLabel('Environment', { exact: true }).inputValue()).toBe('development');
  await wizard.getByLabel('Organization name').focus();
}

async function emptyVault() {
  for (const org of deck.world.vault.organizations()) await removeOrganization(deck.world.core, org.name);
  await deck.page.reload();
  await deck.page.getByRole('heading', { name: 'Your vault is empty: connect an API' }).waitFor();
}

describe('guided connection', () => {
  it('takes an empty vault to a DevToken MusicAPI accepts, by keyboard, resuming after leaving half-way', async () => {
    await emptyVault();
    await deck.shootAll('connect-start');
    expect(await focusedLabel()).toBe('Connect MusicAPI');
    await deck.page.keyboard.press('Enter');

    const wizard = deck.page.getByRole('region', { name: 'Connect MusicAPI' });
    // Polled: the wizard is a chunk (renderer/src/views.tsx), on its way when the page has just loaded.
    await expect.poll(focusedLabel).toBe('Organization name');
    await deck.page.keyboard.type('studio');
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.press('Control+A');
    await deck.page.keyboard.type(deck.world.musicapi.origin);
    await deck.shootAll('connect-musicapi-1-organization');
    await deck.page.keyboard.press('Enter');

    await wizard.getByRole('form', { name: 'Client' }).waitFor();
    expect(await focusedLabel()).toBe('Client ID');
    await deck.page.keyboard.type('2cf82db3-4064-4235-8253');
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.type(MUSICAPI_CLIENT.secret);
    await deck.page.keyboard.press('Enter');
    await wizard.getByText('must be a UUID').waitFor();
    await deck.shootAll('connect-musicapi-2-client');
    await press(wizard.getByLabel('Client ID', { exact: true }), 'Control+A');
    await deck.page.keyboard.type(MUSICAPI_CLIENT.clientId);
    await deck.page.keyboard.press('Enter');
    await wizard.getByRole('button', { name: 'Generate the signing key' }).waitFor();

    // Leave half-way; the start screen offers to continue, and continuing opens the next step.
    await press(wizard.getByRole('button', { name: 'Leave (continue later)' }));
    const start = deck.page.getByRole('region', { name: 'Connect an API' });
    await start.getByText('MusicAPI; next: Signing key').waitFor();
    await deck.shootAll('connect-resume');
    expect(await focusedLabel()).toBe('Continue studio');
    await deck.page.keyboard.press('Enter');
    expect(await focusedLabel()).toBe('Generate the signing key');
    await deck.shootAll('connect-musicapi-3-key');
    await deck.page.keyboard.press('Enter');

    await wizard.getByText('Account Settings').waitFor();
    expect(await focusedLabel()).toBe('Copy public key');
    await deck.page.keyboard.press('Enter');
    await expect.poll(() => deck.clipboard()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const pem = deck.clipboard();
    expect(deck.world.vault.keys('studio')[0]).toMatchObject({ publicKeyPem: pem });
    expect(deck.world.vault.keys('studio')[0]!.kid).toBeUndefined();
    await deck.shootAll('connect-musicapi-4-key-id');
    // The dashboard, given the public key, shows its Key ID.
    deck.world.musicapi.registerKey('DASH-42', pem);
    await press(wizard.getByRole('form', { name: 'Set Key ID' }).getByLabel('Key ID'));
    await deck.page.keyboard.type('DASH-42');
    await deck.page.keyboard.press('Enter');

    await wizard.getByRole('button', { name: 'Run the test calls' }).waitFor();
    expect(await focusedLabel()).toBe('Run the test calls');
    await deck.page.keyboard.press('Enter');
    const results = wizard.getByRole('list', { name: 'Test calls' });
    await results.getByText('GET /users/me with a DevToken: 200').waitFor();
    expect(await results.textContent()).toContain('GET /search/introspection with Token <client id>: 200');
    await wizard.getByText('studio is connected.').waitFor();
    await deck.shootAll('connect-musicapi-5-test');
    const seen = deck.world.musicapi.seen.map((r) => `${r.path} ${String(r.headers.authorization).split(' ')[0]}`);
    expect(seen).toEqual(expect.arrayContaining(['/search/introspection Token', '/users/me DevToken']));

    expect(await focusedLabel()).toBe('Open studio/web');
    await deck.page.keyboard.press('Enter');
    await deck.page.getByRole('article', { name: 'Client studio/web' }).waitFor();
    const { response } = await sendAuthorized(deck.world.vault, deck.world.core.tokens, { org: 'studio', client: 'web', scheme: 'devtoken', method: 'GET', url: '/users/me' });
    expect(response.status).toBe(200);
  });

  it('takes an empty vault to a Musimap Bearer token, by keyboard, saying the URLs are not in the documentation', async () => {
    await emptyVault();
    await press(deck.page.getByRole('button', { name: 'Connect Musimap' }));
    const wizard = deck.page.getByRole('region', { name: 'Connect Musimap' });
    await wizard.getByText("Musimap's documentation leaves both its token URL and its API URL blank").waitFor();
    // Polled: the wizard is a chunk (renderer/src/views.tsx), on its way when the page has just loaded.
    await expect.poll(focusedLabel).toBe('Organization name');
    await deck.page.keyboard.type('moods');
    await oneEnvironment(wizard);
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.type(deck.world.musimap.tokenUrl);
    await deck.page.keyboard.press('Enter');
    await wizard.getByText('Musimap gives each customer its API URL').waitFor();
    await deck.shootAll('connect-musimap-1-organization');
    await press(wizard.getByLabel('API URL'));
    await deck.page.keyboard.type(deck.world.musimap.origin);
    await deck.page.keyboard.press('Enter');

    await wizard.getByRole('form', { name: 'Client' }).waitFor();
    expect(deck.world.vault.organization('moods').environments).toEqual([{ name: 'development', production: false }]);
    // Leave and resume: the stored organization counts, the clients are next.
    await press(wizard.getByRole('button', { name: 'Leave (continue later)' }));
    await deck.page.getByText('Musimap; next: A client per environment').waitFor();
    await press(deck.page.getByRole('button', { name: 'Continue moods' }));
    expect(await focusedLabel()).toBe('Client ID');
    await deck.page.keyboard.type(MUSIMAP_CLIENT.clientId);
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.type(MUSIMAP_CLIENT.secret);
    await deck.page.keyboard.press('Enter');
    await wizard.getByRole('button', { name: 'Test exchange for dev' }).waitFor();
    await deck.shootAll('connect-musimap-2-clients');

    await press(wizard.getByRole('button', { name: 'Test exchange for dev' }));
    await wizard.getByText('Exchanged a Bearer token').waitFor();
    await expect.poll(() => deck.clipboard()).toBe(deck.world.musimap.issued.at(-1));
    await deck.shootAll('connect-musimap-3-test');
    const { response } = await sendAuthorized(deck.world.vault, deck.world.core.tokens, { org: 'moods', client: 'dev', method: 'GET', url: '/moods' });
    expect(response.status).toBe(200);
  });

  it('takes an empty vault to an OAuth 2.0 Bearer token with client_secret_post and a scope', async () => {
    await emptyVault();
    await press(deck.page.getByRole('button', { name: 'Connect an OAuth 2.0 API' }));
    const wizard = deck.page.getByRole('region', { name: 'Connect an OAuth 2.0 API' });
    // Polled: the wizard is a chunk (renderer/src/views.tsx), on its way when the page has just loaded.
    await expect.poll(focusedLabel).toBe('Organization name');
    await deck.page.keyboard.type('partner');
    await oneEnvironment(wizard);
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.type(deck.world.oauth.tokenUrl);
    await deck.page.keyboard.press('Enter');
    await wizard.getByRole('form', { name: 'Client' }).waitFor();
    expect(await focusedLabel()).toBe('Client ID');
    // OAuth 2.0 client ids are free-form (this one has a space).
    await deck.page.keyboard.type(OAUTH_CLIENT.clientId);
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.type(OAUTH_CLIENT.secret);
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.press('ArrowDown');
    await deck.page.keyboard.press('Tab');
    await deck.page.keyboard.type('catalog:read');
    await deck.page.keyboard.press('Enter');
    await press(wizard.getByRole('button', { name: 'Test exchange for svc' }));
    await wizard.getByText('Exchanged a Bearer token').waitFor();
    expect(deck.world.vault.resolveClient('partner', 'svc').client.oauth2).toMatchObject({ authMethod: 'client_secret_post', scope: 'catalog:read' });
    await expect.poll(() => deck.clipboard()).toMatch(/.+/);
    const { credential, response } = await sendAuthorized(deck.world.vault, deck.world.core.tokens, { org: 'partner', client: 'svc', method: 'GET', url: `${deck.world.oauth.origin}/api/catalog` });
    expect(credential.token).toBe(deck.clipboard());
    expect(response.status).toBe(200);
  });
});
