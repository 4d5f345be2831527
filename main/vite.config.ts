// Builds the Electron main process as an ES module for Node; dependencies stay in node_modules
// (electron-builder packages them; the keychain binding is native).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from '../package.json' with { type: 'json' };

const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies),
].map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/.*)?$`));

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/main',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { index: 'main/index.ts' },
      external,
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
