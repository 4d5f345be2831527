// `tokendeck import`: a shared setup merged into the vault by name; the checks and the merge are
// the core's. Re-pointing a stored secret needs --allow-destination-change; --skip leaves a step out
// (a change one does not want), and the rest is imported.
import type { DestinationChange } from '../../core/destination-change.js';
import { TokendeckError } from '../../core/errors.js';
import type { ImportSource, ImportStep } from '../../core/setup/share-setup.js';
import { destinationChangeOption, jsonOption, listOption, type Command } from '../command.js';
import { printJson, printLines, readAll, type StdinInput } from '../io.js';
import { readTextFile } from '../read-text-file.js';

// A setup of ten thousand organizations is a few megabytes.
const SETUP_FILE_INPUT: StdinInput = { what: 'setup file', maxChars: 64 * 1024 * 1024 };

const stepLines = (steps: ImportStep[]) => steps.filter((s) => s.action !== 'keep').map((s) => `${(s.skipped ? 'skip' : s.action).padEnd(6)} ${s.what}: ${s.detail}${s.skipped ? ` (not ${s.action === 'add' ? 'added' : 'changed'}: skipped)` : ''}`);
/** Per secret of the file: where it comes from and whether this machine can read it (a command: set up locally). */
const sourceLines = (sources: ImportSource[]) =>
  sources.map((s) => `source ${s.what} from ${s.reference}: ${s.status === 'local-only' ? 'set up locally' : s.status}${s.status === 'readable' ? '' : ` (${s.detail})`}`);
const destinationLines = (changes: DestinationChange[]) => changes.map((c) => `destination ${c.what}: ${c.message}`);

export const command: Command = {
  usage: 'import <file>',
  summary: 'merge a shared setup in, by name',
  description: 'says per secret where it comes from and whether this machine can read it; re-pointing a stored secret needs --allow-destination-change; --skip leaves a change out',
  examples: ['tokendeck import team-setup.json --dry-run', 'tokendeck import team-setup.json', 'tokendeck import team-setup.json --skip acme/web'],
  positionals: 1,
  options: {
    ...jsonOption,
    'dry-run': { type: 'boolean', description: 'say what would change, change nothing' },
    ...destinationChangeOption,
    skip: { type: 'string', multiple: true, value: 'STEP', description: 'leave this change out, named as the plan names it ("acme", "acme/web"); repeatable' },
  },
  async run(args, { io, core }) {
    const file = args.positionals[0]!;
    let text: string;
    try {
      text = file === '-' ? await readAll(io.stdin, SETUP_FILE_INPUT) : await readTextFile(file);
    } catch (error) {
      if (error instanceof TokendeckError) throw error;
      throw new TokendeckError('NOT_FOUND', `Could not read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    const dryRun = args.values['dry-run'] === true;
    const allowed = args.values['allow-destination-change'] === true;
    // Loaded here: sharing a setup is off every other command's path.
    const [{ vault, requestConsole: requests }, { importSetup, planImport }] = await Promise.all([core(), import('../../core/setup/share-setup.js')]);
    const skip = listOption(args, 'skip');
    const plan = dryRun
      ? await planImport(vault, requests, text, skip)
      : await importSetup(vault, requests, text, { skip, ...(allowed ? { confirmDestinationChange: async () => true } : {}) });
    if (args.values.json) return printJson(io, { dryRun, ...plan });
    const lines = [...stepLines(plan.steps), ...sourceLines(plan.sources), ...destinationLines(plan.destinationChanges)];
    printLines(io, lines.length ? lines : ['nothing to change']);
    const skipped = plan.steps.filter((s) => s.skipped).length;
    const leftOut = skipped ? ` Skipped ${skipped === 1 ? '1 step' : `${skipped} steps`} (the "skip" lines): not imported.` : '';
    if (!dryRun) return void io.stderr.write(`Imported.${leftOut} Set the secrets of added clients${plan.sources.length ? ' that read from no source' : ''} with \`tokendeck client set-secret\`.\n`);
    io.stderr.write('Dry run: nothing was changed.\n');
    if (plan.destinationChanges.length && !allowed) {
      io.stderr.write('The import would be refused: it changes where stored secrets are sent (the "destination" lines). Add --allow-destination-change only if you expect that, or leave such a step out with --skip "<what>".\n');
    }
  },
};
