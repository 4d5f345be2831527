// The console's rules about environments (renderer/src/console/environments.ts), which the page
// runs: the client picker under the title bar's environment, the organization as the chosen
// client's environment sees it, when "Send to all environments" may go, and which client goes
// where an environment has several.
import { describe, expect, it } from 'vitest';
import type { OrganizationTree } from '../../preload/contract.js';
import { clientPicks, clientsShown, hasProductionClients, seenByClient, sendAllRefusal } from '../../renderer/src/console/environments.js';

type Client = OrganizationTree['clients'][number];

function client(name: string, environment: string, extra: Partial<Client> = {}): Client {
  return { id: crypto.randomUUID(), organizationId: 'o', name, environment, clientId: `${name}-id`, hasSecret: true, integrationUsers: [], defaultScheme: 'bearer', autoRefresh: false, ...extra } as Client;
}

function organization(clients: Client[], environments: OrganizationTree['environments']): OrganizationTree {
  return { id: 'o', name: 'tri', provider: 'musimap', apiBaseUrl: 'https://dev.api.example', tokenUrl: 'https://dev.api.example/auth/token', allowedOrigins: [], environments, clients, keys: [] } as unknown as OrganizationTree;
}

const ENVIRONMENTS: OrganizationTree['environments'] = [
  { name: 'development', production: false },
  { name: 'staging', production: false, apiBaseUrl: 'https://staging.api.example' },
  { name: 'production', production: true, apiBaseUrl: 'https://api.example' },
];
const tri = organization([client('dev-app', 'development'), client('stage-a', 'staging'), client('stage-b', 'staging'), client('prod-app', 'production')], ENVIRONMENTS);

describe('the console and environments', () => {
  it("offers the title bar's environment's clients only, and every client under All or where it has none", () => {
    expect(clientsShown(tri, 'staging')).toEqual({ clients: [tri.clients[1], tri.clients[2]], note: "staging's clients, as the title bar shows" });
    expect(clientsShown(tri, 'Staging').clients.map((c) => c.name)).toEqual(['stage-a', 'stage-b']);
    expect(clientsShown(tri, null)).toEqual({ clients: tri.clients });
    expect(clientsShown(tri, 'qa')).toEqual({ clients: tri.clients, note: 'tri has no client in qa: all of its clients are offered' });
  });

  it("reads the chosen client's environment's API URL", () => {
    expect(seenByClient(tri, 'stage-b').apiBaseUrl).toBe('https://staging.api.example');
    expect(seenByClient(tri, 'dev-app').apiBaseUrl).toBe('https://dev.api.example');
  });

  it('lets "Send to all environments" go for a path in an organization with clients in two environments', () => {
    expect(sendAllRefusal(tri, '/v1/me')).toBeUndefined();
    expect(sendAllRefusal(tri, 'v1/me')).toBeUndefined();
    expect(sendAllRefusal(tri, ' https://api.example/v1/me')).toMatch(/^give a path \(like \/v1\/me\), not a full URL/);
    const single = organization([client('a', 'staging'), client('b', 'staging')], ENVIRONMENTS);
    expect(sendAllRefusal(single, '/v1/me')).toBe('tri needs clients in two environments to compare them');
  });

  it("picks the user's choice, else the composer's client, where an environment has several; none otherwise", () => {
    expect(clientPicks(tri, {}, 'dev-app')).toEqual([]);
    expect(clientPicks(tri, {}, 'stage-b')).toEqual([{ environment: 'staging', client: 'stage-b' }]);
    expect(clientPicks(tri, { staging: 'stage-a' }, 'stage-b')).toEqual([{ environment: 'staging', client: 'stage-a' }]);
  });

  it('knows when there is production to include: a production environment or a client marked so', () => {
    expect(hasProductionClients(tri)).toBe(true);
    const plain = organization([client('dev-app', 'development'), client('stage-a', 'staging')], ENVIRONMENTS);
    expect(hasProductionClients(plain)).toBe(false);
    expect(hasProductionClients(organization([client('dev-app', 'development'), client('stage-a', 'staging', { production: true })], ENVIRONMENTS))).toBe(true);
  });
});
