// `tokendeck key import`: an existing private key from a PEM file into the keychain, or read from
// a source set up here (--from pass:…): then the keychain holds nothing for it.
import { capitalized } from '../../core/destination-words.js';
import { TokendeckError } from '../../core/errors.js';
import { isPending, keyLabel } from '../../core/model/entities.js';
import { usesKid } from '../../core/jwt-profile.js';
import { requiredOption, stringOption, usageLine, type Command } from '../command.js';
import { pendingKeySteps } from '../pending-key-steps.js';

async function readPemFile(file: string): Promise<string> {
  // Loaded here, not with the command files, which --help loads all (read-text-file.ts says why).
  const fs = await import('node:fs/promises');
  try {
    const stat = await fs.stat(file);
    if (stat.size > 64 * 1024) throw new TokendeckError('BAD_KEY', `${file} is far too large to be a key PEM.`);
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof TokendeckError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TokendeckError('VALIDATION', `Invalid --file: cannot read ${file} (${code}).`);
  }
}

export const command: Command = {
  usage: 'key import <org>',
  summary: 'import a private key the vendor issued (.p8, PEM)',
  description: 'give --file or --from; without --kid the key waits for its Key ID: key set-kid',
  examples: ['tokendeck key import apple --file AuthKey_ABC123DEFG.p8 --kid ABC123DEFG', 'tokendeck key import apple --from pass:team/apple/key'],
  positionals: 1,
  options: {
    kid: { type: 'string', value: 'KID', description: 'the Key ID the vendor gave the key' },
    file: { type: 'string', value: 'PEM', description: 'the private key file, read into the keychain (delete it after)' },
    from: { type: 'string', value: 'REF', description: 'read the PEM from a source each time it signs (pass:…, vault:…#…, command:…)' },
  },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const from = stringOption(args, 'from');
    if (from !== undefined && stringOption(args, 'file') !== undefined) throw new TokendeckError('USAGE', `Give --file or --from, not both.\nUsage: tokendeck ${usageLine(command)}`);
    if (from !== undefined) {
      // The user named the reference in this very command: the change is said, not asked (as client add --secret-from).
      const change = vault().keyImportDestinationChange(org.name, stringOption(args, 'kid'), from);
      io.stderr.write(`${capitalized(change.message)}.\n`);
      const key = await vault().importKeyFromSource(org.name, stringOption(args, 'kid'), from, change);
      return void io.stderr.write(`Imported key ${keyLabel(key, usesKid(org))} (thumbprint ${key.thumbprint}): its private key is read from ${from}, never kept in the keychain.${isPending(key) ? ` ${pendingKeySteps(org, key)}` : ''}\n`);
    }
    const pem = await readPemFile(requiredOption(args, 'file', command));
    const key = await vault().importKey(org.name, stringOption(args, 'kid'), pem);
    io.stderr.write(`Imported key ${keyLabel(key, usesKid(org))} (thumbprint ${key.thumbprint}) into the keychain. You may now delete the PEM file.${isPending(key) ? ` ${pendingKeySteps(org, key)}` : ''}\n`);
  },
};
