// `tokendeck git-credential` (issue 26, item 5) with the real `git`: a clone from a GitHub
// Enterprise Server stand-in (git http-backend behind HTTPS, the GitHub App stand-in at /api/v3)
// that takes only a valid installation token, reached at git.tokendeck.test through the tests'
// CONNECT proxy (which resolves that name to 127.0.0.1) and trusted through the test CA. The
// helper is configured with the one line the README gives.
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { startConnectProxy, type ConnectProxy } from '../servers/connect-proxy.js';
import { startGitHubStandIn, type GitHubStandIn } from '../servers/github-app.js';
import { startGitSmartHttp, type GitSmartHttp } from '../servers/git-smart-http.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { CLI_PATH, runTokendeck, type CliRun } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const CLIENT_ID = 'Iv23liGITHELPER0001';
const INSTALLATION = '777';
const README = 'The repository, served through tokendeck git-credential.\n';

let ca: TestCa;
let github: GitHubStandIn;
let git: GitSmartHttp;
let relay: ConnectProxy;
let box: Sandbox;
let dir: string;
let host: string;

/** git with a home of its own (no user or system configuration) and `tokendeck` on PATH. */
function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...box.env,
    HOME: path.join(dir, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSL_CAINFO: path.join(dir, 'ca.pem'),
    PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
  };
}

function runGit(args: string[]): Promise<CliRun> {
  const child = spawn('git', args, { env: gitEnv(), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A bare repository <root>/org/repo.git with one commit. */
function makeRepository(root: string): void {
  const work = path.join(dir, 'work');
  const quiet = { env: gitEnv(), stdio: 'ignore' as const };
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', path.join(root, 'org', 'repo.git')], quiet);
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', work], quiet);
  fs.writeFileSync(path.join(work, 'README'), README);
  execFileSync('git', ['-C', work, 'add', 'README'], quiet);
  execFileSync('git', ['-C', work, '-c', 'user.name=Test', '-c', 'user.email=test@tokendeck.test', 'commit', '--quiet', '-m', 'first'], quiet);
  execFileSync('git', ['-C', work, 'push', '--quiet', path.join(root, 'org', 'repo.git'), 'main'], quiet);
}

const exchanges = () => github.seen.filter((r) => r.method === 'POST').length;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-git-'));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'tokendeck'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`, { mode: 0o755 });
  ca = createTestCa('Tokendeck Git CA');
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
  relay = await startConnectProxy();
  github = await startGitHubStandIn({ clientId: CLIENT_ID, installations: [INSTALLATION] });
  const root = path.join(dir, 'repos');
  git = await startGitSmartHttp({
    certificate: ca.server(['git.tokendeck.test']),
    root,
    apiOrigin: github.origin,
    acceptsToken: (token) => (github.issued.get(token)?.expiresAt ?? 0) > Date.now(),
  });
  host = `git.tokendeck.test:${git.port}`;
  box = createSandbox();
  makeRepository(root);
});

afterAll(async () => {
  await Promise.all([git.close(), github.close(), relay.close()]);
  await box.cleanup();
  ca.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const name of box.vault.organizations().map((o) => o.name)) await box.vault.removeOrganization(name);
  fs.rmSync(path.join(dir, 'clone'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'home', '.gitconfig'), { force: true });
  fs.rmSync(path.join(dir, 'home', '.git-credentials'), { force: true });
  github.seen.length = 0;
  git.seen.length = 0;
  // A GitHub Enterprise Server: its API at https://<host>/api/v3, git at https://<host>.
  await box.vault.addOrganization({ name: 'gh', provider: 'jwt', jwt: presetProfile('github-app'), apiBaseUrl: `https://${host}/api/v3`, network: { proxy: relay.url, caPem: ca.pem } });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const key = await box.vault.importKey('gh', undefined, rsa.export({ type: 'pkcs1', format: 'pem' }).toString());
  github.registerKey(key.publicKeyPem);
  await box.vault.addClient('gh', { name: 'bot', environment: 'production', clientId: CLIENT_ID, jwt: { installationId: INSTALLATION } });
});

/** The README's one line, for this host. */
const configureHelper = () => runGit(['config', '--global', `credential.https://${host}.helper`, '!tokendeck git-credential --client gh/bot']);
const clone = () => runGit(['-c', `http.proxy=${relay.url}`, 'clone', '--quiet', `https://${host}/org/repo.git`, 'clone']);
const helper = (action: string, input: string) => runTokendeck(['git-credential', '--client', 'gh/bot', action], { env: box.env, stdin: input });

