// Layers the tools enforce (docs/ARCHITECTURE.md, layout): ESLint refuses an import that crosses a
// layer, the modules of main the page runs say so on their first line, the sandboxed preload
// is built from the contract's names without its schemas, and no import loop runs through the CLI. The compilers' side (each layer's
// globals) is tsconfig.<layer>.json with test/layers/*.ts, run by npm run typecheck.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importGraph, importLoops } from './support/import-graph.js';

const root = path.join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** ESLint's findings on this text, linted as the file at `file` (a repository path) would be. */
async function lint(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

const RESTRICTED = /^@typescript-eslint\/no-restricted-imports: /;

describe('ESLint holds each layer to its imports', () => {
  it('refuses Node in a renderer file, with or without the node: prefix', async () => {
    for (const module of ['node:fs', 'fs']) {
      const findings = await lint('renderer/src/tokens/layer-probe.ts', `import fs from '${module}';\nexport const there = fs.existsSync('/');\n`);
      expect(findings).toEqual([expect.stringMatching(RESTRICTED)]);
      expect(findings[0]).toContain('Node is not there: this code runs in the page');
    }
  });

  it('lets the renderer import the pure modules of main and the contract’s types', async () => {
    const text = [
      "import { formatDuration } from '../../../main/core/duration.js';",
      "import type { ErrorPayload } from '../../../main/core/errors.js';",
      "import type { VaultTree } from '../../../preload/contract.js';",
      'export const shown = (tree: VaultTree, error: ErrorPayload) => `${tree.organizations.length} ${error.code} ${formatDuration(60)}`;',
      '',
    ].join('\n');
    expect(await lint('renderer/src/tokens/layer-probe.ts', text)).toEqual([]);
  });

  it('refuses a renderer import of any other module of main, even of a type only', async () => {
    for (const [name, module] of [['Vault', 'core/vault.js'], ['Handlers', 'ipc/handlers.js']]) {
      const findings = await lint('renderer/src/tokens/layer-probe.ts', `import type { ${name} } from '../../../main/${module}';\nexport type Probe = ${name};\n`);
      expect(findings).toEqual([expect.stringMatching(RESTRICTED)]);
      expect(findings[0]).toContain('The page imports from main only the pure modules');
    }
  });

  it('refuses the contract’s schemas in the renderer and the preload’s names (they would bundle zod)', async () => {
    const findings = await lint('renderer/src/tokens/layer-probe.ts', "import { contract } from '../../../preload/contract.js';\nexport const calls = contract;\n");
    expect(findings).toEqual([expect.stringMatching(RESTRICTED)]);
    expect(await lint('preload/channel-names.ts', "import { contract } from './contract.js';\nexport const calls = contract;\n")).toEqual([expect.stringMatching(RESTRICTED)]);
  });

  it('refuses Electron in the core and the CLI', async () => {
    for (const file of ['main/core/layer-probe.ts', 'main/cli/layer-probe.ts']) {
      const findings = await lint(file, "import { app } from 'electron';\nexport const quit = () => app.quit();\n");
      expect(findings).toEqual([expect.stringMatching(RESTRICTED)]);
      expect(findings[0]).toContain('Electron stays in the shell');
    }
  });

  it('refuses Node in a pure module of main', async () => {
    const findings = await lint('main/core/duration.ts', "import os from 'node:os';\nexport const host = os.hostname();\n");
    expect(findings).toEqual([expect.stringMatching(RESTRICTED)]);
  });
});

describe('the page copies only through main', () => {
  const COPY_IN_PAGE = /^no-restricted-syntax: Copy through main /;

  it('refuses navigator.clipboard, however it is reached, and execCommand("copy") in a renderer file', async () => {
    for (const text of [
      'export const copy = (text: string) => navigator.clipboard.writeText(text);\n',
      'export const copy = (text: string) => void navigator.clipboard?.writeText(text);\n',
      'export const copy = (text: string) => window.navigator.clipboard.writeText(text);\n',
      "export const copy = (text: string) => navigator['clipboard'].writeText(text);\n",
      'const { clipboard } = navigator;\nexport const copy = (text: string) => clipboard.writeText(text);\n',
      "export const copy = () => document.execCommand('copy');\n",
      "export const copy = (blob: Blob) => [new ClipboardItem({ 'text/plain': blob })];\n",
      'export const copy = (text: string) => navigator[`clipboard`].writeText(text);\n',
      "export const copy = () => document['execCommand']('copy');\n",
      'const { clipboard: board } = window.navigator;\nexport const copy = (text: string) => board.writeText(text);\n',
      "export const copy = (blob: Blob) => [new window.ClipboardItem({ 'text/plain': blob })];\n",
    ]) {
      expect(await lint('renderer/src/organization/copy-probe.tsx', text), text).toEqual([expect.stringMatching(COPY_IN_PAGE)]);
    }
  });

  it('lets the page copy through window.tokendeck', async () => {
    const text = "import { call } from '../bridge.js';\nexport const copy = (org: string, thumbprint: string) => call('key.copyPublic', { org, thumbprint, format: 'pem' });\n";
    expect(await lint('renderer/src/organization/copy-probe.tsx', text)).toEqual([]);
  });
});

describe('one home per provider', () => {
  const ASK_THE_SPEC = /^no-restricted-syntax: Ask the provider's spec /;
  const PROBES = [
    "export const signs = (org: { provider: string }) => org.provider === 'jwt';\n",
    "export const plain = (provider: string) => 'musicapi' !== provider;\n",
    "export const keyed = (org: { provider: string }) => { switch (org.provider) { default: return 1; } };\n",
    "import type { Provider } from '../core/providers/registry.js';\nexport const titles: Record<Provider, string> = {} as never;\n",
    "import type { Provider } from '../core/providers/registry.js';\nexport const titles: { [P in Provider]: string } = {} as never;\n",
    "export const keyed = (org: { provider: string }) => org.provider == 'apikey';\n",
  ];

  it('refuses a provider-name comparison or a table keyed by provider in main, the preload and the page', async () => {
    for (const file of ['main/cli/probe.ts', 'main/core/probe.ts', 'preload/probe.ts', 'renderer/src/probe.tsx']) {
      for (const text of PROBES) expect(await lint(file, text.replaceAll('../core/', file.startsWith('main/core') ? './' : '../core/')), `${file}: ${text}`).toContainEqual(expect.stringMatching(ASK_THE_SPEC));
    }
  });

  it('lets a spec file say its own name, and anyone compare a scheme', async () => {
    expect(await lint('main/core/providers/probe.ts', PROBES[0]!)).toEqual([]);
    expect(await lint('main/core/probe.ts', "export const signed = (scheme: string) => scheme === 'jwt';\n")).toEqual([]);
  });

  it('keeps every module of main under 400 lines', () => {
    const long = fs
      .readdirSync(path.join(root, 'main'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file))
      .filter((file) => fs.readFileSync(path.join(root, 'main', file), 'utf8').split('\n').length > 400);
    expect(long).toEqual([]);
  });
});

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

describe('the deck\'s first screen', () => {
  it('loads no schema library before its first render (zod is for the views opened later)', () => {
    const dir = path.join(root, 'dist/renderer');
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial.length).toBeGreaterThan(0);
    for (const file of initial) expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/\$ZodType|ZodError|jitless/);
  });
});

describe('import loops', () => {
  it('finds a loop whether its imports are static or import(), and not through type-only imports', () => {
    const graph = new Map([
      ['index.ts', ['command.ts']],
      ['command.ts', ['index.ts']],
      ['alone.ts', ['alone.ts']],
      ['leaf.ts', []],
    ]);
    expect(importLoops(graph)).toEqual([['alone.ts'], ['command.ts', 'index.ts']]);
    const read = importGraph(root, ['main/cli']);
    // The index loads each command with import(); its type-only import of command.ts is no edge.
    expect(read.get('main/cli/command-index.ts')).toContain('main/cli/commands/token.ts');
    expect(read.get('main/cli/command-index.ts')).not.toContain('main/cli/command.ts');
  });

  it('none runs through the CLI or the core: the index names its commands, no command imports it back; the model, the providers and the vault modules import one way', () => {
    const graph = importGraph(root, ['main/cli', 'main/core']);
    expect(graph.size).toBeGreaterThan(100);
    expect(importLoops(graph)).toEqual([]);
  });
});
