import { describe, expect, it } from 'vitest';
import { paletteEntries } from '../../renderer/src/palette/palette-entries.js';
import type { VaultOutline } from '../../preload/contract.js';

const client = (name: string, environment: string) => ({ id: `id-${name}`, name, environment, clientId: 'x', hasSecret: true, production: environment === 'production' });
const TREE: VaultOutline = {
  organizations: [
    { name: 'studio', provider: 'musicapi', environments: [{ name: 'development', production: false }], schemes: ['token', 'basic', 'devtoken'], clients: [client('web', 'development')] },
    { name: 'apple', provider: 'jwt', environments: [{ name: 'development', production: false }, { name: 'production', production: true }], schemes: ['jwt'], clients: [client('app', 'development'), client('live', 'production')] },
  ],
};
const labels = (query: string, environment: string | null = null) => paletteEntries(TREE, query, environment).map((e) => e.label);

describe('paletteEntries', () => {
  it('offers each client the schemes its organization offers, in words', () => {
    expect(labels('copy')).toEqual(['Copy Token header — studio/web', 'Copy Basic header — studio/web', 'Copy DevToken — studio/web', 'Copy signed JWT — apple/app', 'Copy signed JWT — apple/live']);
  });

  it('finds a copy by the scheme’s id and the environment too', () => {
    expect(labels('devtoken')).toEqual(['Copy DevToken — studio/web']);
    expect(labels('apple production')).toEqual(['Copy signed JWT — apple/live', 'Open client apple/live']);
  });

  it('offers only the switcher’s environment’s clients, and the way back to all', () => {
    expect(labels('apple', 'production')).toEqual(['Copy signed JWT — apple/live', 'Open organization apple', 'Open client apple/live', 'Open the console — apple']);
    expect(labels('switch', 'production')).toEqual(['Switch to environment development', 'Switch to all environments']);
  });

  it('goes places', () => {
    expect(labels('open studio')).toEqual(['Open organization studio', 'Open client studio/web', 'Open the console — studio']);
    expect(paletteEntries(TREE, 'inspector', null)).toEqual([expect.objectContaining({ kind: 'go', to: { selection: { kind: 'inspector' } } })]);
  });
});
