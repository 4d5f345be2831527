// The one ask-or-need-`--yes` step of the commands that change what cannot be made again (the
// removals, doctor --fix).
import { TokendeckError } from '../core/errors.js';
import type { Parsed } from './command.js';
import { confirmOnTerminal, type CliIo } from './io.js';

/**
 * What cannot be made again is changed only when the user says so: asked on a terminal, else
 * `--yes` (a script says it once, up front). Without either nothing changes (exit 2).
 */
export async function confirmOrRefuse(args: Parsed, io: CliIo, lines: string[], question: string, nothing = 'Nothing was removed.'): Promise<void> {
  if (args.values.yes === true) return;
  if (!io.stdin.isTTY) throw new TokendeckError('USAGE', `${lines.join('\n')}\n${nothing} Add --yes to confirm.`);
  io.stderr.write(`${lines.join('\n')}\n`);
  if (!(await confirmOnTerminal(io, question))) throw new TokendeckError('CANCELLED', nothing);
}
