// `tokendeck doctor`: do the vault and the keychain agree? `--fix` makes them, moving orphaned
// keychain entries to the trash only when the user says so.
import type { KeychainAudit } from '../../core/keychain-audit.js';
import type { Command, Parsed } from '../command.js';
import { confirmOrRefuse } from '../confirm-or-refuse.js';
import { printJson, printLines, type CliIo } from '../io.js';
import { count, trashDays } from '../removal-words.js';

function auditLines(audit: KeychainAudit): string[] {
  return [
    ...audit.missingSecrets.map(({ org, client }) => `secret missing: ${org}/${client} (set it again with \`tokendeck client set-secret ${org}/${client}\`)`),
    ...audit.missingPrivateKeys.map(({ org, kid }) => `private key missing: ${org} key ${kid} (import it again, or generate a new key)`),
    ...audit.orphans.map((account) => `orphaned keychain entry: ${account} (--fix moves it to the trash)`),
  ];
}

/**
 * Orphans may be this home's secrets (its vault.json moved aside) or another home's sharing the
 * keychain service: the repair moves them to the trash, and only when the user says so (a
 * terminal's question, or --yes; without either nothing changes, exit 2).
 */
async function confirmRepair(args: Parsed, io: CliIo, audit: KeychainAudit): Promise<void> {
  if (!audit.orphans.length) return;
  const lines = [
    `The repair moves ${count(audit.orphans.length, 'keychain entry', 'keychain entries')} the vault does not list to the trash (kept ${await trashDays()} days, \`tokendeck trash restore "keychain orphans"\` puts them back):`,
    ...audit.orphans.map((account) => `  ${account}`),
    'They may be secrets of a vault.json that was moved aside, or of another Tokendeck home using the same keychain service.',
  ];
  await confirmOrRefuse(args, io, lines, 'Make them agree?', 'Nothing was changed.');
}

export const command: Command = {
  usage: 'doctor [--fix [--yes]] [--json]',
  description: 'do the vault and the keychain agree? --fix makes them; orphans go to the trash',
  positionals: 0,
  options: { json: { type: 'boolean' }, fix: { type: 'boolean' }, yes: { type: 'boolean' } },
  async run(args, { io, vault }) {
    // Loaded here, beside the vault it audits: the audit reads the trash's module, off the help's path.
    const { isClean } = await import('../../core/keychain-audit.js');
    const before = await vault().auditKeychain();
    if (args.values.fix && !isClean(before)) await confirmRepair(args, io, before);
    const after = args.values.fix && !isClean(before) ? await vault().repairKeychain() : before;
    // Exit 1 while they disagree, so scripts can check.
    const code = isClean(after) ? 0 : 1;
    if (args.values.json) return (printJson(io, { found: before, ...(args.values.fix ? { after } : {}) }), code);
    if (isClean(before)) return (io.stderr.write('The vault and the keychain agree.\n'), code);
    printLines(io, auditLines(before));
    io.stderr.write(args.values.fix ? (isClean(after) ? 'Fixed: they agree now.\n' : 'Some problems remain.\n') : 'Run `tokendeck doctor --fix` to make them agree.\n');
    return code;
  },
};
