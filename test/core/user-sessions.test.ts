// A person's session through the vault and the token service (issue 25), against the real
// oidc-provider: sign in in Chromium (authorization code + PKCE, a public client), the first token
// cached and accepted by userinfo, the next one made from the rotated refresh token, a reused one
// ending the session ("sign in again"); the device flow for a confidential client; sign-out revoking
// the refresh token at the server and forgetting it here. Nothing of a session in vault.json.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { removeClient } from '../../main/core/operations.js';
import { RefreshScheduler } from '../../main/core/refresh-scheduler.js';
import { launchChromium } from '../harness/browser.js';
import { refreshAt, SESSION_CLIENTS, startOidc, TERMINAL_SECRET, type OidcServer } from '../servers/oidc.js';
import { approveDevice, driveOidcPages } from '../support/oidc-pages.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';


let oidc: OidcServer;
let browser: Browser;
let sandbox: Sandbox;

beforeAll(async () => {
  oidc = await startOidc({
    clients: SESSION_CLIENTS,
    configuration: { conformIdTokenClaims: false },
  });
  browser = await launchChromium();
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'idp', provider: 'oauth2', tokenUrl: `${oidc.issuer}/token`, apiBaseUrl: oidc.issuer });
  await sandbox.vault.addClient('idp', { name: 'me', environment: 'development', clientId: 'deck', oauth2: { grant: 'authorization_code', issuer: oidc.issuer, authMethod: 'none', scope: 'openid email offline_access' } });
  await sandbox.vault.addClient('idp', { name: 'cli', environment: 'development', clientId: 'terminal', oauth2: { grant: 'device_code', issuer: oidc.issuer, authMethod: 'client_secret_basic', scope: 'openid email offline_access' } }, TERMINAL_SECRET);
}, 60_000);

afterAll(async () => {
  await sandbox?.cleanup();
  await browser?.close();
  await oidc?.close();
});

async function userinfo(token: string): Promise<number> {
  return (await fetch(`${oidc.issuer}/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

const refreshOf = (name: string) => sandbox.keychain.get(keychainAccount.refreshToken(sandbox.vault.snapshot().clients.find((c) => c.name === name)!.id));

describe('a person signed in on a vault client', () => {
  it('is refused a token before anyone signed in, with what to do', async () => {
    await expect(sandbox.core.tokens.credential({ org: 'idp', client: 'me' })).rejects.toMatchObject({ code: 'SIGNED_OUT', message: expect.stringContaining('tokendeck login idp/me') });
  });

  it('signs in in the browser: the token is cached and accepted, the account recorded, the refresh token in the keychain only', async () => {
    const pages = driveOidcPages(browser, 'ada');
    const issued = await sandbox.core.tokens.signIn({ org: 'idp', client: 'me' }, { kind: 'browser', openBrowser: pages.openBrowser });
    expect(await pages.done()).toContain('Signed in');
    expect(issued.account).toBe('ada@example.test');
    expect(await userinfo(issued.token)).toBe(200);
    const cached = await sandbox.core.tokens.credential({ org: 'idp', client: 'me' });
    expect(cached).toMatchObject({ fromCache: true, token: issued.token });
    // The Live tokens view names whom the token acts as, and holds no token value.
    const views = sandbox.core.tokens.list().filter((t) => t.client === 'me');
    expect(views).toEqual([expect.objectContaining({ account: 'ada@example.test', scheme: 'bearer' })]);
    expect(JSON.stringify(views)).not.toContain(issued.token);
    const refresh = await refreshOf('me');
    expect(refresh).toBeTruthy();
    const session = sandbox.vault.snapshot().clients.find((c) => c.name === 'me')!.session;
    expect(session).toMatchObject({ account: 'ada@example.test', scope: expect.stringContaining('offline_access') });
    // The inspector's view of the verified ID token: whose key, which algorithm, which key set.
    expect(session!.identity).toMatchObject({ from: 'id_token', subject: 'ada', email: 'ada@example.test', issuer: oidc.issuer, audience: ['deck'], algorithm: 'RS256', verifiedWith: `${oidc.issuer}/jwks` });
    expect(Date.parse(session!.identity!.expiresAt!)).toBeGreaterThan(Date.parse(session!.identity!.issuedAt!));
    const files = readAllFiles(sandbox.home);
    expect(files).not.toContain(refresh!);
    expect(files).not.toContain(issued.token);
  }, 60_000);

  it('makes the next token from the refresh token, which the server rotates; the old one reused ends the session', async () => {
    const before = (await refreshOf('me'))!;
    const fresh = await sandbox.core.tokens.credential({ org: 'idp', client: 'me', fresh: true });
    expect(fresh.fromCache).toBe(false);
    expect(await userinfo(fresh.token)).toBe(200);
    const rotated = (await refreshOf('me'))!;
    expect(rotated).not.toBe(before);
    // Someone replays the old refresh token: the server ends the whole grant, and the next refresh says so.
    expect(await refreshAt(oidc, before, 'deck')).toBe(400);
    await expect(sandbox.core.tokens.credential({ org: 'idp', client: 'me', fresh: true })).rejects.toMatchObject({ code: 'SIGNED_OUT' });
    expect(await refreshOf('me')).toBeNull();
    expect(sandbox.vault.snapshot().clients.find((c) => c.name === 'me')!.session).toBeUndefined();
  }, 60_000);

  it('signs in with the device flow (a confidential client), then signs out: revoked at the server, forgotten here', async () => {
    const shown: string[] = [];
    let page = '';
    const issued = await sandbox.core.tokens.signIn(
      { org: 'idp', client: 'cli' },
      {
        kind: 'device',
        onCode: (code) => shown.push(`${code.userCode} ${code.verificationUriComplete}`),
        sleep: async () => {
          if (!page) page = await approveDevice(browser, shown[0]!.split(' ')[1]!, 'approve', 'grace');
        },
      },
    );
    expect(shown).toHaveLength(1);
    expect(issued.account).toBe('grace@example.test');
    const refresh = (await refreshOf('cli'))!;
    expect(await userinfo(issued.token)).toBe(200);
    const outcome = await sandbox.core.tokens.signOut({ org: 'idp', client: 'cli' });
    expect(outcome).toEqual({ revoked: true });
    expect(await refreshOf('cli')).toBeNull();
    expect(sandbox.core.tokens.list().filter((t) => t.client === 'cli')).toEqual([]);
    expect(await refreshAt(oidc, refresh, 'terminal')).toBe(400);
    expect(JSON.stringify(outcome)).not.toContain(refresh);
  }, 60_000);

  it('removing a client with a person signed in revokes the refresh token first and keeps none of it in the trash', async () => {
    const shown: string[] = [];
    let page = '';
    await sandbox.core.tokens.signIn({ org: 'idp', client: 'cli' }, { kind: 'device', onCode: (code) => shown.push(code.verificationUriComplete!), sleep: async () => void (page ||= await approveDevice(browser, shown[0]!, 'approve', 'grace')) });
    const id = sandbox.vault.snapshot().clients.find((c) => c.name === 'cli')!.id;
    const refresh = (await refreshOf('cli'))!;
    await removeClient(sandbox.core, 'idp', 'cli');
    expect((await sandbox.keychain.accounts()).filter((a) => a.includes(id) && a.endsWith('/refresh'))).toEqual([]);
    expect(await refreshAt(oidc, refresh, 'terminal')).toBe(400);
  }, 60_000);

  it('refuses an issuer whose token endpoint is not the organization\'s token URL, sending nothing', async () => {
    await sandbox.vault.addOrganization({ name: 'elsewhere', provider: 'oauth2', tokenUrl: 'https://auth.example/token' });
    await sandbox.vault.addClient('elsewhere', { name: 'me', environment: 'development', clientId: 'deck', oauth2: { grant: 'authorization_code', issuer: oidc.issuer, authMethod: 'none' } });
    const opened: string[] = [];
    await expect(sandbox.core.tokens.signIn({ org: 'elsewhere', client: 'me' }, { kind: 'browser', openBrowser: async (url) => void opened.push(url) })).rejects.toMatchObject({
      code: 'DESTINATION_CHANGE',
      message: expect.stringContaining(`names its token endpoint ${oidc.issuer}/token, but "elsewhere" sends its credentials to https://auth.example/token`),
    });
    expect(opened).toEqual([]);
  });
});

