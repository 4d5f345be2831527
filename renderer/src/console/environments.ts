// The console and the organization's environments: which clients the client picker offers under
// the title bar's environment (that environment's only, when the organization has any there), the
// organization as the chosen client's environment sees it (its API URL, its origins), and whether
// "Send to all environments" can go.
import { isAbsoluteUrl } from '../../../main/core/http/request-url.js';
import { isProductionClient } from '../../../main/core/model/entities.js';
import { inEnvironment } from '../../../main/core/model/environments.js';
import { sameName } from '../../../main/core/model/primitives.js';
import type { OrganizationTree } from '../../../preload/contract.js';

type Client = OrganizationTree['clients'][number];

export interface EnvironmentClients {
  name: string;
  production: boolean;
  clients: Client[];
}

/**
 * The clients the picker offers under `filter` (the title bar's environment, null for All): that
 * environment's alone when the organization has some there, else all of them, with why.
 */
export function clientsShown(org: OrganizationTree, filter: string | null): { clients: Client[]; note?: string } {
  if (filter === null) return { clients: org.clients };
  const inFilter = org.clients.filter((c) => sameName(c.environment, filter));
  if (inFilter.length) return { clients: inFilter, note: `${filter}'s clients, as the title bar shows` };
  return { clients: org.clients, note: `${org.name} has no client in ${filter}: all of its clients are offered` };
}

/** The organization as `client`'s environment sees it: that environment's API URL, token URL and origins. */
export function seenByClient(org: OrganizationTree, clientName: string): OrganizationTree {
  const client = org.clients.find((c) => c.name === clientName);
  return client ? inEnvironment(org, client.environment) : org;
}

/** The organization's environments in its order, each with its clients (those without any too). */
export function environmentClients(org: OrganizationTree): EnvironmentClients[] {
  return org.environments.map((env) => {
    const clients = org.clients.filter((c) => sameName(c.environment, env.name));
    // Production as main judges it: the environment, or every client in it marked so.
    return { name: env.name, production: env.production || (clients.length > 0 && clients.every((c) => isProductionClient(c, org))), clients };
  });
}

/** Whether "Include production" has anything to include: a production environment, or a client marked so, with a client. */
export function hasProductionClients(org: OrganizationTree): boolean {
  return org.clients.some((c) => isProductionClient(c, org));
}

/** Why "Send to all environments" cannot go now; undefined when it can. */
export function sendAllRefusal(org: OrganizationTree, url: string): string | undefined {
  if (environmentClients(org).filter((env) => env.clients.length).length < 2) return `${org.name} needs clients in two environments to compare them`;
  if (isAbsoluteUrl(url.trim())) return "give a path (like /v1/me), not a full URL: each environment's own API URL is put in front of it";
  return undefined;
}

/**
 * The client to send with in each environment that has several: the user's pick, else the
 * composer's client where it is one of them. The others go without: main refuses that environment.
 */
export function clientPicks(org: OrganizationTree, picks: Readonly<Record<string, string>>, composerClient: string): Array<{ environment: string; client: string }> {
  return environmentClients(org)
    .filter((env) => env.clients.length > 1)
    .flatMap((env) => {
      const client = picks[env.name] ?? env.clients.find((c) => c.name === composerClient)?.name;
      return client ? [{ environment: env.name, client }] : [];
    });
}
