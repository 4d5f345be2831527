// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Which organization and client fields hold a provider's own settings, and the refusal of one
// that belongs to another provider (a signed-JWT profile on an OAuth 2.0 organization).
import { providerSpec } from './registry.js';
import type { ClientSetting, OrganizationSetting, SpecOrganization } from './spec.js';

const ORGANIZATION_SETTINGS: { [F in OrganizationSetting]: string } = {
  jwt: 'has no signed-JWT profile',
  apiKey: 'puts no API key in a header or query parameter',
};

/** Only the settings a foreign provider's client may not carry; the rest are ignored, as before. */
const CLIENT_SETTINGS: { [F in ClientSetting]?: string } = {
  oauth2: 'scope, audience and auth method apply to OAuth 2.0 clients',
  jwt: 'installation ID, subject and scope apply to signed-JWT clients',
};

/** Every organization field that holds a provider's own settings: a setup file carries them as they are. */
export const ORGANIZATION_SETTING_FIELDS = Object.keys(ORGANIZATION_SETTINGS) as OrganizationSetting[];

/** The organization's own settings that are set, as a record to spread into an export. */
export function organizationSettingsOf<O extends Partial<Record<OrganizationSetting, unknown>>>(org: O): Partial<Pick<O, OrganizationSetting>> {
  return Object.fromEntries(ORGANIZATION_SETTING_FIELDS.filter((field) => org[field] !== undefined).map((field) => [field, org[field]])) as Partial<Pick<O, OrganizationSetting>>;
}

export interface SettingRefusal {
  field: string;
  message: string;
}

/** The first organization setting given that its provider does not hold (a signed-JWT profile on an OAuth 2.0 organization). */
export function foreignOrganizationSetting(org: { provider: string } & Partial<Record<OrganizationSetting, unknown>>): SettingRefusal | undefined {
  const spec = providerSpec(org.provider);
  const field = ORGANIZATION_SETTING_FIELDS.find((f) => org[f] !== undefined && !spec.organizationSettings.includes(f));
  return field && { field, message: `a ${org.provider} organization ${ORGANIZATION_SETTINGS[field]}` };
}

/** A foreign setting, or the one its provider cannot be without (a signed-JWT profile, an API key's placement). */
export function organizationSettingsProblem(org: { provider: string } & Partial<Record<OrganizationSetting, unknown>>): SettingRefusal | undefined {
  return foreignOrganizationSetting(org) ?? providerSpec(org.provider).missingSettings?.(org as SpecOrganization);
}

/** The first client setting its organization's provider does not hold. */
export function clientSettingsProblem(provider: string, client: Partial<Record<ClientSetting, unknown>>): SettingRefusal | undefined {
  const spec = providerSpec(provider);
  for (const [field, words] of Object.entries(CLIENT_SETTINGS) as Array<[ClientSetting, string]>) {
    if (client[field] !== undefined && !spec.clientSettings.includes(field)) return { field, message: `${words}, not ${provider}` };
  }
  return undefined;
}
