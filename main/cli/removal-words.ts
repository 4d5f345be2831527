// How the removals and the repair count what they take and say how to get it back (the trash
// keeps it TRASH_DAYS days). The days are read when a message needs them: the core's trash module
// is in the vault's chunk, which `--help` (it loads every command file) must not load.
import type { TrashItem } from '../core/trash.js';

export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 clients: web, cli" */
export const named = (n: number, one: string, names: string[]) => `${count(n, one)}${names.length ? `: ${names.join(', ')}` : ''}`;

export const restoreHint = (item: TrashItem) => `until ${item.expiresAt.slice(0, 16).replace('T', ' ')} UTC: \`tokendeck trash restore ${item.name}\``;

/** How many days the trash keeps a removal. */
export async function trashDays(): Promise<number> {
  return (await import('../core/trash.js')).TRASH_DAYS;
}
