// The guided connection with several environments (issue 23): from an empty vault, by the screens
// alone, a Musimap organization whose development, staging and production live on three hosts,
// each stand-in knowing only its own environment's client; each client tested against its own
// host, a refusal naming the host that refused; then an OAuth 2.0 one, the same in short.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { effectiveEndpoints } from '../../main/core/model/environments.js';
import { removeOrganization } from '../../main/core/operations.js';
import { useDeckPage } from '../support/deck-page.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startOAuth2, type OAuth2Server } from '../servers/oauth2.js';
import { startAssertionOAuthStandIn, type AssertionOAuthStandIn } from '../servers/assertion-oauth.js';
import { decodeCompactJws } from '../servers/jwt-verify.js';

const deck = useDeckPage();

/** Per environment: its client as the vendor issued it, and its own host's stand-in. */
const ENVIRONMENTS = [
  { name: 'development', label: 'Development', client: 'dev', clientId: '0d7f2a61-3c1e-4b8a-9e52-6a1f0c3b7d01', secret: 'mm-dev-secret-Q81x' },
  { name: 'staging', label: 'Staging', client: 'staging', clientId: '1e8a3b72-4d2f-4c9b-8f63-7b2a1d4c8e02', secret: 'mm-staging-secret-W27k' },
  { name: 'production', label: 'Production', client: 'prod', clientId: '2f9b4c83-5e3a-4dac-9a74-8c3b2e5d9f03', secret: 'mm-prod-secret-Z64p' },
] as const;

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function emptyVault() {
  for (const org of deck.world.vault.organizations()) await removeOrganization(deck.world.core, org.name);
  await deck.page.reload();
  await deck.page.getByRole('heading', { name: 'Your vault is empty: connect an API' }).waitFor();
}

/** Replaces a field's whole value, as a user selecting it and typing would. */
async function retype(locator: ReturnType<typeof deck.page.locator>, text: string) {
  await locator.focus();
  await deck.page.keyboard.press('Control+A');
  await deck.page.keyboard.type(text);
}

/** The client ids and secrets a host was sent, whoever's. */
function credentialsSeenBy(server: MusimapServer): string[] {
  return server.seen.filter((r) => r.path === '/auth/token').flatMap((r) => {
    const body = JSON.parse(r.body) as { client_id: string; client_secret: string };
    return [body.client_id, body.client_secret];
  });
}