describe('tokendeck git-credential with the real git', () => {
  it('clones over HTTPS with an installation token the server accepts, configured by one line', async () => {
    expect((await configureHelper()).code).toBe(0);
    const run = await clone();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'clone', 'README'), 'utf8')).toBe(README);
    const [token] = [...github.issued.keys()];
    expect(git.seen.filter((r) => r.accepted).length).toBeGreaterThan(0);
    expect(git.seen.filter((r) => r.accepted).every((r) => r.user === `x-access-token:${token}`)).toBe(true);
    expect(relay.connects.map((c) => c.target)).toContain(host);
  });

  it('is refused without the helper: the stand-in checks the token', async () => {
    const run = await clone();
    expect(run.code).not.toBe(0);
    expect(git.seen.some((r) => r.accepted)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'clone', 'README'))).toBe(false);
  });

  it('keeps the token out of a storing helper configured before it, with the empty helper line first', async () => {
    await runGit(['config', '--global', 'credential.helper', 'store']);
    await runGit(['config', '--global', `credential.https://${host}.helper`, '']);
    await runGit(['config', '--global', '--add', `credential.https://${host}.helper`, '!tokendeck git-credential --client gh/bot']);
    expect((await clone()).code).toBe(0);
    expect(git.seen.some((r) => r.accepted)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'home', '.git-credentials'))).toBe(false);
  });

  it('reuses the cached installation token for the next clone', async () => {
    await configureHelper();
    expect((await clone()).code).toBe(0);
    fs.rmSync(path.join(dir, 'clone'), { recursive: true, force: true });
    expect((await clone()).code).toBe(0);
    expect(exchanges()).toBe(1);
  });
});

describe('tokendeck git-credential, as git calls it', () => {
  it('answers get for its host with x-access-token and the token, and when it expires', async () => {
    const run = await helper('get', `protocol=https\nhost=${host}\npath=org/repo.git\n\n`);
    expect(run.code).toBe(0);
    const answer = Object.fromEntries(run.stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(answer).toMatchObject({ protocol: 'https', host, username: 'x-access-token', password: expect.stringMatching(/^ghs_/) });
    expect(Number(answer.password_expiry_utc) * 1000).toBe(Math.floor(github.issued.get(answer.password!)!.expiresAt / 1000) * 1000);
  });

  it.each([
    ['another host', 'protocol=https\nhost=github.com\n', 'tokens are for'],
    ['the right host without TLS', `protocol=http\nhost=${host}\n`, 'answers https only'],
    ['the right name on another port', `protocol=https\nhost=git.tokendeck.test:1\n`, 'tokens are for'],
    ['no host', 'protocol=https\n', 'no host'],
  ])('gives nothing for %s, and makes no token', async (_what, input, says) => {
    const run = await helper('get', input);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('FORBIDDEN');
    expect(run.stderr).toContain(says);
    expect(exchanges()).toBe(0);
  });

  it('does nothing for store and erase', async () => {
    for (const action of ['store', 'erase']) {
      const run = await helper(action, `protocol=https\nhost=${host}\nusername=x-access-token\npassword=ghs_whatever\n\n`);
      expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    expect(exchanges()).toBe(0);
  });

  it('refuses an organization whose API URL names no git host, and one that is not a GitHub App', async () => {
    await box.vault.addOrganization({ name: 'elsewhere', provider: 'jwt', jwt: presetProfile('github-app'), apiBaseUrl: `https://${host}/somewhere` });
    await box.vault.addClient('elsewhere', { name: 'bot', environment: 'production', clientId: CLIENT_ID, jwt: { installationId: INSTALLATION } });
    const unmapped = await runTokendeck(['git-credential', '--client', 'elsewhere/bot', 'get'], { env: box.env, stdin: `protocol=https\nhost=${host}\n` });
    expect(unmapped).toMatchObject({ code: 2, stdout: '' });
    expect(unmapped.stderr).toContain('names no git host');
    await box.vault.addOrganization({ name: 'plain', provider: 'oauth2', tokenUrl: `https://${host}/token` });
    await box.vault.addClient('plain', { name: 'svc', environment: 'production', clientId: 'svc' }, 'plain-secret');
    const other = await runTokendeck(['git-credential', '--client', 'plain/svc', 'get'], { env: box.env, stdin: `protocol=https\nhost=${host}\n` });
    expect(other).toMatchObject({ code: 2, stdout: '' });
    expect(other.stderr).toContain('does not make GitHub App installation tokens');
    expect(exchanges()).toBe(0);
  });
});
