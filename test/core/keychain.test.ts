// Against the real Secret Service of test/with-keyring.sh, never an in-memory stand-in.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SECRET_CHARS, daemonWentAway } from '../../main/core/keychain.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.cleanup());

describe('OS keychain', () => {
  it('stores, reads and deletes a secret under the service', async () => {
    const { keychain } = sandbox;
    await keychain.set('client/a/secret', 'p@ss wörd');
    expect(await keychain.get('client/a/secret')).toBe('p@ss wörd');
    expect(await keychain.accounts()).toEqual(['client/a/secret']);
    expect(await keychain.delete('client/a/secret')).toBe(true);
    expect(await keychain.delete('client/a/secret')).toBe(false);
    expect(await keychain.get('client/a/secret')).toBeNull();
  });

  it('writes real Secret Service items that secret-tool can see', async () => {
    await sandbox.keychain.set('client/b/secret', 'visible-to-secret-tool');
    const found = execFileSync('secret-tool', ['lookup', 'service', sandbox.service, 'username', 'client/b/secret']).toString();
    expect(found).toBe('visible-to-secret-tool');
  });

  it('refuses a secret longer than every platform keychain holds, saving nothing', async () => {
    await expect(sandbox.keychain.set('client/c/secret', 'x'.repeat(MAX_SECRET_CHARS + 1))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining(`at most ${MAX_SECRET_CHARS}`),
    });
    expect(await sandbox.keychain.accounts()).toEqual([]);
  });

  it('keeps services apart', async () => {
    const other = createSandbox();
    try {
      await sandbox.keychain.set('same/account', 'one');
      await other.keychain.set('same/account', 'two');
      expect(await sandbox.keychain.get('same/account')).toBe('one');
      expect(await other.keychain.get('same/account')).toBe('two');
    } finally {
      await other.cleanup();
    }
  });
});

describe('a keyring daemon that ended mid-call', () => {
  // The errors gnome-keyring's restarts produce (seen in the suite's logs), against ones that
  // must not be retried (a locked keyring, a refused item).
  it('is retried once for a lost reply, a vanished service or a session its successor never opened', () => {
    for (const detail of [
      'zbus error: org.freedesktop.DBus.Error.NoReply: Message recipient disconnected from message bus without replying',
      'zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable',
      'zbus error: org.freedesktop.Secret.Error.NoSession: The session does not exist',
    ]) {
      expect(daemonWentAway(new Error(detail))).toBe(true);
    }
    for (const detail of ['Cannot get secret of a locked object', 'org.freedesktop.DBus.Error.AccessDenied: Request rejected']) {
      expect(daemonWentAway(new Error(detail))).toBe(false);
    }
  });
});
