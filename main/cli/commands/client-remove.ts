// `tokendeck client remove`: a client, after saying what goes to the trash (its secret) and
// what goes for good (its cached tokens).
import type { VaultRemoval } from '../../core/vault.js';
import { clientPath, envOption } from '../client-path.js';
import { yesOption, type Command } from '../command.js';
import { confirmOrRefuse } from '../confirm-or-refuse.js';
import { count, restoreHint, trashDays } from '../removal-words.js';

function clientRemovalLines(r: VaultRemoval, path: string, days: number): string[] {
  const secret = r.secrets.length ? `its secret (to the trash for ${days} days)` : 'no secret (none is stored)';
  return [`Removing client ${path} takes ${secret} and ${count(r.cachedTokens, 'cached token')} (deleted for good).`];
}

export const command: Command = {
  usage: 'client remove <org>/<client>',
  summary: 'remove a client; its secret goes to the trash',
  description: 'asks on a terminal, else needs --yes; its secret stays in the trash for 7 days (trash restore)',
  examples: ['tokendeck client remove acme/web', 'tokendeck client remove acme --env staging --yes'],
  positionals: 1,
  options: { ...envOption, ...yesOption },
  async run(args, { io, vault, tokens }) {
    const path = clientPath(args, { io, vault }, { alone: false });
    const removal = vault().removalOf(path.org, path.client);
    const name = `${removal.organization}/${removal.clients[0]}`;
    await confirmOrRefuse(args, io, clientRemovalLines(removal, name, await trashDays()), `Remove client ${name}?`);
    // A person signed in on it: the refresh token is revoked at the server first (operations.ts).
    const { removeClient } = await import('../../core/operations.js');
    const item = await removeClient({ vault: vault(), tokens: tokens() }, path.org, path.client);
    io.stderr.write(`Removed client ${item.name}${item.secrets ? ': its secret is' : ': it is'} in the trash ${restoreHint(item)}.\n`);
  },
};