describe('guided connection with environments', () => {
  it('connects a Musimap organization whose three environments are on three hosts, each client tested against its own', async () => {
    const hosts: MusimapServer[] = [];
    for (const env of ENVIRONMENTS) hosts.push(await startMusimap([{ clientId: env.clientId, secret: env.secret }]));
    servers.push(...hosts);
    // The after-each leak scan looks for these too.
    deck.world.secrets.push(...ENVIRONMENTS.map((e) => e.secret));
    const [devHost, stagingHost, prodHost] = hosts as [MusimapServer, MusimapServer, MusimapServer];
    await emptyVault();

    await deck.page.getByRole('button', { name: 'Connect Musimap' }).click();
    const wizard = deck.page.getByRole('region', { name: 'Connect Musimap' });
    const form = wizard.getByRole('form', { name: 'Organization' });
    await form.getByLabel('Organization name').fill('tri');
    // The three standard environments are there to begin with.
    for (const [index, env] of ENVIRONMENTS.entries()) expect(await form.getByLabel(`Environment ${index + 1} name`).inputValue()).toBe(env.name);

    // The first environment's URLs fill in the others…
    await retype(form.getByLabel('development token URL'), devHost.tokenUrl);
    await retype(form.getByLabel('development API URL'), devHost.origin);
    expect(await form.getByLabel('staging token URL').inputValue()).toBe(devHost.tokenUrl);
    expect(await form.getByLabel('production API URL').inputValue()).toBe(devHost.origin);
    // …until one is typed: then it is that environment's own, and stays so.
    await retype(form.getByLabel('staging token URL'), stagingHost.tokenUrl);
    // Staging's token URL its own, the rest following development's (muted): the screen to look at.
    await deck.shootAll('connect-environments');
    await retype(form.getByLabel('staging API URL'), stagingHost.origin);
    await retype(form.getByLabel('development API URL'), `${devHost.origin}/`);
    expect(await form.getByLabel('staging API URL').inputValue()).toBe(stagingHost.origin);
    expect(await form.getByLabel('production API URL').inputValue()).toBe(`${devHost.origin}/`);
    await retype(form.getByLabel('production token URL'), prodHost.tokenUrl);
    await retype(form.getByLabel('production API URL'), prodHost.origin);
    expect(await form.getByLabel('production is production').isChecked()).toBe(true);
    expect(await form.getByLabel('staging is production').isChecked()).toBe(false);
    await deck.shootAll('connect-environments-three-hosts');

    await form.getByRole('button', { name: 'Create organization' }).click();
    await wizard.getByRole('form', { name: 'Development client' }).waitFor();
    // Stored: the organization's URLs are development's; staging and production override both.
    const org = deck.world.vault.organization('tri');
    expect(org).toMatchObject({ tokenUrl: devHost.tokenUrl, apiBaseUrl: `${devHost.origin}/` });
    expect(org.environments).toEqual([
      { name: 'development', production: false },
      { name: 'staging', production: false, tokenUrl: stagingHost.tokenUrl, apiBaseUrl: stagingHost.origin },
      { name: 'production', production: true, tokenUrl: prodHost.tokenUrl, apiBaseUrl: prodHost.origin },
    ]);

    // A client per environment; staging's secret pasted wrong, to be caught by the test.
    for (const env of ENVIRONMENTS) {
      const client = wizard.getByRole('form', { name: `${env.label} client` });
      await client.getByLabel(`${env.label} client ID`).fill(env.clientId);
      await client.getByLabel(`${env.label} client secret`).fill(env.name === 'staging' ? 'wrong-secret-91c0' : env.secret);
      await client.getByRole('button', { name: `Save ${env.name} client` }).click();
      await wizard.getByText(`${env.label}: ${env.clientId}, secret in the keychain`).waitFor();
    }
    expect(deck.world.vault.tree().organizations[0]!.clients.map((c) => [c.name, c.environment])).toEqual(ENVIRONMENTS.map((e) => [e.client, e.name]));

    const tests = wizard.getByRole('list', { name: 'Environment tests' });
    await wizard.getByRole('button', { name: 'Test every environment' }).click();
    const row = (label: string) => tests.getByRole('listitem', { name: `${label} test` });
    await row('Production').getByText('Exchanged a Bearer token').waitFor();
    await row('Development').getByText('Exchanged a Bearer token').waitFor();
    // Staging's host refused, and says so: which host, which client, what to fix.
    const refusal = row('Staging').getByRole('alert');
    await refusal.getByText(`${stagingHost.origin} refused the client id and secret of staging ("Invalid client credentials")`, { exact: false }).waitFor();
    expect(await refusal.textContent()).toContain(`Replace the secret below with the one Musimap gave you for staging (client ID ${ENVIRONMENTS[1].clientId}), or, if ${stagingHost.origin} is not staging's token endpoint, correct staging's token URL`);
    expect(await wizard.getByText('tri is connected.').count()).toBe(0);
    await deck.shootAll('connect-environments-refused');

    await refusal.getByLabel('Staging client secret').fill(ENVIRONMENTS[1].secret);
    await refusal.getByRole('button', { name: 'Replace and test again' }).click();
    await row('Staging').getByText('Exchanged a Bearer token').waitFor();
    await wizard.getByText('tri is connected.').waitFor();
    await deck.shootAll('connect-environments-tested');

    // Each host saw its own client's credentials, and no other's.
    for (const [index, host] of hosts.entries()) {
      const own = ENVIRONMENTS[index]!;
      const others: string[] = ENVIRONMENTS.filter((e) => e !== own).flatMap((e) => [e.clientId, e.secret]);
      const seen = credentialsSeenBy(host);
      expect(seen).toContain(own.clientId);
      expect(seen.filter((value) => others.includes(value))).toEqual([]);
      expect(host.issued.length).toBe(1);
    }
    expect(stagingHost.seen.map((r) => r.path)).toEqual(['/auth/token', '/auth/token']);
    // Nothing was copied: a test hands no token out.
    expect(await deck.world.core.handouts.list()).toEqual([]);

    // The organization's view lists the three, each with its own hosts (development's are the organization's).
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'tri (musimap)' }).click();
    const list = deck.page.getByRole('article', { name: 'Organization tri' }).getByRole('region', { name: 'Environments' });
    const facts = async (env: string) => {
      const card = list.getByRole('listitem', { name: `Environment ${env}` });
      const [terms, values] = await Promise.all([card.locator('dt').allTextContents(), card.locator('dd').allTextContents()]);
      return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
    };
    await list.getByRole('listitem', { name: 'Environment production' }).waitFor();
    expect(await facts('development')).toMatchObject({ API: `${devHost.origin}/ from organization`, 'Token URL': `${devHost.tokenUrl} from organization` });
    expect(await facts('staging')).toMatchObject({ API: `${stagingHost.origin} own`, 'Token URL': `${stagingHost.tokenUrl} own` });
    expect(await facts('production')).toMatchObject({ API: `${prodHost.origin} own`, 'Token URL': `${prodHost.tokenUrl} own` });

    // Each client's requests go to its own environment's API.
    for (const [index, env] of ENVIRONMENTS.entries()) {
      expect(effectiveEndpoints(deck.world.vault.organization('tri'), env.name).apiBaseUrl?.replace(/\/$/, '')).toBe(hosts[index]!.origin);
      const { response } = await sendAuthorized(deck.world.vault, deck.world.core.tokens, { org: 'tri', client: env.client, method: 'GET', url: '/moods' });
      expect(response.status).toBe(200);
      expect(hosts[index]!.seen.at(-1)).toMatchObject({ method: 'GET', path: '/moods' });
    }
  });

  it('connects an OAuth 2.0 organization with three environments, each token URL its own', async () => {
    const clients = ENVIRONMENTS.map((e) => ({ clientId: `${e.client}-client`, secret: e.secret }));
    const hosts: OAuth2Server[] = [];
    for (const client of clients) hosts.push(await startOAuth2([client]));
    servers.push(...hosts);
    deck.world.secrets.push(...clients.map((c) => c.secret));
    await emptyVault();

    await deck.page.getByRole('button', { name: 'Connect an OAuth 2.0 API' }).click();
    const wizard = deck.page.getByRole('region', { name: 'Connect an OAuth 2.0 API' });
    const form = wizard.getByRole('form', { name: 'Organization' });
    await form.getByLabel('Organization name').fill('idp');
    // Renamed, one removed and one added: qa and production, then live.
    await retype(form.getByLabel('Environment 2 name'), 'qa');
    await form.getByRole('button', { name: 'Remove production' }).click();
    await form.getByRole('button', { name: 'Add an environment' }).click();
    await expect.poll(() => deck.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Environment 3 name');
    await deck.page.keyboard.type('live');
    await form.getByLabel('live is production').check();
    await retype(form.getByLabel('development token URL'), hosts[0]!.tokenUrl);
    await retype(form.getByLabel('qa token URL'), hosts[1]!.tokenUrl);
    await retype(form.getByLabel('live token URL'), hosts[2]!.tokenUrl);
    await form.getByRole('button', { name: 'Create organization' }).click();
    await wizard.getByRole('form', { name: 'Development client' }).waitFor();
    expect(deck.world.vault.organization('idp').environments).toEqual([
      { name: 'development', production: false },
      { name: 'qa', production: false, tokenUrl: hosts[1]!.tokenUrl },
      { name: 'live', production: true, tokenUrl: hosts[2]!.tokenUrl },
    ]);

    for (const [index, label] of ['Development', 'Qa', 'Live'].entries()) {
      const client = wizard.getByRole('form', { name: `${label} client` });
      await client.getByLabel(`${label} client ID`).fill(clients[index]!.clientId);
      await client.getByLabel(`${label} client secret`).fill(clients[index]!.secret);
      await client.getByRole('button', { name: `Save ${label.toLowerCase()} client` }).click();
      await wizard.getByText(`${label}: ${clients[index]!.clientId}, secret in the keychain`).waitFor();
    }
    await wizard.getByRole('button', { name: 'Test every environment' }).click();
    await wizard.getByText('idp is connected.').waitFor();
    for (const [index, host] of hosts.entries()) {
      const authorizations = host.seen.filter((r) => r.path === '/oauth/token').map((r) => Buffer.from(String(r.headers.authorization).slice('Basic '.length), 'base64').toString());
      expect(authorizations).toEqual([`${clients[index]!.clientId}:${encodeURIComponent(clients[index]!.secret)}`]);
    }
    expect(deck.world.vault.tree().organizations[0]!.clients.map((c) => [c.name, c.environment])).toEqual([['dev', 'development'], ['qa', 'qa'], ['live', 'live']]);
  });

  it('connects a signed-JWT organization with two environments: one key, a client each, each assertion exchanged at its own token URL', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const hosts: AssertionOAuthStandIn[] = [await startAssertionOAuthStandIn(), await startAssertionOAuthStandIn()];
    servers.push(...hosts);
    const [devHost, prodHost] = hosts as [AssertionOAuthStandIn, AssertionOAuthStandIn];
    devHost.registerClient('svc-dev', publicPem, 'RS256');
    prodHost.registerClient('svc-prod', publicPem, 'RS256');
    await emptyVault();

    await deck.page.getByRole('button', { name: 'Connect a signed-JWT API' }).click();
    const wizard = deck.page.getByRole('region', { name: 'Connect a signed-JWT API' });
    const form = wizard.getByRole('form', { name: 'Organization' });
    await form.getByLabel('Organization name').fill('assert');
    await form.getByLabel('Preset').selectOption({ label: 'OAuth 2.0 private_key_jwt (RFC 7523 §2.2)' });
    await form.getByRole('button', { name: 'Remove staging' }).click();
    await retype(form.getByLabel('development token URL'), devHost.tokenUrl);
    await retype(form.getByLabel('development API URL'), devHost.origin);
    await retype(form.getByLabel('production token URL'), prodHost.tokenUrl);
    await retype(form.getByLabel('production API URL'), prodHost.origin);
    await deck.shoot('connect-environments-jwt-organization-light');
    await form.getByRole('button', { name: 'Create organization' }).click();
    await wizard.getByRole('form', { name: 'Production client' }).waitFor();
    await deck.shoot('connect-environments-jwt-clients-light');

    for (const [label, clientId] of [['Development', 'svc-dev'], ['Production', 'svc-prod']] as const) {
      const client = wizard.getByRole('form', { name: `${label} client` });
      await client.getByLabel(`${label} client ID`).fill(clientId);
      await client.getByRole('button', { name: `Save ${label.toLowerCase()} client` }).click();
      await wizard.getByText(`${label}: ${clientId}`).waitFor();
    }
    const keyForm = wizard.getByRole('form', { name: 'Import a key' });
    await keyForm.getByLabel('Private key').fill(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    await keyForm.getByRole('button', { name: 'Import key' }).click();
    const kidForm = wizard.getByRole('form', { name: 'Set Key ID' });
    await kidForm.getByLabel('Key ID').fill('rsa-1');
    await kidForm.getByRole('button', { name: 'Save Key ID' }).click();

    await wizard.getByRole('button', { name: 'Test every environment' }).click();
    await wizard.getByText('assert is connected.').waitFor();
    await deck.shootAll('connect-environments-jwt-tested');
    const tests = wizard.getByRole('list', { name: 'Environment tests' });
    expect(await tests.getByRole('listitem', { name: 'Production test' }).textContent()).toContain(prodHost.origin);
    // Each host was asked once, by its own client, with an assertion addressed to it.
    for (const [host, clientId] of [[devHost, 'svc-dev'], [prodHost, 'svc-prod']] as const) {
      expect([...host.issued.values()].map((i) => i.clientId)).toEqual([clientId]);
      const assertion = new URLSearchParams(host.seen.at(-1)!.body).get('client_assertion')!;
      expect(decodeCompactJws(assertion)).toMatchObject({ payload: { iss: clientId, aud: host.tokenUrl } });
    }
  });
});
