// One Musimap organization with development, staging and production, each on a loopback host of
// its own (127.0.0.1, .2, .3: its own API and token endpoint), one client each that only its own
// host knows, and an API that answers a little differently in each: what "Send to all
// environments" is tested against. Added to a vault the test owns (never the vendor world's
// organizations, which other tests count).
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import type { Vault } from '../../main/core/vault.js';

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const ENV_CLIENTS: Record<EnvironmentName, { name: string; clientId: string; secret: string; host: string; data: Record<string, unknown> }> = {
  development: { name: 'dev-app', clientId: '0b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', secret: 'dev-secret-4Jq8', host: '127.0.0.1', data: { plan: 'free', beta: true, limits: { rpm: 60 } } },
  staging: { name: 'staging-app', clientId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', secret: 'staging-secret-Xw2m', host: '127.0.0.2', data: { plan: 'pro', limits: { rpm: 600, burst: 20 } } },
  production: { name: 'prod-app', clientId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', secret: 'prod-secret-Rt7z', host: '127.0.0.3', data: { plan: 'pro', limits: { rpm: 6000, burst: 200 } } },
};

export interface ThreeEnvironments {
  org: string;
  servers: Record<EnvironmentName, MusimapServer>;
  secrets: string[];
  close(): Promise<void>;
}

/** Adds the organization `org` to `vault` and starts its three hosts. */
export async function addThreeEnvironments(vault: Vault, org = 'tri'): Promise<ThreeEnvironments> {
  const entries = await Promise.all(ENVIRONMENTS.map(async (env) => [env, await startMusimap([ENV_CLIENTS[env]], { host: ENV_CLIENTS[env].host, data: ENV_CLIENTS[env].data })] as const));
  const servers = Object.fromEntries(entries) as Record<EnvironmentName, MusimapServer>;
  const { development, staging, production } = servers;
  await vault.addOrganization({
    name: org,
    provider: 'musimap',
    apiBaseUrl: development.origin,
    tokenUrl: development.tokenUrl,
    environments: [
      { name: 'development' },
      { name: 'staging', apiBaseUrl: staging.origin, tokenUrl: staging.tokenUrl },
      { name: 'production', apiBaseUrl: production.origin, tokenUrl: production.tokenUrl },
    ],
  });
  for (const env of ENVIRONMENTS) {
    const { name, clientId, secret } = ENV_CLIENTS[env];
    await vault.addClient(org, { name, environment: env, clientId }, secret);
  }
  return {
    org,
    servers,
    secrets: ENVIRONMENTS.map((env) => ENV_CLIENTS[env].secret),
    close: async () => void (await Promise.all(Object.values(servers).map((server) => server.close()))),
  };
}

/** Everything that reached one host, as text: to show another environment's credential never did. */
export function seenBy(server: MusimapServer): string {
  return server.seen.map((r) => `${r.method} ${r.path}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n');
}
