// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Which key signs new DevTokens, without zod: the deck's first screen asks it (is an error's
// "set the Key ID" done yet?) and should not load the store's schemas to do so.
import type { SigningKey } from './model.js';

type SigningCandidate = Pick<SigningKey, 'kid' | 'status' | 'hasPrivateKey' | 'createdAt'>;

/**
 * The key new DevTokens are signed with: the newest active key whose private half is here and
 * whose Key ID is known (a DevToken without the dashboard's `kid` would be refused).
 */
export function signingKey<K extends SigningCandidate>(keys: readonly K[]): (K & { kid: string }) | undefined {
  return keys
    .filter((k): k is K & { kid: string } => k.status === 'active' && k.hasPrivateKey && k.kid !== undefined)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}
