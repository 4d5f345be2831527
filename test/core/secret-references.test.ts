// Issue 24, first step: how a secret's source is named (a reference the vault and a setup file
// carry, never the value), and the command source run for real: argv without a shell, a timeout,
// a cap, its stdout trimmed, and every failure a typed error that never repeats the secret.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSecretCommand } from '../../main/core/sources/command-source.js';
import { formatSecretReference, isUnderPrefix, parseSecretReference, type SecretReference } from '../../main/core/sources/reference.js';

describe('secret references', () => {
  it('reads each kind and writes it back as it was', () => {
    const cases: Array<[string, SecretReference]> = [
      ['keychain', { kind: 'keychain' }],
      ['pass:team/musimap/prod', { kind: 'pass', path: 'team/musimap/prod' }],
      ['vault:secret/musimap#client_secret', { kind: 'vault', mount: 'secret', path: 'musimap', field: 'client_secret' }],
      ['vault:kv/teams/api/prod#key@7', { kind: 'vault', mount: 'kv', path: 'teams/api/prod', field: 'key', version: 7 }],
      ['command:op-musimap', { kind: 'command', name: 'op-musimap' }],
    ];
    for (const [text, reference] of cases) {
      expect(parseSecretReference(text)).toEqual(reference);
      expect(formatSecretReference(reference)).toBe(text);
    }
  });

  it.each([
    ['', /names no source/],
    ['pass:', /path is empty/],
    ['pass:/etc/passwd', /empty segment/],
    ['pass:team/../personal/bank', /may not have a "\.\." segment/],
    ['pass:-rf', /may not start with "-"/],
    ['pass:team/mu simap', /may hold only/],
    ['pass:team/x\nEvil: 1', /may hold only/],
    ['vault:secret/app', /names its field after "#"/],
    ['vault:secret#f', /<mount>\/<path>/],
    ['vault:secret/app#f@0', /positive whole number/],
    ['vault:secret/app#f@1e3', /positive whole number/],
    ['command:$(id)', /1-64 letters/],
    ['file:/etc/shadow', /"file" is not a source/],
    [`pass:${'a/'.repeat(300)}x`, /longer than 500/],
  ])('refuses %j, saying why and naming the forms', (text, why) => {
    expect(() => parseSecretReference(text)).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'source', message: expect.stringMatching(why) }));
  });

  it('for any reference it writes, reads back the same reference', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_+=,:-][A-Za-z0-9_.+=,:-]{0,11}$/).filter((s) => s !== '.' && s !== '..' && !s.startsWith('-'));
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    const reference: fc.Arbitrary<SecretReference> = fc.oneof(
      fc.constant({ kind: 'keychain' as const }),
      path.map((p) => ({ kind: 'pass' as const, path: p })),
      fc.record({ kind: fc.constant('vault' as const), mount: segment, path, field: segment, version: fc.option(fc.integer({ min: 1, max: 99_999 }), { nil: undefined }) }).map(({ version, ...r }) => (version === undefined ? r : { ...r, version })),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/).map((name) => ({ kind: 'command' as const, name })),
    );
    fc.assert(
      fc.property(reference, (r) => {
        expect(parseSecretReference(formatSecretReference(r))).toEqual(r);
      }),
    );
  });

  it('is under an allowed prefix only segment by segment, and strictly under it', () => {
    const team = parseSecretReference('pass:team/musimap/prod');
    expect(isUnderPrefix(team, ['team/'])).toBe(true);
    expect(isUnderPrefix(team, ['team'])).toBe(true);
    expect(isUnderPrefix(parseSecretReference('pass:teamwork/x'), ['team/'])).toBe(false);
    expect(isUnderPrefix(parseSecretReference('pass:team'), ['team/'])).toBe(false);
    expect(isUnderPrefix(parseSecretReference('pass:personal/bank'), ['team/', 'ops/'])).toBe(false);
    expect(isUnderPrefix(parseSecretReference('vault:secret/musimap/prod#s'), ['secret/musimap/'])).toBe(true);
    expect(isUnderPrefix(parseSecretReference('vault:secret/other#s'), ['secret/musimap/'])).toBe(false);
    expect(isUnderPrefix(parseSecretReference('command:op'), ['team/'])).toBe(false);
    expect(isUnderPrefix(team, [])).toBe(false);
    expect(isUnderPrefix(team, ['/'])).toBe(false);
  });
});

describe('a command as the source', () => {
  let dir: string;
  const script = (name: string, body: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o700 });
    return file;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-command-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers what the program printed, trimmed, with its arguments passed as they are (no shell)', async () => {
    const echo = script('echo-args', 'printf "  %s\\n\\n" "$1"');
    expect(await runSecretCommand({ argv: [echo, 's3cret-from-op'] })).toBe('s3cret-from-op');
    const marker = path.join(dir, 'expanded');
    expect(await runSecretCommand({ argv: [echo, `$(touch ${marker});\`touch ${marker}\``] })).toBe(`$(touch ${marker});\`touch ${marker}\``);
    expect(fs.existsSync(marker)).toBe(false);
    // A private key's PEM keeps its lines; only the spaces around it go.
    const pem = script('pem', 'printf -- "-----BEGIN PRIVATE KEY-----\\nMIGH\\n-----END PRIVATE KEY-----\\n"');
    expect(await runSecretCommand({ argv: [pem] })).toBe('-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----');
  });

  it('says what failed, with the program\'s own words but never the secret it printed', async () => {
    const failing = script('failing', 'echo "leaked-value-42"; echo "[ERROR] not signed in: leaked-value-42\\r\\x1b[31m" >&2; exit 3');
    const error = await runSecretCommand({ argv: [failing] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('exited with 3: [ERROR] not signed in: ‹redacted›') });
    expect((error as Error).message).not.toContain('leaked-value-42');
    expect((error as Error).message).not.toMatch(/[\r\x1b]/);
    await expect(runSecretCommand({ argv: [script('silent', 'exit 0')] })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('printed nothing') });
    await expect(runSecretCommand({ argv: [path.join(dir, 'missing-tool')] })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('was not found on PATH') });
    await expect(runSecretCommand({ argv: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('stops a command that hangs (a prompt it waits on) and one that prints too much', async () => {
    const hangs = script('hangs', 'read answer; sleep 30');
    await expect(runSecretCommand({ argv: [hangs], timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('was stopped') });
    const flood = script('flood', 'head -c 200000 /dev/zero | tr "\\0" "a"');
    await expect(runSecretCommand({ argv: [flood], maxBytes: 1024 })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('more than 1024 bytes') });
  });
});
