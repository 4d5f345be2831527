// `doctor`'s audit of the secret sources (issue 24): every reference a client or a key reads is read
// once (the value never kept or shown) and reported with its error; a pass entry is also asked who
// may read it (its `.gpg-id`), so a member the team re-encrypted without is told so before the
// next re-encryption bites. The repair drops the cached tokens of clients whose source can no
// longer be read: a member removed from the team keeps no token minted with the team's secret.
import type { ErrorPayload } from './errors.js';
import type { TokenRecord } from './model/entities.js';
import type { SecretPurpose } from './sources/reference-reader.js';
import { parseSecretReference } from './sources/reference.js';
import type { SourceSettings } from './sources/source-settings.js';
import type { TokenService } from './token-service.js';
import type { Vault } from './vault.js';

export interface SourceFinding {
  /** "musimap/web secret", "acme key K1 private key" */
  what: string;
  reference: string;
  /** The client's uuid, for a client's secret: its cached tokens are what the repair drops. */
  clientRef?: string;
  readable: boolean;
  error?: ErrorPayload;
  /** A pass entry: whether this user's key is among the recipients its `.gpg-id` names (undefined when that could not be asked). */
  recipient?: boolean;
  /** The entry's `.gpg-id`, relative to the store, when this user is not among its recipients. */
  recipientsFile?: string;
}

export interface SourceAudit {
  findings: SourceFinding[];
}

/** Whether a finding needs the user: the source cannot be read, or the entry is no longer encrypted for them. */
export const isSourceProblem = (f: SourceFinding) => !f.readable || f.recipient === false;

export const sourcesClean = (audit: SourceAudit) => !audit.findings.some(isSourceProblem);

/** What to tell the user of a pass entry they are not a recipient of. */
export function notRecipientFix(path: string, file: string | undefined): string {
  return `you are not a recipient of ${path}${file ? ` (${file})` : ''}: ask a teammate to add your key and re-encrypt (pass init <their key id> <your key id>, then git push), then pull the store`;
}

/** Whether this user's key is among the recipients of the pass entry (undefined: not a pass reference, no store, or gpg could not say). */
async function passRecipient(settings: SourceSettings, reference: string): Promise<{ recipient: boolean; file: string } | undefined> {
  const parsed = parseSecretReference(reference);
  if (parsed.kind !== 'pass' || !settings.pass) return undefined;
  const { passRecipients, canDecryptWith } = await import('./sources/pass-recipients.js');
  try {
    const { file, recipients } = await passRecipients(settings.pass.storeDir, parsed.path);
    return { recipient: await canDecryptWith(recipients, settings.pass.gnupgHome), file };
  } catch {
    // The read's own error says what is wrong with the store or gpg.
    return undefined;
  }
}

/** Every client's and key's reference, each read once (one at a time: gpg may ask for a passphrase once). */
export async function auditSources(vault: Vault): Promise<SourceAudit> {
  const uses: Array<{ what: string; reference: string; purpose: SecretPurpose; clientRef?: string }> = [];
  for (const org of vault.tree().organizations) {
    for (const client of org.clients) if (client.secretSource !== undefined) uses.push({ what: `${org.name}/${client.name} secret`, reference: client.secretSource, purpose: 'secret', clientRef: client.id });
    for (const key of org.keys) if (key.privateKeySource !== undefined) uses.push({ what: `${org.name} key ${key.kid ?? key.thumbprint} private key`, reference: key.privateKeySource, purpose: 'private-key' });
  }
  if (!uses.length) return { findings: [] };
  const settings = vault.sources.settingsOrNone();
  const done = new Map<string, Omit<SourceFinding, 'what' | 'clientRef'>>();
  const findings: SourceFinding[] = [];
  for (const use of uses) {
    const key = `${use.purpose} ${use.reference}`;
    let result = done.get(key);
    if (!result) {
      const check = await vault.sources.check(use.reference, use.purpose);
      const recipients = await passRecipient(settings, use.reference);
      result = {
        reference: use.reference,
        readable: check.readable,
        ...(check.readable ? {} : { error: check.error }),
        ...(recipients ? { recipient: recipients.recipient, ...(recipients.recipient ? {} : { recipientsFile: recipients.file }) } : {}),
      };
      done.set(key, result);
    }
    findings.push({ what: use.what, ...(use.clientRef ? { clientRef: use.clientRef } : {}), ...result });
  }
  return { findings };
}

/** The cached tokens of the clients whose source can no longer be read: what the repair drops. */
export function tokensOfUnreadable(tokens: TokenService, audit: SourceAudit): TokenRecord[] {
  const clients = new Set(audit.findings.flatMap((f) => (!f.readable && f.clientRef ? [f.clientRef] : [])));
  return tokens.records().filter((t) => clients.has(t.clientRef));
}

/** Drops them, records and values together (as a discard from the deck); how many. */
export async function dropTokensOfUnreadable(tokens: TokenService, audit: SourceAudit): Promise<number> {
  const doomed = tokensOfUnreadable(tokens, audit);
  for (const record of doomed) await tokens.discard(record.id);
  return doomed.length;
}
