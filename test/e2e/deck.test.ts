// The deck end to end: the real renderer (built by Vite) in headless Chromium, over the harness
// to the real core, the real keychain, the vendor stand-ins and a real X clipboard (Xvfb + xclip).
import { describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { useDeckPage } from '../support/deck-page.js';
import { MUSICAPI_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
async function openClient(org: string, client: string) {
  await sidebar().getByRole('treeitem', { name: `${org}/${client}` }).click();
  await deck.page.getByRole('article', { name: `Client ${org}/${client}` }).waitFor();
}

describe('the deck', () => {
  it('creates an organization, a client with its secret and a key, then copies a DevToken the server accepts', async () => {
    await deck.page.getByRole('button', { name: '+ Organization' }).click();
    const form = deck.page.getByRole('form', { name: 'New organization' });
    await form.getByLabel('Name').fill('bad name!');
    await form.getByRole('button', { name: 'Create organization' }).click();
    expect(await form.locator('.field-error').first().textContent()).toContain('letters, digits');
    await form.getByLabel('Name').fill('studio');
    await form.getByLabel('API base URL').fill(deck.world.musicapi.origin);
    await form.getByRole('button', { name: 'Create organization' }).click();
    await deck.page.getByRole('article', { name: 'Organization studio' }).waitFor();

    await deck.page.getByRole('button', { name: '+ Client' }).click();
    const clientForm = deck.page.getByRole('form', { name: 'New client' });
    await clientForm.getByLabel('Name', { exact: true }).fill('web');
    await clientForm.getByLabel('Client ID').fill(MUSICAPI_CLIENT.clientId);
    await clientForm.getByLabel('Client secret (optional)').fill(MUSICAPI_CLIENT.secret);
    await clientForm.getByLabel('Integration users').fill('alice = not-a-uuid');
    await clientForm.getByRole('button', { name: 'Create client' }).click();
    expect(await clientForm.locator('.field-error').first().textContent()).toContain('UUID');
    await clientForm.getByLabel('Integration users').fill('alice = 8d883178-9585-482e-bb4b-0c85736edc2d');
    await clientForm.getByRole('button', { name: 'Create client' }).click();
    await deck.page.getByRole('article', { name: 'Client studio/web' }).waitFor();
    expect(await deck.page.getByText('stored in keychain').isVisible()).toBe(true);
    const { client } = deck.world.vault.resolveClient('studio', 'web');
    expect(await deck.world.keychain.get(keychainAccount.clientSecret(client.id))).toBe(MUSICAPI_CLIENT.secret);

    await sidebar().getByRole('treeitem', { name: 'studio (musicapi)' }).click();
    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    await keys.getByLabel('Key ID').fill('KID-UI');
    await keys.getByRole('button', { name: 'Generate key' }).click();
    const pem = await keys.getByLabel('Public key PEM').inputValue();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    deck.world.musicapi.registerKey('KID-UI', pem);
    await deck.shoot('organization-light');

    await openClient('studio', 'web');
    await deck.page.getByLabel('DevToken sub').selectOption({ label: 'alice' });
    await deck.page.getByRole('button', { name: 'Copy devtoken token' }).click();
    expect(await deck.page.getByRole('status').filter({ hasText: 'Copied devtoken' }).textContent()).toMatch(/expires in 13 d 23 h · clipboard clears in 30 s/);
    await expect.poll(() => deck.clipboard()).toMatch(/^eyJ/);
    const jwt = deck.clipboard();
    expect(jwt.split('.')).toHaveLength(3);
    // The copied token is what the server accepts: send it as the CLI would from the cache.
    const result = await sendAuthorized(deck.world.vault, deck.world.core.tokens, { org: 'studio', client: 'web', scheme: 'devtoken', sub: 'alice', method: 'GET', url: '/users/me' });
    expect(result.credential.token).toBe(jwt);
    expect(result.response.status).toBe(200);
    await deck.shoot('client-light');
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('client-900x600-light');
  });

  it('copies a Musimap token exchanged with the stand-in, and lists it with a moving countdown', async () => {
    // Within its last hour a token's time left reads to the second ("in 49 min 58 s"), so it moves.
    deck.world.musimap.lifetimeMs = 50 * 60_000;
    await openClient('moodmap', 'prod');
    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await deck.page.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor();
    await expect.poll(() => deck.clipboard()).toBe(deck.world.musimap.issued[0]);
    const row = deck.page.getByRole('row', { name: 'token moodmap/prod bearer' });
    const countdown = row.locator('.countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^in (49 min 5\d s|50 min)$/);
    expect(await countdown.getAttribute('data-phase')).toBe('fresh');
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
  });

  it('shows a short-lived token expiring, then expired', async () => {
    deck.world.musimap.lifetimeMs = 4_000;
    await openClient('moodmap', 'prod');
    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    const countdown = deck.page.getByRole('row', { name: 'token moodmap/prod bearer' }).locator('.countdown');
    expect(await countdown.getAttribute('data-phase')).toBe('expiring');
    await expect.poll(() => countdown.getAttribute('data-phase'), { timeout: 10_000 }).toBe('expired');
    expect(await countdown.textContent()).toBe('expired');
  });

  it('shows a rejected exchange as an error with the server\'s message', async () => {
    await openClient('moodmap', 'prod');
    await deck.page.getByRole('button', { name: 'Replace secret' }).click();
    await deck.page.getByLabel('Client secret', { exact: true }).fill('wrong-secret-91c0');
    await deck.page.getByRole('button', { name: 'Save secret' }).click();
    await deck.page.getByRole('button', { name: 'Replace secret' }).waitFor();
    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    const alert = deck.page.getByRole('alert');
    await alert.waitFor();
    // The server's own words, inside the deck's sentence, and the code in small print.
    expect(await alert.textContent()).toMatch(/Invalid client credentials.*EXCHANGE_REJECTED/);
    expect(deck.world.core.tokens.records()).toEqual([]);
  });

  it('reveals a token only when asked and decodes a DevToken', async () => {
    const made = await deck.world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    await deck.page.getByRole('button', { name: /Live tokens/ }).click();
    const row = deck.page.getByRole('row', { name: 'token acme/web devtoken' });
    await row.waitFor();
    expect(deck.harness.outbound.join('\n')).not.toContain(made.token);
    await row.getByRole('button', { name: 'Reveal' }).click();
    expect(await deck.page.getByLabel('Token value').textContent()).toBe(made.token);
    await row.getByRole('button', { name: 'Inspect' }).click();
    expect(JSON.parse((await deck.page.getByLabel('JWT header').textContent())!)).toEqual({ typ: 'JWT', alg: 'ES256', kid: 'KID-1' });
    expect(JSON.parse((await deck.page.getByLabel('JWT claims').textContent())!)).toMatchObject({ iss: MUSICAPI_CLIENT.clientId, sub: '8d883178-9585-482e-bb4b-0c85736edc2d' });
    await deck.shoot('tokens-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('tokens-dark');
  });

  it('deleting a client removes its tokens', async () => {
    await deck.world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await openClient('moodmap', 'prod');
    expect(await deck.page.getByRole('row', { name: 'token moodmap/prod bearer' }).isVisible()).toBe(true);
    await deck.page.getByRole('button', { name: 'Delete' }).click();
    // prod holds a secret: its name is typed to remove it (trash.test.ts).
    await deck.page.getByLabel('Type prod to confirm').fill('prod');
    await deck.page.getByRole('button', { name: 'Remove', exact: true }).click();
    await deck.page.getByRole('article', { name: 'Organization moodmap' }).waitFor();
    await deck.page.getByRole('button', { name: /Live tokens/ }).click();
    await deck.page.getByText('No cached tokens').waitFor();
    expect(deck.world.core.tokens.records()).toEqual([]);
  });

  it('copies a token from the command palette with the keyboard', async () => {
    await deck.page.keyboard.press('Control+k');
    const palette = deck.page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByLabel('Command', { exact: true }).fill('moodmap bearer');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('palette-dark');
    await deck.page.keyboard.press('Enter');
    await palette.getByRole('status').waitFor();
    await expect.poll(() => deck.clipboard()).toBe(deck.world.musimap.issued[0]);
  });

  it('refreshes a token ahead of expiry when auto-refresh is on', async () => {
    deck.world.musimap.lifetimeMs = 60 * 60_000;
    await openClient('moodmap', 'prod');
    await deck.page.getByLabel(/Refresh this client's tokens/).click();
    await expect.poll(() => deck.world.vault.resolveClient('moodmap', 'prod').client.autoRefresh).toBe(true);
    deck.world.musimap.lifetimeMs = 4 * 60_000; // inside the 5-minute expiring window at once
    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => deck.world.musimap.exchanges, { timeout: 10_000 }).toBeGreaterThan(1);
    deck.world.musimap.lifetimeMs = 60 * 60_000;
    await expect.poll(() => deck.page.getByRole('row', { name: 'token moodmap/prod bearer' }).locator('.countdown').getAttribute('data-phase'), { timeout: 10_000 }).toBe('fresh');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('client-dark');
  });

  it('reports a keychain entry deleted behind its back and makes store and keychain agree again', async () => {
    const { client } = deck.world.vault.resolveClient('moodmap', 'prod');
    await deck.world.keychain.delete(keychainAccount.clientSecret(client.id));
    await deck.world.keychain.set('key/00000000-0000-4000-8000-000000000000/private', 'left over');
    await deck.page.reload();
    const banner = deck.page.getByRole('region', { name: 'Keychain check' });
    expect(await banner.textContent()).toContain('The secret of moodmap/prod is gone from the keychain');
    expect(await banner.textContent()).toContain('key/00000000-0000-4000-8000-000000000000/private belongs to nothing');
    await banner.getByRole('button', { name: 'Make them agree…' }).click();
    // Nothing is lost: the entry the vault does not list goes to the Trash, and the button says so first.
    expect(await banner.textContent()).toContain('moves to the Trash for 7 days');
    await deck.page.emulateMedia({ colorScheme: 'light' });
    await deck.shoot('keychain-repair-confirm-light');
    const size = deck.page.viewportSize();
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('keychain-repair-confirm-900x600-dark');
    if (size) await deck.page.setViewportSize(size);
    await banner.getByRole('button', { name: 'Move to the Trash and make them agree' }).click();
    await banner.waitFor({ state: 'detached' });
    expect((await deck.world.vault.trash()).map((item) => [item.kind, item.accounts])).toContainEqual(['orphans', ['key/00000000-0000-4000-8000-000000000000/private']]);
    await openClient('moodmap', 'prod');
    expect(await deck.page.getByText('secret missing').isVisible()).toBe(true);
    expect(await deck.world.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
  });
});