describe("a session's token kept fresh by the refresh scheduler", () => {
  it('is made again from the rotated refresh token once it is expiring, without a sign-in, on a client that refreshes by default', async () => {
    let now = Date.now();
    const clocked = createSandbox({ now: () => now });
    try {
      await clocked.vault.addOrganization({ name: 'idp', provider: 'oauth2', tokenUrl: `${oidc.issuer}/token`, apiBaseUrl: oidc.issuer });
      const added = await clocked.vault.addClient('idp', { name: 'me', environment: 'development', clientId: 'deck', oauth2: { grant: 'authorization_code', issuer: oidc.issuer, authMethod: 'none', scope: 'openid email offline_access' } });
      // A person's session refreshes itself unless the user turns it off.
      expect(added.autoRefresh).toBe(true);
      const events: string[] = [];
      clocked.core.tokens.events.on((event) => events.push(event.type));
      const pages = driveOidcPages(browser, 'kit');
      const first = await clocked.core.tokens.signIn({ org: 'idp', client: 'me' }, { kind: 'browser', openBrowser: pages.openBrowser });
      await pages.done();
      const refreshBefore = await clocked.keychain.get(keychainAccount.refreshToken(added.id));
      const scheduler = new RefreshScheduler(clocked.vault, clocked.core.tokens);
      await scheduler.tick();
      expect(events).toEqual(['minted']);
      // Into the last tenth of its life: the scheduler makes the next one from the refresh token.
      now += (first.expiresAt! - first.issuedAt) * 0.95;
      await scheduler.tick();
      expect(events).toEqual(['minted', 'expiring', 'refreshed']);
      const next = await clocked.core.tokens.credential({ org: 'idp', client: 'me' });
      expect(next.fromCache).toBe(true);
      expect(next.token).not.toBe(first.token);
      expect(await userinfo(next.token)).toBe(200);
      expect(await clocked.keychain.get(keychainAccount.refreshToken(added.id))).not.toBe(refreshBefore);
      expect(clocked.core.tokens.list().filter((t) => t.client === 'me')).toEqual([expect.objectContaining({ account: 'kit@example.test' })]);
    } finally {
      await clocked.cleanup();
    }
  }, 60_000);
});
