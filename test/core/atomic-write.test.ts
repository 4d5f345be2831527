// The one way Tokendeck replaces a file (vault.json, console.json, handouts.json, tokens.enc):
// all at once, 0600, and on failure the old file untouched with nothing left beside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../main/core/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-atomic-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('replaces the file, readable by the user only, with no temporary file left', () => {
    const file = path.join(dir, 'vault.json');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    writeFileAtomically(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['vault.json']);
  });

  it('leaves the old file and no temporary file when the replacement fails', () => {
    // A folder in the file's place: the rename fails after the temporary file was written.
    const file = path.join(dir, 'vault.json');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside'), 'old');
    expect(() => writeFileAtomically(file, 'new')).toThrowError(expect.objectContaining({ code: expect.stringMatching(/^E/) }));
    expect(fs.readdirSync(dir)).toEqual(['vault.json']);
    expect(fs.readFileSync(path.join(file, 'inside'), 'utf8')).toBe('old');
  });
});
