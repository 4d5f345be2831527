// Tokens handed out — copied, exported or injected (`tokendeck inject`) with their value — and when they expire. DevTokens
// live 14 days and usually end up pasted into a frontend's configuration, where nobody notices
// them expire: Tokendeck remembers each hand-out (never the value) and says so a day before.
// One entry per token: copying the same token again counts a copy, it does not add a row.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoTime } from './iso-time.js';
import { JsonFileStore } from './json-file-store.js';
import { sameName } from './model/primitives.js';
import { SCHEMES, type Scheme } from './providers/schemes.js';
import { REMIND_BEFORE_MS, remindedBeforeExpiry } from './token-timing.js';
import type { Credential } from './schemes/types.js';

export const HANDOUTS_SCHEMA_VERSION = 1;
/** Expired hand-outs stay listed this long, then are forgotten. */
const KEEP_EXPIRED_MS = 7 * 24 * 3600 * 1000;

export const Handout = z.strictObject({
  id: z.uuid(),
  org: z.string(),
  client: z.string(),
  scheme: z.enum(SCHEMES),
  kid: z.string().optional(),
  sub: z.string().optional(),
  /** The integration user's label for `sub`, as the client named it when the token was handed out. */
  subLabel: z.string().optional(),
  /** Which token: a hash of its value (never the value), so a second copy finds this entry. */
  fingerprint: z.string().optional(),
  /** How many times this token was handed out; `handedOutAt` is the first, `lastHandedOutAt` the latest. */
  copies: z.number().int().min(1).default(1),
  lastHandedOutAt: z.iso.datetime().optional(),
  how: z.enum(['copied', 'exported', 'injected']),
  handedOutAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** When the day-before reminder was shown. */
  remindedAt: z.iso.datetime().optional(),
});
export type Handout = z.infer<typeof Handout>;
export type NewHandout = Omit<Handout, 'id' | 'handedOutAt' | 'remindedAt' | 'copies' | 'lastHandedOutAt'>;

/** A token given out with its value: a cached token's view, or what `handedOutCredential` makes. */
export interface HandedOutToken {
  org: string;
  client: string;
  scheme: Scheme;
  /** ISO time; null for a credential that never expires (nothing to remind of). */
  expiresAt: string | null;
  kid?: string;
  sub?: string;
  subLabel?: string;
}

/**
 * Names a token without keeping it: 128 bits of its SHA-256. Tokens are long random or signed
 * strings, so this neither reveals nor guesses back the value, and two tokens never share it.
 */
export function tokenFingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

/** A credential just issued for `<org>/<client>`, as a hand-out. */
export function handedOutCredential(owner: { org: string; client: string }, credential: Credential): HandedOutToken {
  return {
    org: owner.org,
    client: owner.client,
    scheme: credential.scheme,
    expiresAt: isoTime(credential.expiresAt),
    ...(credential.kid ? { kid: credential.kid } : {}),
    ...(credential.sub ? { sub: credential.sub } : {}),
  };
}

const HandoutData = z.strictObject({ schemaVersion: z.literal(HANDOUTS_SCHEMA_VERSION), handouts: z.array(Handout) });
type HandoutData = z.infer<typeof HandoutData>;

export class HandoutStore extends JsonFileStore<HandoutData> {
  constructor(
    home: string,
    private readonly now: () => number = Date.now,
  ) {
    super(home, {
      fileName: 'handouts.json',
      label: 'hand-out list',
      schema: HandoutData,
      schemaVersion: HANDOUTS_SCHEMA_VERSION,
      empty: () => ({ schemaVersion: HANDOUTS_SCHEMA_VERSION, handouts: [] }),
      afterCorruption: 'an empty list of handed-out tokens',
    });
  }

  /** Whether a hand-out is still worth listing: not expired over a week ago. */
  private kept(): (h: Handout) => boolean {
    const cutoff = this.now() - KEEP_EXPIRED_MS;
    return (h) => Date.parse(h.expiresAt) > cutoff;
  }

