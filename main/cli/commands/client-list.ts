// `tokendeck client list`: an organization's clients, or every organization's. Reads the store
// only: no keychain.
import { TokendeckError } from '../../core/errors.js';
import { jsonOption, usageLine, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';
import { clientSecretWords } from '../secret-place.js';
import type { Client } from '../../core/model/entities.js';
import { isUserGrant } from '../../core/providers/oauth2.js';
import { providerSpec } from '../../core/providers/registry.js';

/** An OAuth 2.0 client's grant and, for a person's grant, who is signed in: "grant authorization-code, signed in as ada@example.test". */
function grantWords(client: Client, provider: string): string {
  if (!providerSpec(provider).clientSettings.includes('oauth2')) return '';
  const words = `  grant ${(client.oauth2?.grant ?? 'client_credentials').replace(/_/g, '-')}`;
  if (!isUserGrant(client.oauth2)) return words;
  return `${words}, ${client.session ? `signed in${client.session.account ? ` as ${client.session.account}` : ''}` : 'not signed in'}`;
}

export const command: Command = {
  usage: 'client list [<org>]',
  summary: 'list the clients, of one organization or all',
  examples: ['tokendeck client list', 'tokendeck client list acme --json'],
  positionals: -1,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const [orgName, ...extra] = args.positionals;
    if (extra.length) throw new TokendeckError('USAGE', `Usage: tokendeck ${usageLine(command)}`);
    const tree = vault().tree().organizations;
    // The vault's lookup (case-insensitive, NOT_FOUND with its wording) picks the organization.
    const picked = orgName === undefined ? undefined : vault().organization(orgName).id;
    const orgs = picked === undefined ? tree : tree.filter((o) => o.id === picked);
    const rows = orgs.flatMap((org) => org.clients.map((client) => ({ org: org.name, ...client })));
    if (args.values.json) return printJson(io, rows);
    const providers = new Map(orgs.map((org) => [org.name, org.provider]));
    if (rows.length === 0) return void io.stderr.write(orgName ? `${orgName} has no clients. Add one with \`tokendeck client add ${orgName}/<client>\`.\n` : 'No clients yet. Add one with `tokendeck client add <org>/<client>`.\n');
    printLines(
      io,
      rows.map((c) => `${c.org}/${c.name}  [${c.environment}]  id ${c.clientId}  ${clientSecretWords(c)}  default ${c.defaultScheme}${grantWords(c, providers.get(c.org)!)}${c.certificate ? `  cert ${c.certificate.subject}${c.certificate.hasKey ? '' : ' (key not here)'}` : ''}${c.autoRefresh ? '  auto-refresh' : ''}`),
    );
  },
};
