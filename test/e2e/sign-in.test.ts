// A person's sign-in by the screens alone (issue 25), against the real oidc-provider: from an empty
// vault, an OAuth 2.0 organization and a public browser sign-in client are made in the forms; Sign
// in has main open the authorization page (recorded by the harness in place of shell.openExternal,
// driven here through oidc-provider's login and consent pages in a second Chromium page); the view
// names the account, Copy token copies a token the server accepts, Sign out revokes it. The device
// flow shows its user code in the view until it is approved in another page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/browser.js';
import { DEVICE_GRANT, NATIVE, startOidc, type OidcServer } from '../servers/oidc.js';
import { openConsole, useDeckPage, type DeckWorld } from '../support/deck-page.js';
import { approveDevice, driveOidcPages } from '../support/oidc-pages.js';
import { createSandbox } from '../support/sandbox.js';


let oidc: OidcServer;
let pages: Browser;

beforeAll(async () => {
  oidc = await startOidc({
    clients: [
      { ...NATIVE, client_id: 'deck', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] },
      { client_id: 'tv', token_endpoint_auth_method: 'none', grant_types: [DEVICE_GRANT, 'refresh_token'], response_types: [], redirect_uris: [] },
    ],
    configuration: { conformIdTokenClaims: false },
  });
  pages = await launchChromium();
}, 60_000);

afterAll(async () => {
  await pages?.close();
  await oidc?.close();
});

async function emptyWorld(): Promise<DeckWorld> {
  const sandbox = createSandbox();
  return { ...sandbox, musimap: { issued: [] }, secrets: [], close: () => sandbox.cleanup() };
}

const deck = useDeckPage(emptyWorld, 'Your vault is empty: connect an API');

/** + Organization: OAuth 2.0 with the issuer's token endpoint as token URL and the issuer as API. */
/**
 * + Organization: OAuth 2.0, the issuer as API. Its token URL is found by discovery (the issuer typed,
 * Find endpoints, then the offered token endpoint used), or typed by hand when `tokenUrl` is given.
 */
async function addIdentityOrganization(tokenUrl?: string, shot?: string) {
  await deck.page.getByRole('button', { name: '+ Organization' }).click();
  const form = deck.page.getByRole('form', { name: 'New organization' });
  await form.getByLabel('Name').fill('idp');
  await form.getByLabel('Provider').selectOption('oauth2');
  await form.getByLabel('API base URL').fill(oidc.issuer);
  if (tokenUrl) {
    await form.getByLabel('Token URL').fill(tokenUrl);
  } else {
    await form.getByLabel('Issuer (optional)').fill(oidc.issuer);
    await form.getByRole('button', { name: 'Find endpoints' }).click();
    const preview = form.getByRole('region', { name: 'What the issuer offers' });
    await preview.getByText(`${oidc.issuer}/.well-known/openid-configuration`).waitFor();
    await preview.getByText(`${oidc.issuer}/device/auth`).waitFor();
    if (shot) await deck.shootAll(shot);
    await preview.getByRole('button', { name: `Use ${oidc.issuer}/token as the token URL` }).click();
    expect(await form.getByLabel('Token URL').inputValue()).toBe(`${oidc.issuer}/token`);
  }
  await form.getByRole('button', { name: 'Create organization' }).click();
  await deck.page.getByRole('article', { name: 'Organization idp' }).waitFor();
}

