// `tokendeck inspect | export | import`: the JWT inspector, and sharing a setup without its
// secrets. Files are read and written here; the checks and the merge are the core's.
import fs from 'node:fs/promises';
import { timeLeft } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import { inspectAgainst, type JwtInspection } from '../core/jwt-inspect.js';
import type { DestinationChange } from '../core/destination-change.js';
import { exportSetup, importSetup, planImport, type ImportStep } from '../core/setup/share-setup.js';
import { stringOption, type Command } from './command.js';
import { usageOf } from './command-index.js';
import { forTerminal, printJson, printLines, readAll, type StdinInput } from './io.js';

const json = { type: 'boolean' } as const;

const JWT_INPUT: StdinInput = { what: 'JWT', maxChars: 64 * 1024 };
// A setup of ten thousand organizations is a few megabytes.
const SETUP_FILE_INPUT: StdinInput = { what: 'setup file', maxChars: 64 * 1024 * 1024 };

function inspectionLines(inspection: JwtInspection): string[] {
  const signature = inspection.signature;
  const verdict =
    signature.status === 'valid'
      ? `valid (key ${signature.kid}${signature.keyStatus === 'retired' ? ', retired' : ''})`
      : signature.status === 'invalid'
        ? `INVALID (key ${signature.kid})`
        : signature.status === 'unknown-kid'
          ? `unknown kid ${signature.kid ?? '(none)'}`
          : `not checked: ${signature.reason}`;
  return [
    `header  ${JSON.stringify(inspection.header)}`,
    `claims  ${JSON.stringify(inspection.claims)}`,
    ...inspection.times.map((t) => `${t.claim.padEnd(7)} ${t.value}  ${t.date ?? 'not a date'}  (${t.relative})`),
    `signature ${verdict}${inspection.org ? ` against ${inspection.org}` : ''}`,
    ...inspection.warnings.map((w) => `warning ${w.code}: ${w.message}`),
  ];
}

const inspect: Command = {
  usage: usageOf('inspect'),
  positionals: 1,
  options: { json, org: { type: 'string' } },
  async run(args, { io, vault }) {
    const input = args.positionals[0] === '-' ? await readAll(io.stdin, JWT_INPUT) : args.positionals[0]!;
    const inspection = inspectAgainst(vault().tree().organizations, input, stringOption(args, 'org'));
    if (args.values.json) return printJson(io, inspection);
    printLines(io, inspectionLines(inspection));
  },
};

const exportCommand: Command = {
  usage: usageOf('export'),
  positionals: -1,
  options: {},
  async run(args, { io, core }) {
    if (args.positionals.length > 1) throw new TokendeckError('USAGE', `Usage: tokendeck ${exportCommand.usage}`);
    const text = exportSetup((await core()).vault, (await core()).requestConsole);
    const file = args.positionals[0];
    // Still the same JSON with its strings' odd characters escaped, so it imports unchanged.
    if (!file || file === '-') return void io.stdout.write(forTerminal(text, true));
    await fs.writeFile(file, text, { mode: 0o644 });
    io.stderr.write(`Exported the setup to ${file}.\n`);
  },
};

const stepLines = (steps: ImportStep[]) => steps.filter((s) => s.action !== 'keep').map((s) => `${s.action.padEnd(6)} ${s.what}: ${s.detail}`);
const destinationLines = (changes: DestinationChange[]) => changes.map((c) => `destination ${c.what}: ${c.message}`);

const importCommand: Command = {
  usage: usageOf('import'),
  positionals: 1,
  options: { json, 'dry-run': { type: 'boolean' }, 'allow-destination-change': { type: 'boolean' } },
  async run(args, { io, core }) {
    const file = args.positionals[0]!;
    let text: string;
    try {
      text = file === '-' ? await readAll(io.stdin, SETUP_FILE_INPUT) : await fs.readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof TokendeckError) throw error;
      throw new TokendeckError('NOT_FOUND', `Could not read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    const dryRun = args.values['dry-run'] === true;
    const allowed = args.values['allow-destination-change'] === true;
    const { vault, requestConsole: requests } = await core();
    const plan = dryRun
      ? await planImport(vault, requests, text)
      : await importSetup(vault, requests, text, allowed ? { confirmDestinationChange: async () => true } : {});
    if (args.values.json) return printJson(io, { dryRun, ...plan });
    const lines = [...stepLines(plan.steps), ...destinationLines(plan.destinationChanges)];
    printLines(io, lines.length ? lines : ['nothing to change']);
    if (!dryRun) return void io.stderr.write('Imported. Set the secrets of added clients with `tokendeck client set-secret`.\n');
    io.stderr.write('Dry run: nothing was changed.\n');
    if (plan.destinationChanges.length && !allowed) {
      io.stderr.write('The import would be refused: it changes where stored secrets are sent (the "destination" lines). Add --allow-destination-change only if you expect that.\n');
    }
  },
};

const handouts: Command = {
  usage: usageOf('handouts'),
  positionals: 0,
  options: { json },
  async run(args, { io, core }) {
    const list = (await core()).handouts.list();
    if (args.values.json) return printJson(io, list);
    const now = Date.now();
    printLines(
      io,
      list.map((h) => {
        const left = timeLeft(h.expiresAt, now);
        const when = left === 'expired' ? left : `expires in ${left}`;
        const sub = h.sub ? ` sub ${h.subLabel ?? h.sub}` : '';
        const times = h.copies > 1 ? ` (${h.copies} times, last ${(h.lastHandedOutAt ?? h.handedOutAt).slice(0, 16).replace('T', ' ')} UTC)` : '';
        return `${h.org}/${h.client}  ${h.scheme}${h.kid ? ` (${h.kid})` : ''}${sub}  ${h.how} ${h.handedOutAt.slice(0, 10)}${times}  ${when}  (${h.expiresAt})`;
      }),
    );
  },
};

export const shareCommands: Record<string, Command> = { inspect, export: exportCommand, import: importCommand, handouts };
