// `tokendeck source add pass`: the team's pass store on this machine (cloned from its git remote
// with --clone), the GnuPG home to decrypt with, and the prefixes an imported setup may reference.
import { listOption, requiredOption, stringOption, usageLine, type Command } from '../command.js';
import { TokendeckError } from '../../core/errors.js';
import { allowedReplacement, REPLACE_NOTE } from '../source-replace.js';

export const command: Command = {
  usage: 'source add pass --store <dir> [--clone <git remote>] [--gnupg-home <dir>] --prefix <p> [--prefix …] [--no-pull] [--replace]',
  description: `--clone clones the team's store into <dir>; an imported setup may reference only paths under a --prefix; ${REPLACE_NOTE}`,
  positionals: 0,
  options: { store: { type: 'string' }, clone: { type: 'string' }, 'gnupg-home': { type: 'string' }, prefix: { type: 'string', multiple: true }, 'no-pull': { type: 'boolean' }, replace: { type: 'boolean' } },
  async run(args, { io, vault }) {
    const prefixes = listOption(args, 'prefix');
    if (prefixes.length === 0) throw new TokendeckError('USAGE', `Give at least one --prefix (the store's folder a team setup may reference, e.g. team/).\nUsage: tokendeck ${usageLine(command)}`);
    // Loaded here, not with the command files, which --help loads all.
    const [path, { replacementOf, setUpPass }] = await Promise.all([import('node:path'), import('../../core/sources/source-setup.js')]);
    const storeDir = path.resolve(requiredOption(args, 'store', command));
    const gnupgHome = stringOption(args, 'gnupg-home');
    const sources = vault().sources;
    const replacement = replacementOf(sources.settings(), { pass: { storeDir, ...(gnupgHome ? { gnupgHome: path.resolve(gnupgHome) } : {}), prefixes, pull: false } });
    const replace = allowedReplacement(args, io, replacement);
    const clone = stringOption(args, 'clone');
    const pass = await setUpPass(sources, { storeDir, gnupgHome, prefixes, cloneFrom: clone, ...(args.values['no-pull'] ? { pull: false } : {}) }, replace);
    io.stderr.write(
      `${clone ? `Cloned ${clone} into ${pass.storeDir}; the` : 'The'} pass store ${pass.storeDir} is set up${pass.gnupgHome ? ` (GnuPG home ${pass.gnupgHome})` : ''}: setups may reference ${pass.prefixes.map((p) => `pass:${p}/…`).join(', ')}${pass.pull ? '; it is pulled before a read (at most every 5 minutes)' : ''}.\n`,
    );
  },
};
