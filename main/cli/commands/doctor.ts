// `tokendeck doctor`: do the vault and the keychain agree, and can every secret source be read?
// `--fix` makes the first agree, moving orphaned keychain entries to the trash, and drops the
// cached tokens of clients whose source can no longer be read; only when the user says so.
import type { KeychainAudit } from '../../core/keychain-audit.js';
import type { TokenRecord } from '../../core/model/entities.js';
import type { SourceAudit } from '../../core/source-audit.js';
import { jsonOption, yesOption, type Command, type Parsed } from '../command.js';
import { confirmOrRefuse } from '../confirm-or-refuse.js';
import { printJson, printLines, type CliIo } from '../io.js';
import { count, trashDays } from '../removal-words.js';

function auditLines(audit: KeychainAudit): string[] {
  return [
    ...audit.missingSecrets.map(({ org, client }) => `secret missing: ${org}/${client} (set it again with \`tokendeck client set-secret ${org}/${client}\`)`),
    ...audit.missingPrivateKeys.map(({ org, kid }) => `private key missing: ${org} key ${kid} (import it again, or generate a new key)`),
    ...audit.missingTlsKeys.map(({ org, client }) => `TLS private key missing: ${org}/${client}'s certificate cannot be presented (add it again with \`tokendeck client update ${org}/${client} --cert FILE --cert-key FILE\`)`),
    ...audit.orphans.map((account) => `orphaned keychain entry: ${account} (--fix moves it to the trash)`),
  ];
}

function sourceLines(audit: SourceAudit, notRecipientFix: (path: string, file: string | undefined) => string): string[] {
  return audit.findings.flatMap((f) => {
    const where = `${f.what} from ${f.reference}`;
    // Not a recipient says why the read failed, and what to ask for, better than gpg's error.
    if (f.recipient === false) {
      const fix = notRecipientFix(f.reference.slice('pass:'.length), f.recipientsFile);
      return [f.readable ? `not a recipient: ${where}: still readable, but the next re-encryption leaves you out: ${fix}` : `source unreadable: ${where}: ${fix}`];
    }
    return f.readable ? [] : [`source unreadable: ${where}: ${f.error?.code}: ${f.error?.message}`];
  });
}

/**
 * Orphans may be this home's secrets (its vault.json moved aside) or another home's sharing the
 * keychain service; tokens of a client whose source cannot be read were minted with a secret this
 * user may no longer hold. The repair moves the first to the trash and deletes the second, only
 * when the user says so (a terminal's question, or --yes; without either nothing changes, exit 2).
 */
async function confirmRepair(args: Parsed, io: CliIo, audit: KeychainAudit, doomed: TokenRecord[]): Promise<void> {
  if (!audit.orphans.length && !doomed.length) return;
  const lines = [
    ...(audit.orphans.length
      ? [
          `The repair moves ${count(audit.orphans.length, 'keychain entry', 'keychain entries')} the vault does not list to the trash (kept ${await trashDays()} days, \`tokendeck trash restore "keychain orphans"\` puts them back):`,
          ...audit.orphans.map((account) => `  ${account}`),
          'They may be secrets of a vault.json that was moved aside, or of another Tokendeck home using the same keychain service.',
        ]
      : []),
    ...(doomed.length ? [`The repair deletes ${count(doomed.length, 'cached token')} of clients whose secret source can no longer be read (a token is made again once the source can be read).`] : []),
  ];
  await confirmOrRefuse(args, io, lines, doomed.length ? 'Repair?' : 'Make them agree?', 'Nothing was changed.');
}

export const command: Command = {
  usage: 'doctor',
  summary: 'check the vault against the keychain and sources',
  description: 'do the vault and the keychain agree, can every secret source be read? With --fix, makes them agree (orphans go to the trash) and drops tokens of unreadable sources',
  examples: ['tokendeck doctor', 'tokendeck doctor --fix --yes'],
  positionals: 0,
  options: { ...jsonOption, fix: { type: 'boolean', description: 'repair what it found (asks on a terminal, else needs --yes)' }, ...yesOption },
  async run(args, { io, vault, tokens }) {
    // Loaded here, beside the vault it audits: the audit reads the trash's module, off the help's path.
    const [{ isClean }, sourceAudit] = await Promise.all([import('../../core/keychain-audit.js'), import('../../core/source-audit.js')]);
    const before = await vault().auditKeychain();
    const sources = await sourceAudit.auditSources(vault());
    const doomed = args.values.fix ? sourceAudit.tokensOfUnreadable(tokens(), sources) : [];
    if (args.values.fix) await confirmRepair(args, io, before, doomed);
    const after = args.values.fix && !isClean(before) ? await vault().repairKeychain() : before;
    const droppedTokens = doomed.length ? await sourceAudit.dropTokensOfUnreadable(tokens(), sources) : 0;
    // Exit 1 while a problem remains, so scripts can check.
    const clean = isClean(after) && sourceAudit.sourcesClean(sources);
    const code = clean ? 0 : 1;
    if (args.values.json) return (printJson(io, { found: before, sources, ...(args.values.fix ? { after, droppedTokens } : {}) }), code);
    if (isClean(before) && sourceAudit.sourcesClean(sources)) return (io.stderr.write(`The vault and the keychain agree${sources.findings.length ? `, and every secret source can be read (${count(sources.findings.length, 'reference')})` : ''}.\n`), code);
    printLines(io, [...auditLines(before), ...sourceLines(sources, sourceAudit.notRecipientFix)]);
    if (droppedTokens) io.stderr.write(`Deleted ${count(droppedTokens, 'cached token')} of clients whose source cannot be read.\n`);
    io.stderr.write(args.values.fix ? (clean ? 'Fixed: they agree now.\n' : 'Some problems remain: the lines above say what to do.\n') : `Run \`tokendeck doctor --fix\` to ${isClean(before) ? 'drop the tokens of clients whose source cannot be read' : 'make them agree'}.\n`);
    return code;
  },
};