  /** Last handed out first; hand-outs expired over a week ago are left out. */
  list(): Handout[] {
    const last = (h: Handout) => h.lastHandedOutAt ?? h.handedOutAt;
    return this.read()
      .handouts.filter(this.kept())
      .sort((a, b) => last(b).localeCompare(last(a)));
  }

  /**
   * Remembers a token given out with its value (`value` is only fingerprinted); one that never
   * expires needs no reminder. The same token handed out again counts one more copy.
   */
  async recordToken(how: Handout['how'], token: HandedOutToken, value: string): Promise<Handout | undefined> {
    const { expiresAt, kid, sub, subLabel, org, client, scheme } = token;
    if (!expiresAt) return undefined;
    return this.record({ how, org, client, scheme, expiresAt, fingerprint: tokenFingerprint(value), ...(kid ? { kid } : {}), ...(sub ? { sub } : {}), ...(subLabel ? { subLabel } : {}) });
  }

  async record(handout: NewHandout): Promise<Handout> {
    return this.update((data) => {
      data.handouts = data.handouts.filter(this.kept());
      const at = new Date(this.now()).toISOString();
      const earlier = handout.fingerprint ? data.handouts.find((h) => h.fingerprint === handout.fingerprint) : undefined;
      if (earlier) {
        // Its reminder, if shown, stays shown: one token, one reminder.
        Object.assign(earlier, { copies: earlier.copies + 1, lastHandedOutAt: at, how: handout.how });
        return earlier;
      }
      const entry: Handout = { ...handout, id: randomUUID(), copies: 1, handedOutAt: at };
      data.handouts.push(entry);
      return entry;
    });
  }

  async forget(id: string): Promise<void> {
    await this.update((data) => {
      data.handouts = data.handouts.filter((h) => h.id !== id);
    });
  }

  /** Forgets the hand-outs of an organization that is being removed. */
  async forgetOrganization(orgName: string): Promise<void> {
    if (!this.read().handouts.some((h) => sameName(h.org, orgName))) return;
    await this.update((data) => {
      data.handouts = data.handouts.filter((h) => !sameName(h.org, orgName));
    });
  }

  /**
   * The hand-outs of an organization (or of one client of it) under its new name: they name what
   * they were handed out for, and a rename (renames.ts) moves them. Writes only if one names it;
   * one already moved stays as it is, so a rename tried again after a crash finishes the job.
   */
  async rename(owner: { org: string; client?: string }, to: string): Promise<void> {
    const named = (h: Handout) => sameName(h.org, owner.org) && (owner.client === undefined || sameName(h.client, owner.client));
    if (!this.read().handouts.some(named)) return;
    await this.update((data) => {
      for (const h of data.handouts.filter(named)) {
        if (owner.client === undefined) h.org = to;
        else h.client = to;
      }
    });
  }

  /**
   * The hand-outs that expire within a day and were not reminded of yet, marked as reminded:
   * each is returned once. A token already expired when first seen is not reminded of, nor one
   * that lives a day or less (remindedBeforeExpiry): the deck's note says so only where it applies.
   */
  async takeDueReminders(): Promise<Handout[]> {
    const now = this.now();
    const due = (h: Handout) => !h.remindedAt && remindedBeforeExpiry(h) && Date.parse(h.expiresAt) > now && Date.parse(h.expiresAt) - now <= REMIND_BEFORE_MS;
    if (!this.read().handouts.some(due)) return [];
    return this.update((data) => {
      const taken = data.handouts.filter(due);
      for (const h of taken) h.remindedAt = new Date(now).toISOString();
      return taken;
    });
  }
}

/** The notification text for a reminder. */
export function reminderText(h: Handout): { title: string; body: string } {
  const expires = new Date(h.expiresAt);
  return {
    title: `${h.org}/${h.client}: a ${h.scheme} token expires within a day`,
    body: `The token you ${h.how} on ${h.handedOutAt.slice(0, 10)} expires at ${expires.toISOString().replace('T', ' ').slice(0, 16)} UTC. Copy a fresh one where it is used.`,
  };
}
