// `tokendeck list`: the whole vault as a tree (organizations, their environments, clients and
// keys); never a secret.
import { PROVIDERS } from '../../core/providers/registry.js';
import type { VaultTree } from '../../core/vault.js';
import { jsonOption, type Command } from '../command.js';
import { environmentNotes } from '../environment-view.js';
import { printJson, printLines } from '../io.js';
import { clientSecretWords, privateKeyWords } from '../secret-place.js';

function treeLines(tree: VaultTree): string[] {
  const lines: string[] = [];
  for (const org of tree.organizations) {
    lines.push(`${org.name}  (${org.provider})  ${org.apiBaseUrl ?? '-'}${org.tokenUrl ? `  token: ${org.tokenUrl}` : ''}`);
    if (org.environments.length) lines.push(`  environments: ${org.environments.map(environmentNotes).join(', ')}`);
    for (const client of org.clients) {
      lines.push(`  client ${org.name}/${client.name}  [${client.environment}]  id ${client.clientId}  ${clientSecretWords(client)}  default ${client.defaultScheme}`);
    }
    for (const key of org.keys) {
      lines.push(`  key ${key.kid ?? '(waiting for Key ID)'}  ${key.status}  ${key.thumbprint}  ${privateKeyWords(key)}`);
    }
  }
  return lines;
}

export const command: Command = {
  usage: 'list',
  summary: 'show the whole tree (never a secret)',
  description: 'organizations, environments, clients and keys, and where each secret is',
  examples: ['tokendeck list', 'tokendeck list --json'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const tree = vault().tree();
    if (args.values.json) return printJson(io, tree);
    if (tree.organizations.length === 0) return void io.stderr.write(`The vault is empty. Start with \`tokendeck org add <org> --provider ${PROVIDERS.join('|')}\` (\`tokendeck org add --help\` says what each needs).\n`);
    printLines(io, treeLines(tree));
  },
};
