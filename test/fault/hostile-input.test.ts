// Hostile files and servers against the rules of the security issue: a setup file that smuggles a
// password in a URL, a redirect target that answers 401, a JWT nested thousands deep, text that
// would drive the terminal. Each is refused or made harmless, and nothing secret is printed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

afterEach(() => recordCount('fault cases', 1));

describe('a hostile setup file', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.cleanup());

  it('with a password in an organization URL is refused, naming the field but not the password', async () => {
    const PASSWORD = 'Pw-in-setup-file-5521';
    await sandbox.vault.addOrganization({ name: 'partner', provider: 'oauth2', tokenUrl: 'https://auth.partner.test/token' });
    const storeBefore = sandbox.storeText();
    const file = path.join(sandbox.home, 'setup.json');
    for (const [field, organization] of [
      ['organizations[0].tokenUrl', { name: 'partner', provider: 'oauth2', tokenUrl: `https://svc:${PASSWORD}@auth.partner.test/token` }],
      ['organizations[0].apiBaseUrl', { name: 'fresh', provider: 'musicapi', apiBaseUrl: `https://svc:${PASSWORD}@api.fresh.test` }],
      ['organizations[0].allowedOrigins[1]', { name: 'fresh', provider: 'musicapi', allowedOrigins: ['https://ok.test', `https://:${PASSWORD}@cdn.fresh.test`] }],
    ] as const) {
      fs.writeFileSync(file, JSON.stringify({ tokendeckSetup: 1, organizations: [organization] }));
      for (const args of [['import', file], ['import', file, '--dry-run']]) {
        const run = await runTokendeck(args, { env: sandbox.env });
        expect(run.code, field).toBe(2);
        expect(run.stderr).toMatch(/^tokendeck: VALIDATION: /);
        expect(run.stderr).toContain(`${field}: must not contain a user name or password`);
        expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      }
    }
    fs.rmSync(file);
    expect(sandbox.storeText()).toBe(storeBefore);
    expect(readAllFiles(sandbox.home)).not.toContain(PASSWORD);
  });
});