/** + Client: a public client whose tokens come from a person's sign-in (`how`: the grant's radio). */
async function addSignInClient(name: string, clientId: string, how: string, shot?: string, check = `The token endpoint is "idp"'s token URL, ${oidc.issuer}/token.`) {
  await deck.page.getByRole('button', { name: '+ Client' }).click();
  const form = deck.page.getByRole('form', { name: 'New client' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Client ID').fill(clientId);
  await form.getByRole('radio', { name: how }).click();
  await form.getByLabel('Issuer URL').fill(oidc.issuer);
  await form.getByLabel('Public client (no secret)').check();
  await form.getByLabel('Scope').fill('openid email offline_access');
  // Discovery judges the plan before saving, by the sign-in's own checks.
  await form.getByRole('button', { name: 'Find endpoints' }).click();
  const checks = form.getByRole('list', { name: 'Checks' });
  await checks.getByText(check, { exact: false }).waitFor();
  if (shot) await deck.shoot(shot);
  await form.getByRole('button', { name: 'Create client' }).click();
  const view = deck.page.getByRole('article', { name: `Client idp/${name}` });
  await view.waitFor();
  return view;
}

const userinfo = async (token: string) => (await fetch(`${oidc.issuer}/me`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('a person signs in from the deck', () => {
  it('goes from an empty vault to a signed-in session by the sign-in wizard alone: issuer, organization, client, sign in', async () => {
    await deck.page.getByRole('button', { name: 'Sign in as a person' }).click();
    const wizard = deck.page.getByRole('region', { name: 'Sign in as a person' });
    const issuerStep = wizard.getByRole('form', { name: 'Issuer and organization' });
    await issuerStep.getByLabel('Issuer URL').fill(oidc.issuer);
    await issuerStep.getByRole('button', { name: 'Find endpoints' }).click();
    await issuerStep.getByText(`Tokens will be had at ${oidc.issuer}/token`).waitFor();
    await issuerStep.getByLabel('Organization name').fill('idp');
    await issuerStep.getByLabel('API base URL (optional)').fill(oidc.issuer);
    await deck.shootAll('wizard-sign-in-issuer');
    await issuerStep.getByRole('button', { name: 'Create organization' }).click();

    const clientStep = wizard.getByRole('form', { name: 'Sign-in client' });
    await clientStep.getByLabel('Client ID').fill('deck');
    expect(await clientStep.getByLabel('Issuer URL').inputValue()).toBe(oidc.issuer);
    await clientStep.getByRole('button', { name: 'Find endpoints' }).click();
    await clientStep.getByText(`Browser sign-in at ${oidc.issuer}/auth, with PKCE S256.`).waitFor();
    // Its name and environment are asked, not decided: the organization's first suggested, a new one allowed.
    expect(await clientStep.getByLabel('Client name').inputValue()).toBe('me');
    expect(await clientStep.getByLabel('Environment', { exact: true }).inputValue()).toBe('development');
    await clientStep.getByLabel('Environment', { exact: true }).selectOption({ label: 'New environment…' });
    await clientStep.getByLabel('New environment').fill('staging');
    await deck.shootAll('wizard-sign-in-client');
    await clientStep.getByRole('button', { name: 'Create client' }).click();

    const session = wizard.getByRole('region', { name: 'Session' });
    await session.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => deck.harness.openedUrls.length).toBe(1);
    const browser = driveOidcPages(pages, 'lin');
    await browser.openBrowser(deck.harness.openedUrls[0]!);
    expect(await browser.done()).toContain('Signed in');
    await wizard.getByText('Signed in on idp/me.').waitFor();
    expect(deck.world.vault.resolveClient('idp', 'me').client.environment).toBe('staging');
    await deck.shootAll('wizard-sign-in-done');
    expect(deck.world.vault.resolveClient('idp', 'me').client).toMatchObject({ oauth2: { grant: 'authorization_code', issuer: oidc.issuer, authMethod: 'none', scope: 'openid email offline_access' }, session: { account: 'lin@example.test' } });
    expect(deck.world.vault.resolveClient('idp', 'me').org.tokenUrl).toBe(`${oidc.issuer}/token`);
    await wizard.getByRole('button', { name: 'Open idp/me' }).click();
    await deck.page.getByRole('article', { name: 'Client idp/me' }).getByText('Signed in as lin@example.test').waitFor();
  }, 90_000);

  it('signs in in the browser main opened, copies a token the server accepts, and signs out (revoked)', async () => {
    await addIdentityOrganization(undefined, 'org-form-discovery');
    const view = await addSignInClient('me', 'deck', 'A person signs in in the browser', 'client-form-grant-light');
    const session = view.getByRole('region', { name: 'Session' });
    await session.getByText('Not signed in').waitFor();
    expect(deck.world.vault.resolveClient('idp', 'me').client.oauth2).toMatchObject({ grant: 'authorization_code', issuer: oidc.issuer, authMethod: 'none' });

    await session.getByRole('button', { name: 'Sign in' }).click();
    await session.getByText('Sign in in the browser window that opened').waitFor();
    await expect.poll(() => deck.harness.openedUrls.length).toBe(1);
    const browser = driveOidcPages(pages, 'ada');
    await browser.openBrowser(deck.harness.openedUrls[0]!);
    expect(await browser.done()).toContain('Signed in');
    await session.getByText('Signed in as ada@example.test').waitFor();
    await deck.shootAll('session-signed-in');
    // The verified ID token, as the inspector of the session shows it.
    await session.getByText('ID token: signature verified').click();
    const claims = session.getByRole('definition').filter({ hasText: `${oidc.issuer}` });
    await claims.first().waitFor();
    await session.getByText(`from ${oidc.issuer}/jwks`, { exact: false }).waitFor();
    await deck.shootAll('session-id-token');
    await session.getByText('ID token: signature verified').click();

    await view.getByRole('button', { name: 'Copy bearer token' }).click();
    await view.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor();
    const token = deck.clipboard();
    expect(await userinfo(token)).toBe(200);

    // Live tokens: the session's token says whom it acts as (the account, never a token value).
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: /^Live tokens/ }).click();
    const row = deck.page.getByRole('row', { name: 'token idp/me bearer' });
    await row.getByText('as ada@example.test').waitFor();
    expect(await row.textContent()).not.toContain(token);
    // Shown whole: the account comes before the environment, which a narrow column cuts instead.
    const [badge, cell] = await Promise.all([row.getByText('as ada@example.test').boundingBox(), row.getByRole('cell').first().boundingBox()]);
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(cell!.x + cell!.width);
    await deck.shootAll('live-tokens-session');

    // The console calls the API as that person: the issuer's userinfo answers with ada's sub.
    const console = await openConsole(deck, 'idp');
    await console.getByRole('form', { name: 'Request' }).getByLabel('URL').fill('/me');
    await console.getByRole('form', { name: 'Request' }).getByRole('button', { name: 'Send' }).click();
    const answer = console.getByRole('region', { name: 'Response' });
    await expect.poll(() => answer.locator('.response-status .status').textContent()).toBe('200 OK');
    expect(await answer.getByLabel('JSON response').textContent()).toContain('sub: "ada"');
    await answer.getByRole('tab', { name: 'Raw' }).click();
    expect(JSON.parse((await answer.locator('pre.raw').textContent())!)).toMatchObject({ sub: 'ada', email: 'ada@example.test' });
    await deck.shoot('console-as-person-light');
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'idp/me' }).click();

    await session.getByRole('button', { name: 'Sign out' }).click();
    await session.getByRole('button', { name: 'Yes, sign out' }).click();
    await session.getByText('Not signed in · the session was revoked at the server').waitFor();
    expect(deck.world.vault.resolveClient('idp', 'me').client.session).toBeUndefined();
    expect(deck.world.core.tokens.list()).toEqual([]);
  }, 60_000);

  it('shows the device flow\'s user code until it is approved in another page, and cancels a wait', async () => {
    await addIdentityOrganization();
    const view = await addSignInClient('tv', 'tv', 'A person signs in with a code (device)');
    const session = view.getByRole('region', { name: 'Session' });
    await session.getByRole('button', { name: 'Sign in with a code' }).click();
    const code = session.getByLabel('User code');
    await code.waitFor();
    // Cancel stops the wait; nothing is signed in.
    await session.getByRole('button', { name: 'Cancel' }).click();
    await session.getByText('Not signed in').waitFor();
    expect(deck.world.vault.resolveClient('idp', 'tv').client.session).toBeUndefined();

    await session.getByRole('button', { name: 'Sign in with a code' }).click();
    await code.waitFor();
    const userCode = (await code.textContent())!.trim();
    expect(userCode).toMatch(/^[A-Z-]{4,}$/);
    const link = session.getByRole('link');
    expect(await link.textContent()).toBe(`${oidc.issuer}/device`);
    await deck.shoot('session-device-code-light');
    expect(await approveDevice(pages, (await link.getAttribute('href'))!, 'approve', 'grace')).toContain('Sign-in Success');
    await session.getByText('Signed in as grace@example.test').waitFor();
    expect(deck.harness.openedUrls).toEqual([]);
    // A public client has no secret to miss: the sidebar marks none.
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'idp/tv' }).waitFor();
    expect(await deck.page.getByRole('navigation', { name: 'Vault' }).getByTitle('no secret stored').count()).toBe(0);
  }, 90_000);

  it('says why, in the panel, when the issuer names another token endpoint than the organization\'s, and opens nothing', async () => {
    await addIdentityOrganization(`${oidc.issuer}/elsewhere/token`);
    // The preview said so before saving, in the sign-in's own words.
    const view = await addSignInClient('me', 'deck', 'A person signs in in the browser', 'client-form-discovery-mismatch-light', `names its token endpoint ${oidc.issuer}/token`);
    const session = view.getByRole('region', { name: 'Session' });
    await session.getByRole('button', { name: 'Sign in' }).click();
    await session.getByText(`names its token endpoint ${oidc.issuer}/token`).waitFor();
    await session.getByText('Not signed in').waitFor();
    expect(deck.harness.openedUrls).toEqual([]);
  }, 60_000);
});
