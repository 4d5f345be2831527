// `--allow-destination-change` of `org update` and `client update`: a change of where a stored
// secret is sent goes through only when the user says so, and is then said out loud.
import type { DestinationChange } from '../core/destination-change.js';
import type { Parsed } from './command.js';
import type { CliIo } from './io.js';

/**
 * The destination change the user allowed with --allow-destination-change, said out loud; without
 * the flag none, and the vault refuses the change (DESTINATION_CHANGE) naming where it would go.
 */
export function allowedDestinationChange(args: Parsed, io: CliIo, change: DestinationChange | undefined): DestinationChange | undefined {
  if (!change || args.values['allow-destination-change'] !== true) return undefined;
  io.stderr.write(`${change.message.charAt(0).toUpperCase()}${change.message.slice(1)} (--allow-destination-change).\n`);
  return change;
}
