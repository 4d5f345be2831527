// The user's actions that reach more than one part of the core — removing an organization, copying
// a token (a hand-out to remember), copying a request with its real credential — written once
// here. The app's handlers and the CLI's commands call them in one line and only translate.
import type { ConsoleRequest } from './console/console-model.js';
import type { ExportFormat } from './console/export-code.js';
import { copiedHeaderForm } from './credential-forms.js';
import { handedOutCredential, type HandedOutToken } from './handouts.js';
import { isoTime } from './iso-time.js';
import type { Core } from './open-vault.js';
import { sameName } from './model/primitives.js';
import type { TokenCopy, TokenRequest } from './model/inputs.js';
import type { Scheme } from './providers/schemes.js';
import type { IssuedCredential } from './token-service.js';
import type { TrashItem } from './trash.js';
import type { VaultRemoval } from './vault.js';

/** Where a copied secret goes (the app's ClipboardGuard, the CLI's platform tool); resolves to
 * the milliseconds until it is cleared from there. */
export interface SecretClipboard {
  copy(secret: string): Promise<number>;
}

/** What a copy answers: never the value, which went to the clipboard. */
export interface CopiedToken {
  scheme: Scheme;
  tokenId?: string;
  issuedAt: string;
  /** Null for a credential that never expires (token, basic). */
  expiresAt: string | null;
  fromCache: boolean;
  /** What went to the clipboard: the bare value or the whole header line. */
  copied: 'value' | 'header';
  clearsInMs: number;
  /** The cached token asked for had expired (or would within the reuse margin): this new one
   * went in its place. The old one's expiry. */
  replaced?: { expiresAt: string };
}

/**
 * Everything of the organization: its console history and saved requests, its hand-outs, then
 * the vault's part (clients, keys and cached tokens; the records and their keychain entries go to
 * the trash for 7 days, trash.ts). The vault's record goes last: while any step is unfinished the
 * organization is still listed, and removing it again finishes the job.
 */
export async function removeOrganization(core: Core, name: string): Promise<TrashItem> {
  const org = core.vault.organization(name);
  for (const client of core.vault.organizationTree(org.name).clients) if (client.session) await endSessionOnRemoval(core, org.name, client.name);
  await core.requestConsole.forgetOrganization(org.id);
  await core.handouts.forgetOrganization(org.name);
  return core.vault.removeOrganization(org.name);
}

/**
 * A client removed with a person signed in: the refresh token is revoked at the server first (RFC
 * 7009, as on sign-out) and forgotten, never kept in the trash — a restored client signs in again.
 * A server that cannot revoke it does not stop the removal.
 */
async function endSessionOnRemoval(core: Pick<Core, 'tokens'>, org: string, client: string): Promise<void> {
  await core.tokens.signOut({ org, client }).catch(() => undefined);
}

/** Removes a client (to the trash), its session ended first. */
export async function removeClient(core: Pick<Core, 'vault' | 'tokens'>, org: string, client: string): Promise<TrashItem> {
  const { client: found } = core.vault.resolveClient(org, client);
  if (found.session) await endSessionOnRemoval(core, org, client);
  return core.vault.removeClient(org, client);
}

/** What removing an organization takes: the vault's part (whose secrets and keys go to the trash) and what goes for good. */
export interface OrganizationRemoval extends VaultRemoval {
  handouts: number;
  historyEntries: number;
  savedRequests: number;
}

/** Read only: what `removeOrganization` would take, for the question asked before it. */
export async function organizationRemoval(core: Core, name: string): Promise<OrganizationRemoval> {
  const removal = core.vault.removalOf(name);
  return {
    ...removal,
    handouts: core.handouts.list().filter((h) => sameName(h.org, removal.organization)).length,
    historyEntries: (await core.requestConsole.history(removal.organization)).length,
    savedRequests: core.requestConsole.saved(removal.organization).length,
  };
}

