// `tokendeck org remove`: an organization with its clients and keys, after saying what goes to
// the trash and what goes for good.
import type { OrganizationRemoval } from '../../core/operations.js';
import { yesOption, type Command } from '../command.js';
import { confirmOrRefuse } from '../confirm-or-refuse.js';
import { count, named, restoreHint, trashDays } from '../removal-words.js';

/** What an organization's removal takes, line by line: what goes to the trash, what goes for good. */
function organizationRemovalLines(r: OrganizationRemoval, days: number): string[] {
  const toTrash = `to the trash for ${days} days`;
  return [
    `Removing organization ${r.organization} takes:`,
    `  ${named(r.clients.length, 'client', r.clients)}`,
    `  ${named(r.secrets.length, 'client secret', r.secrets)} (${toTrash})`,
    `  ${named(r.privateKeys.length, 'private key', r.privateKeys)} (${toTrash}, with ${count(r.keys.length, 'key record')})`,
    `  ${count(r.cachedTokens, 'cached token')}, ${count(r.handouts, 'hand-out')}, ${count(r.historyEntries, 'console history entry', 'console history entries')} and ${count(r.savedRequests, 'saved request')} (deleted for good)`,
  ];
}

export const command: Command = {
  usage: 'org remove <org>',
  summary: 'remove an organization (its secrets to the trash)',
  description: 'asks on a terminal, else needs --yes; the trash keeps them for 7 days',
  examples: ['tokendeck org remove acme', 'tokendeck org remove acme --yes'],
  positionals: 1,
  options: { ...yesOption },
  async run(args, { io, core }) {
    // Loaded here: the removal's operations are off the path of every other command.
    const [opened, { organizationRemoval, removeOrganization }] = await Promise.all([core(), import('../../core/operations.js')]);
    const removal = await organizationRemoval(opened, args.positionals[0]!);
    await confirmOrRefuse(args, io, organizationRemovalLines(removal, await trashDays()), `Remove organization ${removal.organization}?`);
    const item = await removeOrganization(opened, removal.organization);
    io.stderr.write(
      `Removed organization ${item.name}: its clients and keys, ${count(item.secrets, 'client secret')} and ${count(item.privateKeys, 'private key')} are in the trash ${restoreHint(item)}. Its cached tokens, hand-outs and console history are deleted.\n`,
    );
  },
};
