// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Ready-made console requests per organization: its provider's spec holds them (from the vendors' documents).
import { providerSpec, type Provider } from '../providers/registry.js';
import type { ConsolePreset, SpecOrganization } from '../providers/spec.js';

export type Preset = ConsolePreset;

/** The console's ready-made requests for an organization. */
export function consolePresets(org: SpecOrganization & { provider: Provider }): Preset[] {
  return providerSpec(org.provider).presets(org);
}