/** The hand-out with its DevToken `sub` named as the client names that integration user. */
export function withSubLabel(core: Core, token: HandedOutToken): HandedOutToken {
  if (!token.sub) return token;
  const { client } = core.vault.resolveClient(token.org, token.client);
  const user = client.integrationUsers.find((u) => u.uuid === token.sub || u.label === token.sub);
  return user ? { ...token, subLabel: user.label } : token;
}

/** Makes (or reuses) the client's credential, copies it and remembers the hand-out. */
export async function copyToken(core: Core, clipboard: SecretClipboard, { as: copied = 'value', ...request }: TokenCopy): Promise<CopiedToken> {
  const credential = await core.tokens.credential(request);
  const clearsInMs = await clipboard.copy(copied === 'header' ? copiedHeaderForm(credential) : credential.token);
  await core.handouts.recordToken('copied', withSubLabel(core, handedOutCredential(request, credential)), credential.token);
  return copiedAnswer(credential, copied, clearsInMs);
}

/** What a credential made and handed to no one is, without its value. */
export type MadeToken = Pick<CopiedToken, 'scheme' | 'tokenId' | 'issuedAt' | 'expiresAt' | 'fromCache'>;

/**
 * Makes (or reuses) the client's credential and hands it to no one: no clipboard, no hand-out.
 * The connection's test of each environment, which only needs to know the exchange worked.
 */
export async function makeToken(core: Core, request: TokenRequest): Promise<MadeToken> {
  return madeAnswer(await core.tokens.credential(request));
}

function madeAnswer(credential: IssuedCredential): MadeToken {
  return {
    scheme: credential.scheme,
    ...(credential.tokenId ? { tokenId: credential.tokenId } : {}),
    issuedAt: isoTime(credential.issuedAt),
    expiresAt: isoTime(credential.expiresAt),
    fromCache: credential.fromCache,
  };
}

/** What the caller is told of a credential it copied (never its value). */
function copiedAnswer(credential: IssuedCredential, copied: CopiedToken['copied'], clearsInMs: number): CopiedToken {
  return { ...madeAnswer(credential), copied, clearsInMs };
}

/**
 * Copies a token from the cache (NOT_FOUND once it is gone) and remembers the hand-out. An expired
 * one (or one inside the reuse margin, which `tokendeck token` would not hand out either) is never
 * copied: a new one is made with the same parameters, copied in its place, and the answer says so.
 */
export async function copyCachedToken(core: Core, clipboard: SecretClipboard, tokenId: string): Promise<CopiedToken> {
  const record = core.tokens.record(tokenId);
  if (!core.tokens.reusable(record)) {
    const made = await core.tokens.refresh(record);
    const view = made.tokenId ? core.tokens.view(made.tokenId) : core.tokens.view(tokenId);
    const clearsInMs = await clipboard.copy(made.token);
    await core.handouts.recordToken('copied', withSubLabel(core, view), made.token);
    return { ...copiedAnswer(made, 'value', clearsInMs), replaced: { expiresAt: record.expiresAt } };
  }
  const view = core.tokens.view(tokenId);
  const value = await core.tokens.reveal(tokenId);
  const clearsInMs = await clipboard.copy(value);
  await core.handouts.recordToken('copied', withSubLabel(core, view), value);
  return { scheme: view.scheme, tokenId, issuedAt: view.issuedAt, expiresAt: view.expiresAt, fromCache: true, copied: 'value', clearsInMs };
}

/** Copies the request as code with its real Authorization value (only when the user asks) and
 * remembers the hand-out: the credential now lives wherever the code is pasted. */
export async function copyRequestWithCredential(core: Core, clipboard: SecretClipboard, format: ExportFormat, request: ConsoleRequest): Promise<{ clearsInMs: number }> {
  const { text, credential } = await core.requestConsole.exportCodeWithCredential(format, request);
  const clearsInMs = await clipboard.copy(text);
  await core.handouts.recordToken('exported', withSubLabel(core, handedOutCredential(request, credential)), credential.token);
  return { clearsInMs };
}
