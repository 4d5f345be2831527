// The secret-source audit as the deck shows it (issue 24): `auditSources`' findings, each with the
// fix a member left out of a pass entry is told (the same words as `tokendeck doctor`), and how
// many cached tokens the repair would drop. Never a value: the audit reads and forgets.
import { notRecipientFix, tokensOfUnreadable, type SourceAudit, type SourceFinding } from './source-audit.js';
import type { TokenService } from './token-service.js';

export interface SourceAuditView {
  findings: Array<SourceFinding & { /** What to ask for, when this user is not a recipient of the pass entry. */ fix?: string }>;
  /** The cached tokens of clients whose source cannot be read: what "Drop their cached tokens" deletes. */
  droppableTokens: number;
}

export function viewSourceAudit(tokens: TokenService, audit: SourceAudit): SourceAuditView {
  return {
    findings: audit.findings.map((f) => (f.recipient === false ? { ...f, fix: notRecipientFix(f.reference.slice('pass:'.length), f.recipientsFile) } : f)),
    droppableTokens: tokensOfUnreadable(tokens, audit).length,
  };
}
