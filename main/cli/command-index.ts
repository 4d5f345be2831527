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
  inspect: () => import('./commands/inspect.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  handouts: () => import('./commands/handouts.js'),
  completion: () => import('./commands/completion.js'),
  __complete: () => import('./commands/__complete.js'),
} satisfies Record<string, () => Promise<{ command: Command }>>;

export type CommandName = keyof typeof COMMANDS;

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
