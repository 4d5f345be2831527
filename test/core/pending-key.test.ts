// A key made before its Key ID exists (MusicAPI's order: make the pair, upload the public key, then
// the dashboard shows the Key ID): stored pending, never signing, set once known; the CLI too.
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { signingKey } from '../../main/core/signing-key-choice.js';
import { exportSetup, importSetup } from '../../main/core/setup/share-setup.js';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { runShellWithTokendeck, runTokendeck } from '../support/cli.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';
import { MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
  await world.vault.addOrganization({ name: 'fresh', provider: 'musicapi', apiBaseUrl: world.musicapi.origin });
  await world.vault.addClient('fresh', { name: 'web', environment: 'development', clientId: MUSICAPI_CLIENT.clientId }, MUSICAPI_CLIENT.secret);
});
afterEach(() => world.close());

const WAITING = /^The key of fresh is waiting for its Key ID: upload the public key to MusicAPI's dashboard, then set the Key ID it shows \(Set Key ID… \/ `tokendeck key set-kid fresh/;

describe('pending key', () => {
  it('is generated without a Key ID, stored without one, with its private half in the keychain', async () => {
    const { key, publicKeyPem } = await world.vault.generateKey('fresh');
    expect(key.kid).toBeUndefined();
    expect(publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
    expect(await world.keychain.get(keychainAccount.privateKey(key.id))).toMatch(/BEGIN PRIVATE KEY/);
    const stored = JSON.parse(world.storeText()) as { keys: Array<{ id: string; kid?: string }> };
    expect(stored.keys.find((k) => k.id === key.id)).not.toHaveProperty('kid');
  });

  it('is never the signing key, even when newer than a key with its Key ID', () => {
    const keys = [
      { kid: 'OLD', status: 'active', hasPrivateKey: true, createdAt: '2026-01-01T00:00:00.000Z' },
      { status: 'active', hasPrivateKey: true, createdAt: '2026-06-01T00:00:00.000Z' },
    ] as const;
    expect(signingKey(keys)?.kid).toBe('OLD');
    expect(signingKey([keys[1]])).toBeUndefined();
  });

  it('a DevToken asked for while the only key is pending says so and how to finish', async () => {
    await world.vault.generateKey('fresh');
    await expect(world.core.tokens.credential({ org: 'fresh', client: 'web', scheme: 'devtoken' })).rejects.toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(WAITING) });
  });

  it('signs once its Key ID is set by thumbprint prefix, and the stand-in accepts the DevToken', async () => {
    const { key } = await world.vault.generateKey('fresh');
    world.musicapi.registerKey('DASH-7', key.publicKeyPem);
    const set = await world.vault.setKeyId('fresh', key.thumbprint.slice(0, 8), 'DASH-7');
    expect(set).toMatchObject({ id: key.id, kid: 'DASH-7' });
    const { response } = await sendAuthorized(world.vault, world.core.tokens, { org: 'fresh', client: 'web', scheme: 'devtoken', method: 'GET', url: '/users/me' });
    expect(response.status).toBe(200);
  });

  it('refuses a Key ID the organization has, a key that has one, and an unnamed key when two wait', async () => {
    const first = await world.vault.generateKey('fresh', 'TAKEN');
    const { key } = await world.vault.generateKey('fresh');
    await expect(world.vault.setKeyId('fresh', key.thumbprint, 'TAKEN')).rejects.toMatchObject({ code: 'VALIDATION', field: 'kid' });
    await expect(world.vault.setKeyId('fresh', first.key.thumbprint, 'OTHER')).rejects.toMatchObject({ message: expect.stringContaining('already has its Key ID') });
    await world.vault.generateKey('fresh');
    await expect(world.vault.setKeyId('fresh', undefined, 'NEW')).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('--thumbprint') });
  });

  it('is left out of a setup export, and an import naming its Key ID sets it', async () => {
    const { key } = await world.vault.generateKey('fresh');
    expect(exportSetup(world.vault, world.core.requestConsole)).not.toContain(key.thumbprint);

    const other: Sandbox = createSandbox();
    try {
      await importSetup(other.vault, other.core.requestConsole, exportSetup(world.vault, world.core.requestConsole));
      await world.vault.setKeyId('fresh', key.thumbprint, 'DASH-9');
      // `other` now holds the same key pending (its owner generated it there first, say).
      const pem = await world.vault.privateKeyPem((await world.vault.keys('fresh')).find((k) => k.id === key.id)!);
      await other.vault.importKey('fresh', undefined, pem);
      expect(other.vault.keys('fresh')[0]!.kid).toBeUndefined();
      const plan = await importSetup(other.vault, other.core.requestConsole, exportSetup(world.vault, world.core.requestConsole));
      expect(plan.steps).toContainEqual(expect.objectContaining({ action: 'change', what: 'fresh key DASH-9' }));
      expect(other.vault.keys('fresh')[0]).toMatchObject({ kid: 'DASH-9', hasPrivateKey: true });
    } finally {
      await other.cleanup();
    }
  });
});

