// `tokendeck source remove`: takes a source down on this machine (the Vault login's keychain entry
// too), after naming the clients and keys that read from it: they fail until it is set up again.
import { TokendeckError } from '../../core/errors.js';
import type { Vault } from '../../core/vault.js';
import { yesOption, usageLine, type Command } from '../command.js';
import { confirmOrRefuse } from '../confirm-or-refuse.js';

const KINDS = ['pass', 'vault', 'command'] as const;
type Kind = (typeof KINDS)[number];

/** The clients and keys whose reference names the source (`pass:`, `vault:`, `command:<name>`). */
function readersOf(vault: Vault, kind: Kind, name: string | undefined): string[] {
  const names = (reference: string | undefined) => reference !== undefined && (kind === 'command' ? reference === `command:${name}` : reference.startsWith(`${kind}:`));
  return vault.tree().organizations.flatMap((org) => [
    ...org.clients.filter((c) => names(c.secretSource)).map((c) => `${org.name}/${c.name}`),
    ...org.keys.filter((k) => names(k.privateKeySource)).map((k) => `${org.name} key ${k.kid ?? k.thumbprint}`),
  ]);
}

export const command: Command = {
  usage: 'source remove pass|vault|command [<name>]',
  summary: 'remove a secret source',
  description: 'asks on a terminal, else needs --yes; the clients and keys reading from it fail until it is set up again',
  examples: ['tokendeck source remove pass', 'tokendeck source remove command op-acme --yes'],
  positionals: -1,
  options: { ...yesOption },
  async run(args, { io, vault }) {
    const [kind, name, ...extra] = args.positionals;
    if (!KINDS.includes(kind as Kind) || extra.length || (kind === 'command') !== (name !== undefined)) {
      throw new TokendeckError('USAGE', `Name the source: pass, vault, or command <name>.\nUsage: tokendeck ${usageLine(command)}`);
    }
    const which = kind === 'command' ? `the command ${name}` : `the ${kind} source`;
    const settings = vault().sources.settings();
    if (kind === 'command' ? !Object.hasOwn(settings.commands, name!) : !settings[kind as 'pass' | 'vault']) throw new TokendeckError('NOT_FOUND', `${which[0]!.toUpperCase()}${which.slice(1)} is not set up here (tokendeck source list shows what is).`);
    const readers = readersOf(vault(), kind as Kind, name);
    const lines = [
      `Removing ${which} from this machine${kind === 'vault' ? ' (and its token or AppRole secret id from the keychain)' : ''}${kind === 'pass' ? ' (the store\'s folder stays as it is)' : ''}.`,
      readers.length ? `  Reading from it, and failing until it is set up again: ${readers.join(', ')}` : '  No client or key reads from it.',
    ];
    await confirmOrRefuse(args, io, lines, `Remove ${which}?`);
    const [{ removeSource }, { vaultSettingsFromEnv }] = await Promise.all([import('../../core/sources/source-setup.js'), import('../../core/vault-core.js')]);
    await removeSource(vault().sources, vaultSettingsFromEnv(io.env).keychain, kind as Kind, name);
    io.stderr.write(`Removed ${which} from this machine.\n`);
  },
};
