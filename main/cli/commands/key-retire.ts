// `tokendeck key retire`: a key stops signing; its private key goes to the trash, its public half
// still verifies.
import { TokendeckError } from '../../core/errors.js';
import { requiredOption, type Command } from '../command.js';
import { trashDays } from '../removal-words.js';

export const command: Command = {
  usage: 'key retire <org>',
  summary: 'retire a private key (to the trash)',
  description: 'its public half still verifies the tokens it signed',
  examples: ['tokendeck key retire acme --kid OLDKID1234 --yes'],
  positionals: 1,
  options: { kid: { type: 'string', value: 'KID', required: true, description: 'which key: its Key ID or the start of its thumbprint' }, yes: { type: 'boolean', required: true, description: 'confirm the retirement' } },
  async run(args, { io, vault }) {
    const kid = requiredOption(args, 'kid', command);
    const days = await trashDays();
    if (args.values.yes !== true) throw new TokendeckError('USAGE', `Retiring ${kid} stops it signing and moves its private key to the trash (${days} days). Add --yes to confirm.`);
    await vault().retireKey(args.positionals[0]!, kid);
    io.stderr.write(
      `Retired ${kid}: its private key is in the trash for ${days} days (\`tokendeck trash list\`; restoring it makes the key active again). Re-mint DevTokens signed with it: \`tokendeck key remint ${args.positionals[0]}\`.\n`,
    );
  },
};
