// `tokendeck request <org> <METHOD> <path> --all-envs`: the same request to each environment of
// the organization, each with its own client and credential (the console's sendToAllEnvironments),
// printed as a table (environment, client, status, time, size) and the JSON bodies' differences
// from the first environment that answered JSON. Exits 3 when the environments' outcomes differ.
import { randomUUID } from 'node:crypto';
import { TokendeckError, type ErrorPayload } from '../core/errors.js';
import { ConsoleSendAll, DEFAULT_CONSOLE_TIMEOUT_MS } from '../core/console/console-model.js';
import { formatBytes, formatMs } from '../core/console/figures.js';
import { compareWithFirst, describeDiffEntry, summarizeDiff, type BodyComparison, type JsonDiffLimits } from '../core/console/json-diff.js';
import type { AllEnvironmentsAnswer, EnvironmentAnswer } from '../core/console/send-all-environments.js';
import { parseInput } from '../core/validate.js';
import { listOption, stringOption, type CommandContext, type Options, type Parsed } from './command.js';
import { schemeOption } from './credential-options.js';
import { EXIT } from './exit-codes.js';
import { printJson, printLines } from './io.js';

/** The environments answered with different statuses, or some failed while others answered. */
export const EXIT_OUTCOMES_DIFFER = EXIT.outcomesDiffer;
const EXIT_NOTHING_ANSWERED = EXIT.failure;
/** Every environment answered one status, and it was ≥ 400: refused alike, as a lone `request` (exit 1). */
const EXIT_ALL_REFUSED = EXIT.failure;
const EXIT_NOTHING_SENT = EXIT.badInput;

/** Entries listed per environment on a terminal (all of them, to the diff's own cap, with --json). */
const CLI_DIFF: JsonDiffLimits = { maxEntries: 20 };

export const allEnvironmentsOptions = {
  'all-envs': { type: 'boolean', description: 'send to each environment of <org> with its own client: a table and the JSON diff (exit 3 when they differ)' },
  'include-production': { type: 'boolean', description: 'with --all-envs: production environments too' },
  client: { type: 'string', multiple: true, value: 'ENV=CLIENT', description: 'with --all-envs: the client to use in an environment that has several' },
} satisfies Options;

/** `--client staging=web-2`: which client to use where an environment has several. */
function pickedClients(args: Parsed): Array<{ environment: string; client: string }> {
  return listOption(args, 'client').map((value) => {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) throw new TokendeckError('USAGE', `--client "${value.slice(0, 80)}" is not <environment>=<client> (e.g. --client staging=web-2).`);
    return { environment: value.slice(0, at), client: value.slice(at + 1) };
  });
}

function refuseOthers(args: Parsed): void {
  const org = args.positionals[0]!;
  if (org.includes('/')) {
    throw new TokendeckError('USAGE', `--all-envs takes <org>, not "${org.slice(0, 80)}": each environment's own client is used (choose one with --client <env>=<client> where an environment has several).`);
  }
  for (const option of ['ttl', 'allow-any-origin'] as const) {
    if (args.values[option] !== undefined) throw new TokendeckError('USAGE', `--${option} does not go with --all-envs${option === 'allow-any-origin' ? ': each request stays on its environment\'s API URL' : ''}.`);
  }
}

/** Where a non-all-envs request refuses the options that belong to this one. */
export function refuseAllEnvironmentsOptions(args: Parsed): void {
  for (const option of ['include-production', 'client'] as const) {
    if (args.values[option] !== undefined) throw new TokendeckError('USAGE', `--${option} goes with --all-envs.`);
  }
}

const statusOf = (answer: EnvironmentAnswer) =>
  answer.outcome === 'answered' ? String(answer.response.status) : answer.outcome === 'failed' ? answer.error.code : 'skipped';

