// `tokendeck trash restore`: puts back an organization, client or key from the trash, with its
// secrets.
import type { Command } from '../command.js';

export const command: Command = {
  usage: 'trash restore <id|name>',
  summary: 'put back an organization, client or key with its secrets',
  examples: ['tokendeck trash restore acme', 'tokendeck trash restore 3f2c9a'],
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
