// Layers the tools enforce (docs/ARCHITECTURE.md, layout): the sandboxed preload is built from
// the contract's names without its schemas.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');

describe('the sandboxed preload', () => {
  it('is built from the contract’s names: no schema library in its bundle', () => {
    const bundle = fs.readFileSync(path.join(root, 'dist/preload/index.cjs'), 'utf8');
    expect(bundle).toContain('exposeInMainWorld');
    expect(bundle).not.toMatch(/zod|\$Zod|_zod/i);
  });
});