/** The table: one row per environment, then a line per failure or skip saying why. */
function tableLines(answers: EnvironmentAnswer[]): string[] {
  const rows = [
    ['ENVIRONMENT', 'CLIENT', 'STATUS', 'TIME', 'SIZE'],
    ...answers.map((a) => [
      // A production environment named otherwise ("live") says so; one named production already does.
      a.production && !/^production$/i.test(a.environment) ? `${a.environment} (production)` : a.environment,
      a.client ?? '—',
      statusOf(a),
      a.outcome === 'answered' ? formatMs(a.response.timing.totalMs) : '—',
      a.outcome === 'answered' ? `${formatBytes(a.response.sizeBytes)}${a.response.truncated ? ' (cut)' : ''}` : '—',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  for (const a of answers) {
    if (a.outcome === 'failed') lines.push(`${a.environment}: ${a.error.code}: ${a.error.message}`);
    if (a.outcome === 'skipped') lines.push(`${a.environment}: skipped (${a.reason})${a.production ? ' — add --include-production to send with its production credential' : ''}`);
  }
  return lines;
}

function comparisonOf(answers: EnvironmentAnswer[], limits: JsonDiffLimits | undefined) {
  const sent = answers.filter((a) => a.outcome !== 'skipped');
  return compareWithFirst(
    sent.map((a) =>
      a.outcome === 'answered' && a.response.body.encoding === 'text' ? { environment: a.environment, text: a.response.body.text } : { environment: a.environment, absent: a.outcome === 'answered' ? 'its body is not text' : 'no answer' },
    ),
    limits,
  );
}

function diffLines(comparisons: BodyComparison[], baseline: string): string[] {
  const lines = ['', `JSON bodies against ${baseline}:`];
  for (const c of comparisons) {
    if ('reason' in c) {
      lines.push(`${c.environment}: not compared, ${c.reason}`);
      continue;
    }
    lines.push(`${c.environment}: ${summarizeDiff(c.diff)}`, ...c.diff.entries.map((entry) => `  ${describeDiffEntry(entry)}`));
    if (c.diff.more) lines.push(`  … and ${c.diff.more} more`);
  }
  return lines;
}

/**
 * 0 when every environment sent to answered with one status below 400; 3 when they differ or some
 * failed (a difference wins: it is what --all-envs looks for); 1 when they all answered one status ≥ 400.
 */
function exitCodeOf(answers: EnvironmentAnswer[]): number {
  const sent = answers.filter((a) => a.outcome !== 'skipped');
  if (!sent.length) return EXIT_NOTHING_SENT;
  if (!sent.some((a) => a.outcome === 'answered')) return EXIT_NOTHING_ANSWERED;
  if (new Set(sent.map(statusOf)).size > 1) return EXIT_OUTCOMES_DIFFER;
  const first = sent[0]!;
  return first.outcome === 'answered' && first.response.status >= 400 ? EXIT_ALL_REFUSED : EXIT.ok;
}

function asJson(result: AllEnvironmentsAnswer, exitCode: number) {
  const comparison = comparisonOf(result.answers, undefined);
  const errorOf = (error: ErrorPayload) => ({ code: error.code, message: error.message });
  return {
    org: result.org,
    environments: result.answers.map((a) => ({
      environment: a.environment,
      production: a.production,
      client: a.client ?? null,
      outcome: a.outcome,
      ...(a.outcome === 'answered'
        ? {
            status: a.response.status,
            statusText: a.response.statusText,
            url: a.response.url,
            timeMs: a.response.timing.totalMs,
            sizeBytes: a.response.sizeBytes,
            truncated: a.response.truncated,
            contentType: a.response.contentType,
            ...(a.response.body.encoding === 'text' ? { body: a.response.body.text } : { bodyBase64: a.response.body.data }),
          }
        : a.outcome === 'failed'
          ? { error: errorOf(a.error) }
          : { reason: a.reason }),
    })),
    diff: comparison ? { baseline: comparison.baseline, comparisons: comparison.comparisons.map((c) => ('diff' in c ? { environment: c.environment, summary: summarizeDiff(c.diff), ...c.diff } : c)) } : null,
    statusesDiffer: exitCode === EXIT_OUTCOMES_DIFFER,
  };
}

export async function runAllEnvironments(args: Parsed, { io, core }: CommandContext, request: { headers: Array<[string, string]>; body: string | undefined }): Promise<number> {
  refuseOthers(args);
  const [org, method, url] = args.positionals as [string, string, string];
  const input = parseInput(
    ConsoleSendAll,
    {
      requestId: randomUUID(),
      request: {
        org,
        method: method.toUpperCase(),
        url,
        headers: request.headers.map(([name, value]) => ({ name, value })),
        body: request.body === undefined ? { kind: 'none' } : { kind: 'raw', text: request.body },
        ...(schemeOption(args) ? { scheme: schemeOption(args) } : {}),
        ...(stringOption(args, 'sub') ? { sub: stringOption(args, 'sub') } : {}),
      },
      includeProduction: args.values['include-production'] === true,
      clients: pickedClients(args),
      timeoutMs: DEFAULT_CONSOLE_TIMEOUT_MS,
    },
    'request',
  );
  const { requestConsole } = await core();
  // Not in the console's history: `tokendeck request` never writes one.
  const result = await requestConsole.sendToAllEnvironments(input, { record: false });
  const exitCode = exitCodeOf(result.answers);
  if (args.values.json) {
    printJson(io, asJson(result, exitCode));
    return exitCode;
  }
  const comparison = comparisonOf(result.answers, CLI_DIFF);
  printLines(io, [...tableLines(result.answers), ...(comparison ? diffLines(comparison.comparisons, comparison.baseline) : [])]);
  if (exitCode === EXIT_OUTCOMES_DIFFER) io.stderr.write('The environments answered differently (exit 3).\n');
  if (exitCode === EXIT_NOTHING_SENT) io.stderr.write('Nothing was sent: every environment was skipped.\n');
  if (exitCode === EXIT_ALL_REFUSED && result.answers.some((a) => a.outcome === 'answered')) io.stderr.write(`Every environment answered ${statusOf(result.answers.find((a) => a.outcome === 'answered')!)} (exit 1).\n`);
  return exitCode;
}
