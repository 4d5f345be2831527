// Builds the React renderer into dist/renderer, with relative asset paths for tokendeck://app/.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { PROVIDERS, providerSpec } from '../main/core/providers/registry.js';

const root = fileURLToPath(new URL('.', import.meta.url));

const CARDS_ID = 'virtual:provider-cards';
/**
 * What the deck's first screen says of each provider (its title, what connecting needs, whether its
 * clients hold a secret), read from the providers' specs when the page is built: the first bundle
 * carries these few words, not every provider's rules (~8 KB gzipped), which come with the views
 * that apply them. The specs stay the one home of it (renderer/src/provider-cards.d.ts types it).
 */
function providerCards(): Plugin {
  return {
    name: 'tokendeck-provider-cards',
    resolveId: (source) => (source === CARDS_ID ? `\0${CARDS_ID}` : undefined),
    load(id) {
      if (id !== `\0${CARDS_ID}`) return undefined;
      const cards = PROVIDERS.map((provider) => {
        const { title, needs, clientsHoldSecret } = providerSpec(provider);
        return { provider, title, needs, clientsHoldSecret };
      });
      return `export const PROVIDER_CARDS = ${JSON.stringify(cards)};\n`;
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), providerCards()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    // No inline scripts or eval: the CSP forbids them. index.html preloads the first bundle's
    // chunks; a view's chunk lists only its stylesheets, not the chunks it imports: every chunk
    // loads in idle time after the first render anyway (views.tsx), and the lists cost the first
    // bundle ~0.7 KB gzipped.
    modulePreload: { polyfill: false, resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : deps.filter((dep) => dep.endsWith('.css'))) },
    assetsInlineLimit: 0,
  },
});
