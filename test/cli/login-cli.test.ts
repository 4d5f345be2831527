// `tokendeck login | token | logout` as a person runs them, against the real oidc-provider: the
// built CLI prints the sign-in URL (or the device code) on stderr and waits; Chromium plays the
// person on the provider's pages; the CLI then says who signed in. The token it prints is accepted
// by userinfo, --fresh refreshes from the rotated refresh token, logout revokes it, and the next
// token is refused as signed out. Refusals send nothing and open no browser.
import { spawn } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { launchChromium } from '../harness/browser.js';
import { refreshAt, SESSION_CLIENTS, startOidc, TERMINAL_SECRET, type OidcServer } from '../servers/oidc.js';
import { CLI_PATH, runTokendeck, type CliRun } from '../support/cli.js';
import { approveDevice, driveOidcPages } from '../support/oidc-pages.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';


let oidc: OidcServer;
let browser: Browser;
let sandbox: Sandbox;

const tokendeck = (args: string[], stdin?: string) => runTokendeck(args, { env: sandbox.env, ...(stdin !== undefined ? { stdin } : {}) });

async function ok(args: string[], stdin?: string): Promise<CliRun> {
  const run = await tokendeck(args, stdin);
  expect(run.stderr, run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}

/** A CLI process whose stderr is read as it comes: `line(re)` resolves with the first match. */
function startTokendeck(args: string[]) {
  // No display: even without --no-browser the CLI must print the URL rather than try to open one.
  const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, ...env } = sandbox.env;
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  const line = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const found = stderr.match(pattern);
      if (found) return found;
      const exited = await Promise.race([done.then(() => true), new Promise<false>((wake) => waiters.push(() => wake(false)))]);
      if (exited) {
        const last = stderr.match(pattern);
        if (last) return last;
        throw new Error(`tokendeck exited without printing ${pattern}:\n${stderr}`);
      }
    }
  };
  return { line, done, interrupt: () => child.kill('SIGINT') };
}

async function clientId(name: string): Promise<string> {
  const rows = JSON.parse((await ok(['client', 'list', 'idp', '--json'])).stdout) as Array<{ name: string; id: string }>;
  return rows.find((row) => row.name === name)!.id;
}

const refreshOf = async (name: string) => sandbox.keychain.get(keychainAccount.refreshToken(await clientId(name)));

