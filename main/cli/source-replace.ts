// `--replace` of `source add pass|vault|command`: re-pointing a source that is set up (another
// store, another Vault server, another argv) changes which secret every reference to it reads, so
// it goes through only with the flag, and is then said out loud (as --allow-destination-change).
import type { SourceReplacement } from '../core/sources/source-setup.js';
import type { Options, Parsed } from './command.js';
import type { CliIo } from './io.js';

/** The option itself, as the three commands take it. */
export const replaceOption = { replace: { type: 'boolean', description: 're-point a source set up already (every reference to it then reads the new one)' } } satisfies Options;

/** Whether the user allowed the re-pointing; when one is made, it is named first. Without the flag the core refuses it (DESTINATION_CHANGE) naming both. */
export function allowedReplacement(args: Parsed, io: CliIo, replacement: SourceReplacement): boolean {
  if (args.values.replace !== true) return false;
  if (replacement) {
    const what = replacement.kind === 'command' ? `the command "${replacement.name}"` : `the ${replacement.kind} source`;
    io.stderr.write(`Re-pointing ${what} from ${replacement.before} to ${replacement.after}: every reference to it now reads there (--replace).\n`);
  }
  return true;
}
