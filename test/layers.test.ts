// Layers the tools enforce (docs/ARCHITECTURE.md, layout): the modules of main the page runs
// say so on their first line, and the sandboxed preload is built from the contract's names
// without its schemas. The compilers' side (each layer's globals) is tsconfig.<layer>.json with
// test/layers/*.ts, run by npm run typecheck.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');

describe('the modules of main the page runs', () => {
  const MARK = /^\/\/ The page imports this module \(tsconfig\.pure\.json lists it\)/;
  const listed: string[] = ts.readConfigFile(path.join(root, 'tsconfig.pure.json'), ts.sys.readFile).config.files.filter((file: string) => file.startsWith('main/'));

  it('say so on their first line, and no other module of main does', () => {
    const marked = fs
      .readdirSync(path.join(root, 'main'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((file) => MARK.test(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(listed.length).toBeGreaterThan(5);
    expect(marked.sort()).toEqual([...listed].sort());
  });
});

describe('the sandboxed preload', () => {
  it('is built from the contract’s names: no schema library in its bundle', () => {
    const bundle = fs.readFileSync(path.join(root, 'dist/preload/index.cjs'), 'utf8');
    expect(bundle).toContain('exposeInMainWorld');
    expect(bundle).not.toMatch(/zod|\$Zod|_zod/i);
  });
});
