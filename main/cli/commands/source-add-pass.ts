// `tokendeck source add pass`: the team's pass store on this machine (cloned from its git remote
// with --clone), the GnuPG home to decrypt with, and the prefixes an imported setup may reference.
import { listOption, requiredOption, stringOption, usageLine, type Command } from '../command.js';
import { TokendeckError } from '../../core/errors.js';
import { allowedReplacement, replaceOption } from '../source-replace.js';

export const command: Command = {
  usage: 'source add pass',
  summary: "set up a team's pass store as a secret source (pass:…)",
  description: 'an imported setup may reference only paths under a --prefix',
  examples: ['tokendeck source add pass --store ~/.password-store --prefix team/', 'tokendeck source add pass --store ~/team-pass --clone git@git.example.com:team/pass.git --prefix team/'],
  positionals: 0,
  options: {
    store: { type: 'string', value: 'DIR', required: true, description: 'the store\'s folder' },
    clone: { type: 'string', value: 'REMOTE', description: "clone the team's store (a git remote) into DIR" },
    'gnupg-home': { type: 'string', value: 'DIR', description: 'the GnuPG home to decrypt with' },
    prefix: { type: 'string', multiple: true, value: 'PREFIX', required: true, description: 'a folder of the store setups may reference' },
    'no-pull': { type: 'boolean', description: 'do not pull the store before reading it' },
    ...replaceOption,
  },
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
