// The API-key provider in the deck, from an empty vault: the guided connection (API URL, where
// the key goes, the key), a test call the stand-in accepts only with the key in its query
// parameter, the client's scheme row and a copy. The fixture checks that the key never crossed
// the bridge towards the page. Screenshots in light, dark and at 900×600.
import { describe, expect, it } from 'vitest';
import { removeOrganization } from '../../main/core/operations.js';
import { startApiKeyServer } from '../servers/api-key.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const KEY = 'live_4f1c+e2/9a=b7';


describe('api-key provider in the deck', () => {
  it('connects an API that takes its key in a query parameter, from an empty vault, and tests it', async () => {
    // The key must not reach the page: the fixture's leak check looks for it too.
    deck.world.secrets.push(KEY);
    const api = await startApiKeyServer(KEY, { in: 'query', name: 'api_key' });
    try {
      for (const org of deck.world.vault.organizations()) await removeOrganization(deck.world.core, org.name);
      await deck.page.reload();
      await deck.page.getByRole('heading', { name: 'Your vault is empty: connect an API' }).waitFor();
      await deck.page.getByText('a query parameter.').waitFor();
      await deck.page.getByRole('button', { name: 'Connect an API-key API' }).click();

      const wizard = deck.page.getByRole('region', { name: 'Connect an API-key API' });
      await wizard.getByLabel('Organization name').fill('weather');
      await wizard.getByLabel('API URL').fill(api.origin);
      await wizard.getByLabel('Key goes in').selectOption('query');
      await wizard.getByLabel('Query parameter name').fill('api_key');
      await deck.shootAll('connect-apikey-1-organization');
      await wizard.getByRole('button', { name: 'Create organization' }).click();

      const client = wizard.getByRole('form', { name: 'Client' });
      await client.getByLabel('Key name').fill('ci-readonly');
      await client.getByLabel('API key').fill(KEY);
      await deck.shootAll('connect-apikey-2-key');
      await client.getByRole('button', { name: 'Save client' }).click();

      await wizard.getByLabel('Path to call').fill('/forecast');
      await wizard.getByRole('button', { name: 'Run the test calls' }).click();
      await wizard.getByText('GET /forecast with the key: 200').waitFor();
      await deck.shootAll('connect-apikey-3-test');
      const sent = new URL(api.seen.at(-1)!.path, api.origin);
      expect(sent.pathname).toBe('/forecast');
      expect(sent.searchParams.getAll('api_key')).toEqual([KEY]);
      expect(api.seen.at(-1)!.headers.authorization).toBeUndefined();

      // The client: its scheme says where the key goes; a copy puts the key itself on the clipboard.
      await deck.page.getByRole('button', { name: 'Open weather/default' }).click();
      const view = deck.page.getByRole('article', { name: 'Client weather/default' });
      await view.getByText('API key — in the api_key query parameter, to the API URL only').waitFor();
      await deck.shootAll('apikey-client');
      await view.getByRole('button', { name: 'Copy apikey token' }).click();
      await expect.poll(() => deck.clipboard()).toBe(KEY);

      // The organization lists where the key goes; its form edits it, refusing a header the transport owns.
      await deck.page.getByRole('treeitem', { name: 'weather (apikey)' }).click();
      await deck.page.getByText('the api_key query parameter').waitFor();
      await deck.page.getByRole('button', { name: 'Edit', exact: true }).click();
      const form = deck.page.getByRole('form', { name: 'Edit weather' });
      await form.getByLabel('Key goes in').selectOption('header');
      await form.getByLabel('Header name').fill('Host');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText('Host cannot carry a credential').waitFor();
      await deck.shootAll('apikey-organization-edit');
    } finally {
      await api.close();
    }
  });
});
