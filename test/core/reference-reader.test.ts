// Issue 24, first step: reading the secret a reference names. The rules (which source a reference
// reaches, a source not set up here, values kept in memory a few minutes and dropped by forget(),
// one read at a time per reference) with recording readers, and the command source for real.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSecretCommand } from '../../main/core/sources/command-source.js';
import { ReferenceReader, VALUE_MEMORY_MS, type SourceReaders } from '../../main/core/sources/reference-reader.js';
import { parseSecretReference } from '../../main/core/sources/reference.js';

function recording() {
  const asked: string[] = [];
  const readers: SourceReaders = {
    pass: async (r) => (asked.push(`pass ${r.storeDir} ${r.path} ${r.gnupgHome ?? '-'}${r.whole ? ' whole' : ''}`), `pass-value-of-${r.path}`),
    vault: async (r) => (asked.push(`vault ${r.address} ${r.namespace ?? '-'} ${r.mount}/${r.path}#${r.field}@${r.version ?? '-'} ${r.token}`), `vault-value-of-${r.field}`),
    command: runSecretCommand,
  };
  return { asked, readers };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-reader-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reading a reference', () => {
  it('reaches the source it names, with this machine\'s set-up', async () => {
    const { asked, readers } = recording();
    const counter = path.join(dir, 'count');
    const script = path.join(dir, 'op-read');
    fs.writeFileSync(script, `#!/bin/sh\necho run >> ${counter}\necho "  op-value-$1  "\n`, { mode: 0o700 });
    const reader = new ReferenceReader(
      { pass: { storeDir: '/stores/team', gnupgHome: '/home/bob/.gnupg' }, vault: { address: 'https://vault.example', namespace: 'team', token: async () => 'hvs.token' }, commands: { op: { argv: [script, 'musimap'] } } },
      readers,
    );
    expect(await reader.read(parseSecretReference('pass:team/musimap/prod'))).toBe('pass-value-of-team/musimap/prod');
    expect(await reader.read(parseSecretReference('vault:secret/musimap#client_secret@2'))).toBe('vault-value-of-client_secret');
    expect(await reader.read(parseSecretReference('command:op'))).toBe('op-value-musimap');
    // A private key is the whole pass entry, a secret its first line; each is kept apart.
    expect(await reader.read(parseSecretReference('pass:team/musimap/prod'), 'private-key')).toBe('pass-value-of-team/musimap/prod');
    expect(asked).toEqual(['pass /stores/team team/musimap/prod /home/bob/.gnupg', 'vault https://vault.example team secret/musimap#client_secret@2 hvs.token', 'pass /stores/team team/musimap/prod /home/bob/.gnupg whole']);
    expect(fs.readFileSync(counter, 'utf8')).toBe('run\n');
  });

  it('says a source is not set up on this machine, naming the reference; the keychain is not read this way', async () => {
    const reader = new ReferenceReader({ commands: {} }, recording().readers);
    await expect(reader.read(parseSecretReference('pass:team/x'))).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('pass:team/x names a pass store, which is not set up on this machine') });
    await expect(reader.read(parseSecretReference('vault:secret/x#f'))).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('a Vault server') });
    await expect(reader.read(parseSecretReference('command:constructor'))).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('the command "constructor"') });
    await expect(reader.read({ kind: 'keychain' })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('refuses a secret with a line break or control character from any source, and keeps nothing; a PEM may span lines', async () => {
    const script = path.join(dir, 'two-lines');
    fs.writeFileSync(script, '#!/bin/sh\nprintf "first-half\\r\\nX-Injected: yes\\n"\n', { mode: 0o700 });
    const hostile = async () => 'abc\r\nX-Injected: yes';
    const reader = new ReferenceReader({ pass: { storeDir: '/s' }, vault: { address: 'https://v', token: async () => 't' }, commands: { two: { argv: [script] } } }, { pass: async () => 'line\u001b[2Jcleared', vault: hostile, command: runSecretCommand });
    for (const reference of ['vault:secret/x#f', 'command:two', 'pass:team/x']) {
      const failure = await reader.read(parseSecretReference(reference)).then(() => undefined, (e: Error) => e);
      expect(failure).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining(`${reference} holds a line break or a control character`) });
      expect(failure!.message).not.toMatch(/X-Injected|cleared/);
    }
    expect(await reader.read(parseSecretReference('vault:secret/x#f'), 'private-key')).toBe('abc\r\nX-Injected: yes');
  });

  it('keeps a value in memory for a few minutes, asks once for reads at the same time, and forgets on demand', async () => {
    const { asked, readers } = recording();
    let now = 1_000_000;
    const reader = new ReferenceReader({ pass: { storeDir: '/s' } }, readers, () => now);
    const ref = parseSecretReference('pass:team/a');
    await Promise.all([reader.read(ref), reader.read(ref), reader.read(ref)]);
    expect(asked).toHaveLength(1);
    now += VALUE_MEMORY_MS - 1;
    await reader.read(ref);
    expect(asked).toHaveLength(1);
    now += 1;
    await reader.read(ref);
    expect(asked).toHaveLength(2);
    reader.forget();
    await reader.read(ref);
    expect(asked).toHaveLength(3);
  });

  it('keeps nothing that failed, and nothing that lands after forget()', async () => {
    let fail = true;
    let release: (v: string) => void = () => {};
    let calls = 0;
    const readers: SourceReaders = {
      ...recording().readers,
      pass: () => {
        calls++;
        if (fail) return Promise.reject(new Error('agent locked'));
        return new Promise<string>((resolve) => (release = resolve));
      },
    };
    const reader = new ReferenceReader({ pass: { storeDir: '/s' } }, readers);
    const ref = parseSecretReference('pass:team/a');
    await expect(reader.read(ref)).rejects.toThrow('agent locked');
    fail = false;
    const pending = reader.read(ref);
    reader.forget();
    release('late-value');
    expect(await pending).toBe('late-value');
    const again = reader.read(ref);
    release('fresh-value');
    expect(await again).toBe('fresh-value');
    expect(calls).toBe(3);
  });
});
