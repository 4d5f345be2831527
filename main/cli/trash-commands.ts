// `tokendeck trash list|restore`: what `org remove`, `client remove` and a key's removal put in the
// trash (main/core/trash.ts), kept 7 days, and putting it back with its secrets.
import type { TrashItem } from '../core/trash.js';
import type { Command } from './command.js';
import { usageOf } from './command-index.js';
import { printJson, printLines } from './io.js';

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

const trashList: Command = {
  usage: usageOf('trash list'),
  positionals: 0,
  options: { json: { type: 'boolean' } },
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

const trashRestore: Command = {
  usage: usageOf('trash restore'),
  positionals: 1,
  options: {},
  async run(args, { io, vault }) {
    const item = await vault().restoreFromTrash(args.positionals[0]!);
    // What came back, counted from what was written, not from what the entry listed.
    const secrets = item.secrets + item.privateKeys + item.accounts.length;
    io.stderr.write(`Restored ${item.kind} ${item.name}${secrets ? ` with ${secrets} secret(s) and private key(s) back in the keychain` : ''}.\n`);
    if (item.missing.length) {
      io.stderr.write(`Not restored (gone from the keychain's trash, deleted outside Tokendeck): ${item.missing.join(', ')}. Set or import them again; \`tokendeck doctor\` lists what is missing.\n`);
    }
  },
};

export const trashCommands: Record<string, Command> = {
  'trash list': trashList,
  'trash restore': trashRestore,
};
