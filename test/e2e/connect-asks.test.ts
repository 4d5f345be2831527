// The connect wizards ask, never decide silently (issue 26, item 7): every client step shows the
// client's name (a suggestion filled in) and its environment (the organization's, or a new one);
// where there is a client per environment, each one's name is shown and may be changed.
import { describe, expect, it } from 'vitest';
import { removeOrganization } from '../../main/core/operations.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT, OAUTH_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

async function emptyVault() {
  for (const org of deck.world.vault.organizations()) await removeOrganization(deck.world.core, org.name);
  await deck.page.reload();
  await deck.page.getByRole('heading', { name: 'Your vault is empty: connect an API' }).waitFor();
}

describe('the connect wizards ask the client’s name and environment', () => {
  it('MusicAPI: shows web in development, and makes the client under the name and new environment chosen', async () => {
    await emptyVault();
    await deck.page.getByRole('button', { name: 'Connect MusicAPI' }).click();
    const wizard = deck.page.getByRole('region', { name: 'Connect MusicAPI' });
    await wizard.getByLabel('Organization name').fill('studio');
    await wizard.getByLabel('API URL').fill(deck.world.musicapi.origin);
    await wizard.getByRole('button', { name: 'Create organization' }).click();

    const client = wizard.getByRole('form', { name: 'Client' });
    expect(await client.getByLabel('Client name').inputValue()).toBe('web');
    expect(await client.getByLabel('Environment', { exact: true }).inputValue()).toBe('development');
    await client.getByLabel('Client ID', { exact: true }).fill(MUSICAPI_CLIENT.clientId);
    await client.getByLabel('Client secret').fill(MUSICAPI_CLIENT.secret);
    // A name the vault refuses stands under its field; nothing is stored.
    await client.getByLabel('Client name').fill('studio web');
    await client.getByRole('button', { name: 'Save client' }).click();
    await client.getByLabel('Client name').locator('..').locator('.field-error').waitFor();
    expect(deck.world.vault.tree().organizations[0]!.clients).toEqual([]);

    await client.getByLabel('Client name').fill('studio-web');
    await client.getByLabel('Environment', { exact: true }).selectOption({ label: 'New environment…' });
    await client.getByLabel('New environment').fill('qa');
    await deck.shootAll('connect-asks-musicapi-client');
    await client.getByRole('button', { name: 'Save client' }).click();
    await wizard.getByRole('button', { name: 'Generate the signing key' }).waitFor();
    const { client: made, org } = deck.world.vault.resolveClient('studio', 'studio-web');
    expect(made.environment).toBe('qa');
    expect(org.environments.map((e) => e.name)).toContain('qa');
  });

  it('OAuth 2.0 with three environments: each client’s name is shown, and the one typed is kept', async () => {
    await emptyVault();
    await deck.page.getByRole('button', { name: 'Connect an OAuth 2.0 API' }).click();
    const wizard = deck.page.getByRole('region', { name: 'Connect an OAuth 2.0 API' });
    await wizard.getByLabel('Organization name').fill('partner');
    await wizard.getByLabel('Token URL').first().fill(deck.world.oauth.tokenUrl);
    await wizard.getByRole('button', { name: 'Create organization' }).click();

    const staging = wizard.getByRole('form', { name: 'Staging client' });
    await staging.waitFor();
    const names = await Promise.all(['Development', 'Staging', 'Production'].map((label) => wizard.getByRole('form', { name: `${label} client` }).getByLabel(`${label} client name`).inputValue()));
    expect(names).toEqual(['dev', 'staging', 'prod']);
    // The environment is the form's own: not asked again.
    expect(await staging.getByLabel('Environment', { exact: true }).count()).toBe(0);
    await staging.getByLabel('Staging client name').fill('partner-stage');
    await staging.getByLabel('Staging client ID').fill(OAUTH_CLIENT.clientId);
    await staging.getByLabel('Staging client secret').fill(OAUTH_CLIENT.secret);
    await deck.shootAll('connect-asks-oauth-clients');
    await staging.getByRole('button', { name: 'Save staging client' }).click();
    await wizard.getByText(`Staging: ${OAUTH_CLIENT.clientId}, secret in the keychain`).waitFor();
    expect(deck.world.vault.resolveClient('partner', 'partner-stage').client.environment).toBe('staging');
  });
});
