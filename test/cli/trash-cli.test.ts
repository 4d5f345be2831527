// `org remove` and `client remove` through the built `tokendeck`: refused without --yes when no
// one can be asked (exit 2, nothing changed, byte for byte), asked on a real terminal (a pty from
// util-linux `script`, answered no and yes), and what they remove waits in the trash, where
// `trash list` shows it, `trash restore` puts it back and `doctor` sees no orphan.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { CLI_PATH, runTokendeck, type CliRun } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const SECRET = 'prod-secret-7c1d5e0a-2f44-4b8e-9d1a';
const OTHER = 'staging-secret-0b9a8c7d-6e5f';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = createSandbox();
  const { vault } = sandbox;
  await vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  await vault.addClient('acme', { name: 'backend', environment: 'production', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' }, SECRET);
  await vault.addClient('acme', { name: 'stage', environment: 'staging', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' }, OTHER);
  await vault.generateKey('acme', 'K1');
});
afterEach(() => sandbox.cleanup());

/** Every file of the home and every keychain item with its value: what "nothing changed" compares. */
async function everything(): Promise<string> {
  const files = fs
    .readdirSync(sandbox.home)
    .filter((name) => !name.endsWith('.lock'))
    .sort()
    .map((name) => `${name}:${fs.readFileSync(path.join(sandbox.home, name), 'utf8')}`);
  const items = [];
  for (const account of (await sandbox.keychain.accounts()).sort()) items.push(`${account}=${await sandbox.keychain.get(account)}`);
  return [...files, ...items].join('\n');
}

/** Runs `tokendeck` on a real terminal (a pty) and types `answer` and Enter once it asks. */
function onTerminal(args: string[], answer: string): Promise<CliRun & { asked: boolean }> {
  const command = [process.execPath, CLI_PATH, ...args].map((word) => `'${word}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let asked = false;
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (!asked && output.includes('[y/N]')) {
      asked = true;
      child.stdin.write(`${answer}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: output, stderr: '', asked }));
  });
}

describe('org remove and client remove without a terminal', () => {
  it('org remove without --yes exits 2, names every secret and key that would go, and changes nothing', async () => {
    const before = await everything();
    const run = await runTokendeck(['org', 'remove', 'acme'], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tokendeck: USAGE: Removing organization acme takes:/);
    expect(run.stderr).toContain('2 clients: backend, stage');
    expect(run.stderr).toContain('2 client secrets: backend, stage (to the trash for 7 days)');
    expect(run.stderr).toContain('1 private key: K1 (to the trash for 7 days');
    expect(run.stderr).toMatch(/0 cached tokens, 0 hand-outs, .* \(deleted for good\)/);
    expect(run.stderr).toContain('Nothing was removed. Add --yes to confirm.');
    expect(run.stderr).not.toContain(SECRET);
    expect(await everything()).toBe(before);
  });

  it('client remove without --yes exits 2, says its secret would go, and changes nothing', async () => {
    const before = await everything();
    const run = await runTokendeck(['client', 'remove', 'acme/backend'], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('USAGE: Removing client acme/backend takes its secret (to the trash for 7 days)');
    expect(run.stderr).toContain('Add --yes to confirm.');
    expect(await everything()).toBe(before);
  });
});

describe('org remove and client remove on a terminal', () => {
  it('asks, naming what goes; "n" removes nothing', async () => {
    const before = await everything();
    const run = await onTerminal(['org', 'remove', 'acme'], 'n');
    expect(run.asked).toBe(true);
    expect(run.stdout).toContain('2 client secrets: backend, stage');
    expect(run.stdout).toContain('Remove organization acme? [y/N]');
    expect(run.stdout).toContain('CANCELLED: Nothing was removed.');
    expect(run.code).toBe(1);
    expect(await everything()).toBe(before);
  });

  it('"y" removes the client, its secret to the trash', async () => {
    const client = sandbox.vault.resolveClient('acme', 'backend').client;
    const run = await onTerminal(['client', 'remove', 'acme/backend'], 'y');
    expect(run.stdout).toContain('Remove client acme/backend? [y/N]');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/Removed client acme\/backend: its secret is in the trash until .* `tokendeck trash restore acme\/backend`/);
    expect(sandbox.vault.organizationTree('acme').clients.map((c) => c.name)).toEqual(['stage']);
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(client.id))).toBeNull();
  });
});