async function userinfo(token: string): Promise<number> {
  return (await fetch(`${oidc.issuer}/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

beforeAll(async () => {
  oidc = await startOidc({
    clients: SESSION_CLIENTS,
    configuration: { conformIdTokenClaims: false },
  });
  browser = await launchChromium();
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'idp', provider: 'oauth2', tokenUrl: `${oidc.issuer}/token`, apiBaseUrl: oidc.issuer });
}, 60_000);

afterAll(async () => {
  await sandbox?.cleanup();
  await browser?.close();
  await oidc?.close();
});

describe('client add | update of a person\'s grant', () => {
  it('adds a public authorization-code client and a confidential device-code one; the list shows the grant and nobody signed in', async () => {
    await ok(['client', 'add', 'idp/me', '--env', 'development', '--client-id', 'deck', '--grant', 'authorization-code', '--issuer', oidc.issuer, '--auth-method', 'none', '--scope', 'openid email offline_access']);
    await ok(['client', 'add', 'idp/cli', '--env', 'development', '--client-id', 'terminal', '--grant', 'device-code', '--issuer', oidc.issuer, '--scope', 'openid email offline_access', '--secret-stdin'], TERMINAL_SECRET);
    await ok(['client', 'add', 'idp/svc', '--env', 'development', '--client-id', 'svc', '--secret-stdin'], 'a service secret');
    const list = (await ok(['client', 'list', 'idp'])).stdout;
    expect(list).toMatch(/idp\/me .*grant authorization-code, not signed in/);
    expect(list).toMatch(/idp\/cli .*grant device-code, not signed in/);
    expect(list).toMatch(/idp\/svc .*grant client-credentials(?!,)/);
  });

  it('refuses a user grant without an issuer, and a public client exchanging its own secret, naming the field', async () => {
    const noIssuer = await tokendeck(['client', 'add', 'idp/x', '--env', 'development', '--client-id', 'x', '--grant', 'device-code']);
    expect(noIssuer.code).toBe(2);
    expect(noIssuer.stderr).toMatch(/VALIDATION: .*issuer/i);
    const publicCc = await tokendeck(['client', 'update', 'idp/svc', '--auth-method', 'none']);
    expect(publicCc.code).toBe(2);
    expect(publicCc.stderr).toMatch(/VALIDATION: .*authMethod/);
    const badWord = await tokendeck(['client', 'update', 'idp/svc', '--grant', 'implicit']);
    expect(badWord).toMatchObject({ code: 2, stderr: expect.stringMatching(/USAGE: --grant takes client-credentials, authorization-code, device-code/) });
  });

  it('changes the grant or issuer of a client holding a secret only with --allow-destination-change', async () => {
    const refused = await tokendeck(['client', 'update', 'idp/svc', '--grant', 'device-code', '--issuer', oidc.issuer]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/DESTINATION_CHANGE: .*grant/);
    expect((await ok(['client', 'list', 'idp'])).stdout).toMatch(/idp\/svc .*grant client-credentials(?!,)/);
    const allowed = await ok(['client', 'update', 'idp/svc', '--grant', 'device-code', '--issuer', oidc.issuer, '--allow-destination-change']);
    expect(allowed.stderr).toMatch(/grant.*\(--allow-destination-change\)/s);
    await ok(['client', 'update', 'idp/svc', '--grant', 'client-credentials', '--issuer', '', '--allow-destination-change']);
  });
});

describe('tokendeck login | token | logout', () => {
  it('is refused a token before anyone signed in, naming tokendeck login', async () => {
    const run = await tokendeck(['token', 'idp/me']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SIGNED_OUT: .*tokendeck login idp\/me/);
  });

  it('signs in in the browser: prints the URL, waits for the callback, says who signed in and never a token', async () => {
    const login = startTokendeck(['login', 'idp/me', '--no-browser']);
    const [, url] = await login.line(/Open this URL to sign in: (\S+)/);
    const pages = driveOidcPages(browser, 'ada');
    await pages.openBrowser(url!);
    expect(await pages.done()).toContain('Signed in');
    const run = await login.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Signed in on idp\/me as ada@example\.test \(scope [^)]*offline_access[^)]*\); the token expires in \d/);
    expect(run.stdout).toBe('');
    const token = (await ok(['token', 'idp/me'])).stdout.trim();
    expect(run.stderr).not.toContain(token);
    expect(await userinfo(token)).toBe(200);
    expect((await ok(['client', 'list', 'idp'])).stdout).toMatch(/idp\/me .*grant authorization-code, signed in as ada@example\.test/);
    const listed = (await ok(['tokens'])).stdout;
    expect(listed).toMatch(/^idp\/me {2}\[development\] {2}bearer {2}as ada@example\.test/m);
    expect(listed).not.toContain(token);
    expect((await ok(['tokens'])).stdout).toMatch(/idp\/me .*bearer/);
  }, 60_000);

  it('makes a fresh token from the refresh token, which the server rotates', async () => {
    const before = await refreshOf('me');
    expect(before).toBeTruthy();
    const cached = (await ok(['token', 'idp/me'])).stdout;
    const fresh = (await ok(['token', 'idp/me', '--fresh'])).stdout.trim();
    expect(fresh).not.toBe(cached.trim());
    expect(await userinfo(fresh)).toBe(200);
    const after = await refreshOf('me');
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  }, 60_000);

  it('sends the session\'s token with request and exec', async () => {
    const asked = await ok(['request', 'idp/me', 'GET', `${oidc.issuer}/me`, '--json']);
    expect(asked.stdout).toContain('ada@example.test');
    const script = `fetch(${JSON.stringify(`${oidc.issuer}/me`)}, { headers: { authorization: process.env.TOKENDECK_AUTHORIZATION } }).then((r) => process.stdout.write(String(r.status)))`;
    const ran = await ok(['exec', 'idp/me', '--', process.execPath, '-e', script]);
    expect(ran.stdout).toBe('200');
  }, 60_000);

  it('signs out: revoked at the server, then token is refused as signed out', async () => {
    const refresh = (await refreshOf('me'))!;
    const out = await ok(['logout', 'idp/me']);
    expect(out.stderr).toMatch(/Signed out of idp\/me: the refresh token was revoked at the server/);
    expect(await refreshOf('me')).toBeNull();
    expect(await refreshAt(oidc, refresh, 'deck')).toBe(400);
    const token = await tokendeck(['token', 'idp/me']);
    expect(token.code).toBe(1);
    expect(token.stderr).toMatch(/SIGNED_OUT: .*tokendeck login idp\/me/);
    expect((await ok(['client', 'list', 'idp'])).stdout).toMatch(/idp\/me .*not signed in/);
  }, 60_000);

  it('says so, and exits 1, when a sign-out revoked nothing at the server', async () => {
    const run = await tokendeck(['logout', 'idp/me']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Signed out of idp\/me here, but the refresh token was not revoked at the server: nothing to revoke/);
  });

  it('cancels a waiting sign-in on Ctrl-C, signing nobody in', async () => {
    const login = startTokendeck(['login', 'idp/me']);
    await login.line(/Open this URL to sign in: \S+/);
    login.interrupt();
    const run = await login.done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/tokendeck: CANCELLED: /);
    expect((await ok(['client', 'list', 'idp'])).stdout).toMatch(/idp\/me .*not signed in/);
  }, 60_000);

  it('signs in with the device flow: prints the code and the URIs, polls until the person approves, prints JSON with --json', async () => {
    const login = startTokendeck(['login', 'idp/cli', '--device', '--json']);
    const [, uri, code] = await login.line(/open (\S+) on any device and enter the code (\S+)\./);
    const [, complete] = await login.line(/Or open (\S+) \(the code is in it\)/);
    expect(complete).toContain(uri!.replace(/\/$/, ''));
    expect(code).toBeTruthy();
    await approveDevice(browser, complete!, 'approve', 'grace');
    const run = await login.done;
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['org', 'client', 'account', 'scope', 'expiresAt']);
    expect(out).toMatchObject({ org: 'idp', client: 'cli', account: 'grace@example.test', scope: expect.stringContaining('offline_access') });
    expect(Date.parse(out.expiresAt)).toBeGreaterThan(Date.now());
    expect(await userinfo((await ok(['token', 'idp/cli'])).stdout.trim())).toBe(200);
    await ok(['logout', 'idp/cli']);
  }, 90_000);
});

describe('completion of the sign-in', () => {
  it('offers login and logout, their clients and flags, and the words of --grant and --auth-method', async () => {
    expect((await ok(['__complete', 'log'])).stdout).toBe('login\nlogout\n');
    expect((await ok(['__complete', 'login', 'idp/m'])).stdout).toBe('idp/me\n');
    expect((await ok(['__complete', 'login', 'idp/me', '--'])).stdout.split('\n')).toEqual(expect.arrayContaining(['--no-browser', '--device', '--json']));
    expect((await ok(['__complete', 'client', 'update', 'idp/me', '--grant', ''])).stdout).toBe('authorization-code\nclient-credentials\ndevice-code\n');
    expect((await ok(['__complete', 'client', 'add', 'idp/x', '--auth-method', ''])).stdout).toBe('basic\nnone\npost\nself_signed_tls_client_auth\ntls_client_auth\n');
  });
});

describe('tokendeck login refusals', () => {
  it('refuses a client-credentials client: nobody to sign in', async () => {
    const run = await tokendeck(['login', 'idp/svc', '--no-browser']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/USAGE: .*client credentials.*nobody to sign in/);
    expect(run.stderr).not.toContain('Open this URL');
  });

  it('refuses an issuer whose token endpoint is not the organization\'s token URL, opening no browser', async () => {
    await sandbox.vault.addOrganization({ name: 'elsewhere', provider: 'oauth2', tokenUrl: 'https://auth.example/token' });
    await ok(['client', 'add', 'elsewhere/me', '--env', 'development', '--client-id', 'deck', '--grant', 'authorization-code', '--issuer', oidc.issuer, '--auth-method', 'none']);
    const run = await tokendeck(['login', 'elsewhere/me', '--no-browser']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DESTINATION_CHANGE: .*https:\/\/auth\.example\/token/);
    expect(run.stderr).not.toContain('Open this URL');
    // discover --client said so before: exit 1, in the sign-in's own words.
    const judged = await tokendeck(['discover', oidc.issuer, '--client', 'elsewhere/me']);
    expect(judged.code).toBe(1);
    expect(judged.stdout).toMatch(new RegExp(`✗ The issuer ${oidc.issuer} names its token endpoint ${oidc.issuer}/token, but "elsewhere" sends its credentials to https://auth.example/token`));
  });
});

