// Every command's name, usage line and the module that runs it. The entry reads only this to
// print the help or to find the one module a command needs: a script calls `tokendeck` often, and
// a module not loaded is start-up time saved. It is on every path: it imports nothing that does work as it loads.
import { SCHEMES } from '../core/providers/schemes.js';
import type { Command } from './command.js';
import { JWT_CLIENT_USAGE, PROFILE_USAGE } from './profile-options.js';

const OAUTH2_USAGE = '[--scope S] [--audience A] [--auth-method basic|post] [--assumed-lifetime <duration>]';

/** The hidden command the detached clipboard helper runs (clipboard.ts): not in the index. */
export const CLEAR_COMMAND = '__clear-clipboard';

type CommandModule = 'vault' | 'settings' | 'listing' | 'token' | 'share' | 'trash' | 'completion';

const MODULES: Record<CommandModule, () => Promise<Record<string, Command>>> = {
  vault: async () => (await import('./vault-commands.js')).vaultCommands,
  settings: async () => (await import('./settings-commands.js')).settingsCommands,
  listing: async () => (await import('./listing-commands.js')).listingCommands,
  token: async () => (await import('./token-commands.js')).tokenCommands,
  share: async () => (await import('./share-commands.js')).shareCommands,
  trash: async () => (await import('./trash-commands.js')).trashCommands,
  completion: async () => (await import('./completion.js')).completionCommands,
};

/** In the help's order. A usage note in `(…)` after two spaces is the command's own help text. */
const INDEX = {
  'org add': { module: 'vault', usage: `org add <org> --provider musicapi|musimap|oauth2|jwt [--api-url URL] [--token-url URL] [--allow-origin ORIGIN]... ${PROFILE_USAGE}` },
  'org list': { module: 'vault', usage: 'org list [--json]' },
  'org remove': { module: 'vault', usage: 'org remove <org> [--yes]   (asks on a terminal, else needs --yes; secrets and keys go to the trash for 7 days)' },
  'client add': {
    module: 'vault',
    usage: `client add <org>/<client> --env <env> --client-id <id> [--secret-stdin] [--user <label>=<uuid>]... [--default-scheme S] ${OAUTH2_USAGE} ${JWT_CLIENT_USAGE}`,
  },
  'client set-secret': { module: 'vault', usage: 'client set-secret <org>/<client>    (the secret is read from stdin)' },
  'client remove': { module: 'vault', usage: 'client remove <org>/<client> [--yes]   (asks on a terminal, else needs --yes; its secret goes to the trash for 7 days)' },
  'key generate': { module: 'vault', usage: 'key generate <org> [--kid <kid>]    (prints the public key PEM; without --kid the key waits for its Key ID: key set-kid)' },
  'key import': { module: 'vault', usage: 'key import <org> [--kid <kid>] --file <pem>   (without --kid the key waits for its Key ID: key set-kid)' },
  'key public': { module: 'vault', usage: 'key public <org> [--kid=<kid or thumbprint>] [--jwk]   (the public half to upload: PEM, or a JWK with its alg)' },
  'key set-kid': {
    module: 'vault',
    usage: 'key set-kid <org> [--thumbprint=<start of it>] --kid <kid>   (the Key ID the dashboard shows for a pending key; --thumbprint names it if several wait)',
  },
  'key list': { module: 'vault', usage: 'key list <org> [--json]' },
  'key retire': { module: 'vault', usage: 'key retire <org> --kid=<kid or thumbprint> --yes   (moves the private key to the trash; the public half still verifies)' },
  'key remint': { module: 'vault', usage: 'key remint <org>   (mints again the cached DevTokens signed with a retired or superseded key)' },
  list: { module: 'vault', usage: 'list [--json]    (the whole tree; never a secret)' },
  'trash list': { module: 'trash', usage: 'trash list [--json]   (what removals put in the trash, from where, and when it expires: 7 days after)' },
  'trash restore': { module: 'trash', usage: 'trash restore <id|name>   (puts back the organization, client or key with its secrets)' },
  doctor: { module: 'vault', usage: 'doctor [--fix [--yes]] [--json]   (do the vault and the keychain agree? --fix makes them; orphans go to the trash)' },
  'org update': {
    module: 'settings',
    usage:
      `org update <org> [--api-url URL] [--token-url URL] [--allow-origin ORIGIN]... [--no-origins] [--agreement REF] [--licensed-product P]... [--valid-until YYYY-MM-DD] [--no-agreement] [--catalog NAME=ID:private|shared]... [--no-catalogs] [--notes TEXT] ${PROFILE_USAGE} [--allow-destination-change]`,
  },
  'client update': {
    module: 'settings',
    usage: `client update <org>/<client> [--env ENV] [--production on|off] [--client-id ID] [--default-scheme ${SCHEMES.join('|')}] [--user <label>=<uuid>]... [--no-users] [--auto-refresh on|off] [--devtoken-ttl <duration>] ${OAUTH2_USAGE} ${JWT_CLIENT_USAGE} [--allow-destination-change]`,
  },
  tokens: { module: 'listing', usage: 'tokens [--json]   (the cached tokens: client, scheme, sub, expiry and time left; never a value)' },
  'client list': { module: 'listing', usage: 'client list [<org>] [--json]' },
  token: {
    module: 'token',
    usage: `token <org>/<client> [--scheme ${SCHEMES.join('|')}] [--sub <label|uuid>] [--ttl <duration>] [--fresh] [--json] [--copy]   (--ttl: DevTokens and signed JWTs)`,
  },
  request: {
    module: 'token',
    usage: "request <org>/<client> <METHOD> <URL> [--scheme ...] [-H 'Name: value']... [--data <body> | --data-file <file>] [--json] [--allow-any-origin]",
  },
  exec: { module: 'token', usage: 'exec <org>/<client> [--scheme ...] [--sub <label|uuid>] [--ttl <duration>] -- <command> [args...]' },
  inspect: { module: 'share', usage: 'inspect <jwt | -> [--org <org>] [--json]   (decode, verify with the stored public keys, warn)' },
  export: { module: 'share', usage: 'export [file]   (organizations, clients, public keys, saved requests: never a secret)' },
  import: { module: 'share', usage: 'import <file> [--dry-run] [--allow-destination-change] [--json]   (merges by name; re-pointing a stored secret needs the flag)' },
  handouts: { module: 'share', usage: 'handouts [--json]   (tokens copied or exported with their value, and when they expire)' },
  completion: { module: 'completion', usage: 'completion bash|zsh|fish   (prints the shell completion script; see its first lines)' },
  /** Not listed in the help: the completion scripts call it. */
  __complete: { module: 'completion', usage: '__complete <words…>   (used by the completion scripts)', hidden: true },
} satisfies Record<string, { module: CommandModule; usage: string; hidden?: true }>;

export type CommandName = keyof typeof INDEX;

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(INDEX, name);

/** The usage line, for the module that defines the command (its messages quote it). */
export const usageOf = (name: CommandName): string => INDEX[name].usage;

/** The usage lines the help lists. */
export function listedUsages(): string[] {
  return Object.values(INDEX)
    .filter((entry) => !('hidden' in entry))
    .map((entry) => entry.usage);
}

/** Loads the module that defines the command, and only that one. */
export async function loadCommand(name: CommandName): Promise<Command> {
  return (await MODULES[INDEX[name].module]())[name]!;
}

/** Every command (shell completion offers their names and flags). */
export async function loadAllCommands(): Promise<Record<string, Command>> {
  const modules = await Promise.all(Object.values(MODULES).map((load) => load()));
  return Object.assign({}, ...modules) as Record<string, Command>;
}
