// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Which key signs new DevTokens, without zod: the deck's first screen asks it (is an error's
// "set the Key ID" done yet?) and should not load the store's schemas to do so.
import type { SigningKey } from './model/entities.js';

type SigningCandidate = Pick<SigningKey, 'kid' | 'status' | 'hasPrivateKey' | 'createdAt'>;

/**
 * The key new DevTokens are signed with: the newest active key whose private half is here and
 * whose Key ID is known (a DevToken without the dashboard's `kid` would be refused). A signed-JWT
 * profile whose header names no key (`needsKid` false: GitHub Apps) signs with a key without one.
 */
export function signingKey<K extends SigningCandidate>(keys: readonly K[]): (K & { kid: string }) | undefined;
export function signingKey<K extends SigningCandidate>(keys: readonly K[], needsKid: boolean): K | undefined;
export function signingKey<K extends SigningCandidate>(keys: readonly K[], needsKid = true): K | undefined {
  return keys
    .filter((k) => k.status === 'active' && k.hasPrivateKey && (!needsKid || k.kid !== undefined))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}
