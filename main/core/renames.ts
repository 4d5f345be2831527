// Renaming an organization or a client, for the app and the CLI: what is kept by name moves first,
// the vault's name changes last, in one atomic write (vault-rename.ts). A crash before that write
// leaves the old name working, secrets and history whole (they are kept by id), and the same rename
// tried again finishes the job: each move skips what already moved. A rename changes no
// destination: no URL, origin, audience or secret place is touched.
//
// What is kept by name, and so moves: the hand-outs (handouts.json names `<org>/<client>`) and, for
// a client, the requests of the console's history and saved requests (console.json names their
// client). Kept by id, and so not moved: the keychain's accounts (keychain-accounts.ts), the token
// cache, the trash, the console's history itself (by the organization's id, its requests shown under
// the organization's current name).
import type { Client, Organization } from './model/entities.js';
import type { Core } from './open-vault.js';

type Undo = Array<() => Promise<void>>;

/** The vault's write last; should it fail (the name taken meanwhile), what moved is moved back. */
async function commitLast<T>(moves: Undo, commit: () => Promise<T>): Promise<T> {
  try {
    return await commit();
  } catch (error) {
    for (const undo of moves.reverse()) await undo().catch(() => undefined);
    throw error;
  }
}

export async function renameOrganization(core: Pick<Core, 'vault' | 'handouts'>, name: string, to: string, { beforeCommit }: RenameHooks = {}): Promise<Organization> {
  const { from, to: newName } = core.vault.checkOrganizationRename(name, to);
  await core.handouts.rename({ org: from }, newName);
  await beforeCommit?.();
  return commitLast([() => core.handouts.rename({ org: newName }, from)], () => core.vault.renameOrganization(from, newName));
}

export async function renameClient(core: Pick<Core, 'vault' | 'handouts' | 'requestConsole'>, orgName: string, clientName: string, to: string, { beforeCommit }: RenameHooks = {}): Promise<Client> {
  const { org, from, to: newName } = core.vault.checkClientRename(orgName, clientName, to);
  const moves: Undo = [];
  await core.requestConsole.renameClient(org, from, newName);
  moves.push(() => core.requestConsole.renameClient(org, newName, from));
  await core.handouts.rename({ org, client: from }, newName);
  moves.push(() => core.handouts.rename({ org, client: newName }, from));
  await beforeCommit?.();
  return commitLast(moves, () => core.vault.renameClient(org, from, newName));
}

export interface RenameHooks {
  /** Between the moves and the vault's write: the crash tests stop there (test/core/renames.test.ts). */
  beforeCommit?: () => Promise<void>;
}