describe('pending key: the CLI', () => {
  it('key generate without --kid makes a pending key, key list shows it, key set-kid gives its Key ID', async () => {
    const generated = await runTokendeck(['key', 'generate', 'fresh'], { env: world.env });
    expect(generated.code).toBe(0);
    expect(generated.stderr).toContain('waiting for its Key ID');
    const [key] = world.vault.keys('fresh');
    const prefix = key!.thumbprint.slice(0, 8);
    expect(generated.stderr).toContain(`tokendeck key set-kid fresh --thumbprint=${prefix} --kid <Key ID>`);

    const listed = await runTokendeck(['key', 'list', 'fresh'], { env: world.env });
    expect(listed.stdout).toContain(`(waiting for Key ID)\tactive\t${key!.thumbprint}`);

    const refused = await runTokendeck(['token', 'fresh/web', '--scheme', 'devtoken'], { env: world.env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('The key of fresh is waiting for its Key ID');

    // As printed, `=` joined: a random key's thumbprint starts with "-" one time in 64.
    const set = await runTokendeck(['key', 'set-kid', 'fresh', `--thumbprint=${prefix}`, '--kid', 'DASH-3'], { env: world.env });
    expect(set.code).toBe(0);
    expect(world.vault.keys('fresh')[0]!.kid).toBe('DASH-3');
  });
});

/** A P-256 private key (PKCS#8 PEM) whose RFC 7638 thumbprint starts with `first`: tried until one does (1 in 64). */
function keyWithThumbprint(first: (thumbprint: string) => boolean): { pem: string; thumbprint: string } {
  for (;;) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x, y } = privateKey.export({ format: 'jwk' });
    const thumbprint = createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y })).digest('base64url');
    if (first(thumbprint)) return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), thumbprint };
  }
}

describe('pending key: a thumbprint that starts with "-"', () => {
  let scratch: string;
  beforeEach(() => void (scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-dash-key-'))));
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const importPending = async (pem: string) => {
    const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.pem`);
    fs.writeFileSync(file, pem, { mode: 0o600 });
    const run = await runTokendeck(['key', 'import', 'fresh', '--file', file], { env: world.env });
    expect(run.code, run.stderr).toBe(0);
    return run;
  };

  it('the printed key set-kid command works as printed, pasted into a shell', async () => {
    const dashed = keyWithThumbprint((t) => t.startsWith('-'));
    const imported = await importPending(dashed.pem);
    const hint = /`(tokendeck key set-kid [^`]+)`/.exec(imported.stderr)?.[1];
    expect(hint).toBe(`tokendeck key set-kid fresh --thumbprint=${dashed.thumbprint.slice(0, 8)} --kid <Key ID>`);

    const run = await runShellWithTokendeck(hint!.replace('<Key ID>', 'DASH-1'), world.env);
    expect(run.stderr).toMatch(/now has the Key ID DASH-1/);
    expect(run.code).toBe(0);
    expect(world.vault.keys('fresh')[0]).toMatchObject({ thumbprint: dashed.thumbprint, kid: 'DASH-1' });
  });

  it('key set-kid takes --thumbprint=<start> and --thumbprint <start> alike', async () => {
    const dashed = keyWithThumbprint((t) => t.startsWith('-'));
    const plain = keyWithThumbprint((t) => /^[A-Za-z0-9]/.test(t));
    await importPending(dashed.pem);
    await importPending(plain.pem);
    const joined = await runTokendeck(['key', 'set-kid', 'fresh', `--thumbprint=${dashed.thumbprint.slice(0, 8)}`, '--kid', 'DASH-2'], { env: world.env });
    expect(joined.code, joined.stderr).toBe(0);
    const apart = await runTokendeck(['key', 'set-kid', 'fresh', '--thumbprint', plain.thumbprint.slice(0, 8), '--kid', 'PLAIN-2'], { env: world.env });
    expect(apart.code, apart.stderr).toBe(0);
    const kids = Object.fromEntries(world.vault.keys('fresh').map((k) => [k.thumbprint, k.kid]));
    expect(kids).toEqual({ [dashed.thumbprint]: 'DASH-2', [plain.thumbprint]: 'PLAIN-2' });
  });
});
