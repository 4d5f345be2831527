// What the vault's modules share: its store, where its secrets are (secret-source.ts), its token
// cache and the trash's clock; and the steps every change takes to keep the secrets in step.
import type { VaultData } from './model/entities.js';
import type { SecretSource } from './secret-source.js';
import type { SecretSources } from './sources/secret-sources.js';
import type { TokenValues } from './token-values.js';
import type { VaultStore } from './vault-store.js';

export interface VaultContext {
  readonly store: VaultStore;
  readonly secrets: SecretSource;
  /** The sources outside the keychain a client or key may read from (pass, Vault, a command). */
  readonly sources: SecretSources;
  readonly tokenValues: TokenValues;
  /** The trash's clock (its 7 days); tests move it instead of waiting. */
  readonly now: () => number;
}

/** A record's `createdAt`. */
export const createdNow = () => new Date().toISOString();

/** Steps that undo a change's secret writes, run last first when the change fails. */
export type Undo = Array<() => Promise<unknown>>;

export async function runUndo(undo: Undo): Promise<void> {
  for (const step of undo.reverse()) await step().catch(() => {});
}

/** Deletes the accounts one by one, once the store no longer refers to them. */
export async function deleteAccounts(ctx: VaultContext, accounts: string[]): Promise<void> {
  for (const account of accounts) await ctx.secrets.deleteAccount(account);
}

/** If the store write fails after a secret was written, `deletions` remove the new entries again. */
export async function withSecretRollback<T>(deletions: Array<() => Promise<unknown>>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await Promise.allSettled(deletions.map((deletion) => deletion()));
    throw error;
  }
}

/** Drops token records of removed clients; their values leave the encrypted cache too. */
export async function dropTokensOf(ctx: VaultContext, data: VaultData, clientIds: ReadonlySet<string>): Promise<void> {
  if (!data.tokens.some((t) => clientIds.has(t.clientRef))) return;
  data.tokens = data.tokens.filter((t) => !clientIds.has(t.clientRef));
  await ctx.tokenValues.retain(new Set(data.tokens.map((t) => t.id)));
}
