// `tokendeck trash list`: what `org remove`, `client remove` and a key's removal put in the trash
// (main/core/trash.ts), from where, and when it expires.
import type { TrashItem } from '../../core/trash.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function held(item: TrashItem): string {
  const parts = [
    item.kind === 'organization' ? `${item.clients.length} client(s), ${item.keys.length} key(s)` : '',
    item.secrets ? `${item.secrets} secret(s)` : '',
    item.privateKeys ? `${item.privateKeys} private key(s)` : '',
    item.accounts.length ? `${item.accounts.length} keychain entr${item.accounts.length === 1 ? 'y' : 'ies'}: ${item.accounts.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `  (${parts.join(', ')})` : '';
}

export const command: Command = {
  usage: 'trash list',
  summary: 'list what removals put in the trash, and when it expires',
  examples: ['tokendeck trash list'],
  positionals: 0,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const items = await vault().trash();
    if (args.values.json) return printJson(io, items);
    if (items.length === 0) return void io.stderr.write('The trash is empty: nothing was removed in the last 7 days.\n');
    printLines(
      io,
      items.map((item) => `${item.id.slice(0, 8)}  ${item.kind} ${item.name}${held(item)}  removed ${minute(item.removedAt)}  expires ${minute(item.expiresAt)}`),
    );
  },
};
