// Every command's name, in the help's order, and how to load the one file that defines it
// (commands/<name>.ts: its usage, options, description and run). Data only: it imports no
// command, and no command imports it (the completion helper gets them all through its context),
// so the dispatcher loads a command without an import loop.
import type { Command } from './command.js';

const COMMANDS = {
  'org add': () => import('./commands/org-add.js'),
  'org list': () => import('./commands/org-list.js'),
  'org show': () => import('./commands/org-show.js'),
  'org remove': () => import('./commands/org-remove.js'),
  'org rename': () => import('./commands/org-rename.js'),
  'org env add': () => import('./commands/org-env-add.js'),
  'org env update': () => import('./commands/org-env-update.js'),
  'org env remove': () => import('./commands/org-env-remove.js'),
  'env list': () => import('./commands/env-list.js'),
  'source add pass': () => import('./commands/source-add-pass.js'),
  'source add vault': () => import('./commands/source-add-vault.js'),
  'source add command': () => import('./commands/source-add-command.js'),
  'source list': () => import('./commands/source-list.js'),
  'source remove': () => import('./commands/source-remove.js'),
  'source pull': () => import('./commands/source-pull.js'),
  'source check': () => import('./commands/source-check.js'),
  'client add': () => import('./commands/client-add.js'),
  'client set-secret': () => import('./commands/client-set-secret.js'),
  'client remove': () => import('./commands/client-remove.js'),
  'client rename': () => import('./commands/client-rename.js'),
  'key generate': () => import('./commands/key-generate.js'),
  'key import': () => import('./commands/key-import.js'),
  'key public': () => import('./commands/key-public.js'),
  'key set-kid': () => import('./commands/key-set-kid.js'),
  'key list': () => import('./commands/key-list.js'),
  'key retire': () => import('./commands/key-retire.js'),
  'key remint': () => import('./commands/key-remint.js'),
  list: () => import('./commands/list.js'),
  'trash list': () => import('./commands/trash-list.js'),
  'trash restore': () => import('./commands/trash-restore.js'),
  doctor: () => import('./commands/doctor.js'),
  'org update': () => import('./commands/org-update.js'),
  'client update': () => import('./commands/client-update.js'),
  tokens: () => import('./commands/tokens.js'),
  'client list': () => import('./commands/client-list.js'),
  'client show': () => import('./commands/client-show.js'),
  discover: () => import('./commands/discover.js'),
  login: () => import('./commands/login.js'),
  logout: () => import('./commands/logout.js'),
  token: () => import('./commands/token.js'),
  request: () => import('./commands/request.js'),
  exec: () => import('./commands/exec.js'),
  inject: () => import('./commands/inject.js'),
  'git-credential': () => import('./commands/git-credential.js'),
  inspect: () => import('./commands/inspect.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  handouts: () => import('./commands/handouts.js'),
  completion: () => import('./commands/completion.js'),
  agent: () => import('./commands/agent.js'),
  __complete: () => import('./commands/__complete.js'),
} satisfies Record<string, () => Promise<{ command: Command }>>;

export type CommandName = keyof typeof COMMANDS;

/** The help's groups, in its order: the daily commands first. Every listed command is in one (test/cli/help.test.ts). */
export const HELP_GROUPS: ReadonlyArray<{ title: string; commands: readonly CommandName[] }> = [
  { title: 'TOKENS AND REQUESTS', commands: ['token', 'request', 'exec', 'inject', 'tokens', 'login', 'logout', 'git-credential'] },
  { title: 'ORGANIZATIONS', commands: ['org add', 'org list', 'org show', 'org update', 'org rename', 'org remove', 'org env add', 'org env update', 'org env remove', 'env list', 'trash list', 'trash restore'] },
  { title: 'CLIENTS', commands: ['client add', 'client list', 'client show', 'client update', 'client rename', 'client set-secret', 'client remove'] },
  { title: 'KEYS', commands: ['key generate', 'key import', 'key list', 'key public', 'key set-kid', 'key retire', 'key remint'] },
  { title: 'SOURCES', commands: ['source add pass', 'source add vault', 'source add command', 'source list', 'source check', 'source pull', 'source remove'] },
  { title: 'SHARING', commands: ['export', 'import', 'handouts'] },
  { title: 'INSPECTION', commands: ['inspect', 'discover', 'doctor', 'list'] },
  { title: 'SHELL', commands: ['completion', 'agent'] },
];

/** What `tokendeck <words> --help` says first, for the words that start several commands. */
export const GROUP_SUMMARIES: Readonly<Record<string, string>> = {
  org: 'Organizations: an API\'s provider, its URLs, the origins its credentials may go to, its environments.',
  'org env': 'An organization\'s environments: what each overrides (API URL, token URL, origins, audience) and whether it is production.',
  env: 'The environments of the organizations.',
  client: 'Clients: one application\'s credentials at an organization, in one environment (its secret in the keychain).',
  key: 'Signing keys: an organization\'s private keys (in the keychain) for DevTokens and signed JWTs.',
  source: 'Secret sources: a team\'s pass store, HashiCorp Vault or a command, which setups may reference instead of holding secrets.',
  'source add': 'Set up a secret source.',
  trash: 'Removed organizations and clients, kept for a while and restorable with their keychain items.',
};

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** Every command's name (hidden ones too), in the help's order. */
export const commandNames = (): CommandName[] => Object.keys(COMMANDS) as CommandName[];

/** The words that follow `words` in command names (`org env` → add, update, remove): for a message naming them. */
export const nextWords = (words: string): string[] => [...new Set(Object.keys(COMMANDS).filter((name) => name.startsWith(`${words} `)).map((name) => name.slice(words.length + 1).split(' ')[0]!))];

/** Loads the file that defines the command, and only that one. */
export async function loadCommand(name: CommandName): Promise<Command> {
  return (await COMMANDS[name]()).command;
}

/** Every command by name, in the help's order (the help lists them; completion offers them). */
export async function loadAllCommands(): Promise<Record<string, Command>> {
  const names = Object.keys(COMMANDS) as CommandName[];
  const commands = await Promise.all(names.map(loadCommand));
  return Object.fromEntries(names.map((name, at) => [name, commands[at]!]));
}