describe('discover', () => {
  it("shows the issuer's endpoints and methods, and judges a client's sign-in there", async () => {
    const shown = (await ok(['discover', oidc.issuer])).stdout;
    expect(shown).toContain(`${oidc.issuer} (from ${oidc.issuer}/.well-known/openid-configuration)`);
    expect(shown).toMatch(new RegExp(`Device authorization +${oidc.issuer}/device/auth`));
    expect(shown).toMatch(/Grants +.*urn:ietf:params:oauth:grant-type:device_code/);
    const judged = (await ok(['discover', oidc.issuer, '--client', 'idp/me'])).stdout;
    expect(judged).toContain(`✓ The token endpoint is "idp"'s token URL, ${oidc.issuer}/token.`);
    expect(judged).toContain(`✓ Browser sign-in at ${oidc.issuer}/auth, with PKCE S256.`);
    const json = JSON.parse((await ok(['discover', oidc.issuer, '--client', 'idp/cli', '--json'])).stdout) as { checks: Array<{ level: string; text: string }> };
    expect(json.checks).toContainEqual({ level: 'ok', text: `Device codes from ${oidc.issuer}/device/auth.` });
    expect(json.checks.every((check) => check.level !== 'bad')).toBe(true);
  });

  it('says, with exit 1, when there is no issuer at the address', async () => {
    const run = await tokendeck(['discover', `${oidc.issuer}/nothing-here`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/EXCHANGE_PROTOCOL: The issuer publishes no metadata: tried .*openid-configuration \(HTTP 404\)/);
  });
});