describe('the trash from the command line', () => {
  it('org remove --yes puts it in the trash; trash list shows it; doctor sees no orphan; trash restore brings it back whole', async () => {
    const before = sandbox.vault.organizationTree('acme');
    const removed = await runTokendeck(['org', 'remove', 'acme', '--yes'], { env: sandbox.env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toMatch(/2 client secrets and 1 private key are in the trash until \S+ \S+ UTC/);

    const listed = await runTokendeck(['trash', 'list'], { env: sandbox.env });
    expect(listed.stdout).toMatch(/^[0-9a-f]{8} {2}organization acme {2}\(2 client\(s\), 1 key\(s\), 2 secret\(s\), 1 private key\(s\)\) {2}removed \S+ \S+ UTC {2}expires \S+ \S+ UTC\n$/);
    const [item] = JSON.parse((await runTokendeck(['trash', 'list', '--json'], { env: sandbox.env })).stdout);
    expect(Date.parse(item.expiresAt) - Date.parse(item.removedAt)).toBe(7 * 24 * 3600_000);
    expect(await runTokendeck(['doctor'], { env: sandbox.env })).toMatchObject({ code: 0, stderr: 'The vault and the keychain agree.\n' });

    const restored = await runTokendeck(['trash', 'restore', 'acme'], { env: sandbox.env });
    expect(restored).toMatchObject({ code: 0, stderr: 'Restored organization acme with 3 secret(s) and private key(s) back in the keychain.\n' });
    expect(sandbox.vault.organizationTree('acme')).toEqual(before);
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'backend').client)).toBe(SECRET);
    expect((await runTokendeck(['token', 'acme/backend', '--scheme', 'devtoken'], { env: sandbox.env })).code).toBe(0);
    expect((await runTokendeck(['trash', 'list'], { env: sandbox.env })).stderr).toContain('The trash is empty');
  });

  it('trash restore refuses, with what to do, when the name is taken now', async () => {
    await runTokendeck(['org', 'remove', 'acme', '--yes'], { env: sandbox.env });
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const run = await runTokendeck(['trash', 'restore', 'acme'], { env: sandbox.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('VALIDATION: Cannot restore organization "acme": an organization of that name exists now. Remove it (`tokendeck org remove acme`');
    expect((await runTokendeck(['trash', 'restore', 'nothing'], { env: sandbox.env })).stderr).toContain('NOT_FOUND: Nothing named "nothing" is in the trash');
  });
});

describe('doctor --fix sets orphans aside in the trash, never deletes them', () => {
  it('a vault.json moved aside: doctor --fix asks for --yes, then keeps every secret in the trash, and trash restore puts them back', async () => {
    const backend = sandbox.vault.resolveClient('acme', 'backend').client;
    fs.writeFileSync(path.join(sandbox.home, 'vault.json'), '{ damaged');
    await runTokendeck(['list'], { env: sandbox.env }); // Moves the damaged file aside: "your secrets are still in the keychain".
    const keychainBefore = await everything();

    const refused = await runTokendeck(['doctor', '--fix'], { env: sandbox.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`  ${keychainAccount.clientSecret(backend.id)}\n`);
    expect(refused.stderr).toContain('Nothing was changed. Add --yes to confirm.');
    expect(await everything()).toBe(keychainBefore);

    const fixed = await runTokendeck(['doctor', '--fix', '--yes'], { env: sandbox.env });
    expect(fixed.code, fixed.stderr).toBe(0);
    const listed = await runTokendeck(['trash', 'list'], { env: sandbox.env });
    expect(listed.stdout).toContain(`orphans keychain orphans  (3 keychain entries: `);
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(backend.id))).toBeNull();

    const restored = await runTokendeck(['trash', 'restore', 'keychain orphans'], { env: sandbox.env });
    expect(restored).toMatchObject({ code: 0, stderr: 'Restored orphans keychain orphans with 3 secret(s) and private key(s) back in the keychain.\n' });
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(backend.id))).toBe(SECRET);
  });

  it('the repaired vault.json put back after doctor --fix: doctor --fix takes the secrets back from the trash copies', async () => {
    const backend = sandbox.vault.resolveClient('acme', 'backend').client;
    const file = path.join(sandbox.home, 'vault.json');
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '{ damaged');
    await runTokendeck(['list'], { env: sandbox.env });
    expect((await runTokendeck(['doctor', '--fix', '--yes'], { env: sandbox.env })).code).toBe(0);
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(backend.id))).toBeNull();

    fs.writeFileSync(file, good); // The user repairs the file and puts it back: the orphans entry is gone with the other one.
    expect((await runTokendeck(['doctor'], { env: sandbox.env })).stdout).toContain('secret missing: acme/backend');
    const fixed = await runTokendeck(['doctor', '--fix', '--yes'], { env: sandbox.env });
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(backend.id))).toBe(SECRET);
    expect(sandbox.vault.resolveClient('acme', 'backend').client.hasSecret).toBe(true);
  });

  it('on a terminal doctor --fix asks, listing what it would move; "n" changes nothing', async () => {
    await sandbox.keychain.set('client/5f0c2b8e-0000-4000-8000-000000000001/secret', 'an-orphan-value');
    const before = await everything();
    const run = await onTerminal(['doctor', '--fix'], 'n');
    expect(run.asked).toBe(true);
    expect(run.stdout).toContain('client/5f0c2b8e-0000-4000-8000-000000000001/secret');
    expect(run.stdout).toContain('to the trash (kept 7 days');
    expect(await everything()).toBe(before);
  });

  it('two homes sharing one keychain service: doctor --fix in one keeps the other’s secrets (in its trash) and never touches the other’s trash', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-other-'));
    const env = { ...sandbox.env, TOKENDECK_HOME: other };
    try {
      expect((await runTokendeck(['org', 'add', 'beta', '--provider', 'musicapi'], { env })).code).toBe(0);
      for (const [name, id] of [['one', '0d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b0a'], ['two', '1e2d3c4b-5a69-4877-8695-a4b3c2d1e0f9']]) {
        const added = await runTokendeck(['client', 'add', `beta/${name}`, '--env', 'staging', '--client-id', id!, '--secret-stdin'], { env, stdin: `beta-${name}-secret\n` });
        expect(added.code, added.stderr).toBe(0);
      }
      expect((await runTokendeck(['client', 'remove', 'beta/two', '--yes'], { env })).code).toBe(0);
      const otherTrash = (await sandbox.keychain.accounts()).filter((a) => a.startsWith('trash/'));
      expect(otherTrash).toHaveLength(1);

      const fixed = await runTokendeck(['doctor', '--fix', '--yes'], { env: sandbox.env });
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stderr).not.toContain('trash/');
      expect(await sandbox.keychain.get(otherTrash[0]!)).toBe('beta-two-secret');
      const [aside] = JSON.parse((await runTokendeck(['trash', 'list', '--json'], { env: sandbox.env })).stdout);
      expect(aside).toMatchObject({ kind: 'orphans' });
      expect(await sandbox.keychain.get(`trash/${aside.id}/${aside.accounts[0]}`)).toBe('beta-one-secret');

      expect((await runTokendeck(['trash', 'restore', 'keychain orphans'], { env: sandbox.env })).code).toBe(0);
      expect(await sandbox.keychain.get(aside.accounts[0])).toBe('beta-one-secret');
      // The other home misses nothing (it sees this home's entries as orphans: sharing a service is never clean).
      expect(JSON.parse((await runTokendeck(['doctor', '--json'], { env })).stdout).found).toMatchObject({ missingSecrets: [], missingPrivateKeys: [] });
      expect((await runTokendeck(['trash', 'restore', 'beta/two'], { env })).code).toBe(0);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('trash restore says what came back', () => {
  it('names a secret gone from the keychain’s trash instead of counting it restored', async () => {
    const removed = await runTokendeck(['client', 'remove', 'acme/backend', '--yes'], { env: sandbox.env });
    expect(removed.code).toBe(0);
    const trashed = (await sandbox.keychain.accounts()).find((a) => a.startsWith('trash/'))!;
    await sandbox.keychain.delete(trashed);
    const restored = await runTokendeck(['trash', 'restore', 'acme/backend'], { env: sandbox.env });
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.stderr).toBe(
      "Restored client acme/backend.\nNot restored (gone from the keychain's trash, deleted outside Tokendeck): acme/backend's secret. Set or import them again; `tokendeck doctor` lists what is missing.\n",
    );
  });
});
