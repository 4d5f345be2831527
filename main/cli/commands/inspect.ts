// `tokendeck inspect`: a JWT decoded, verified with the stored public keys, and warned about.
import type { JwtInspection } from '../../core/jwt-inspect.js';
import { jsonOption, stringOption, type Command } from '../command.js';
import { printJson, printLines, readAll, type StdinInput } from '../io.js';

const JWT_INPUT: StdinInput = { what: 'JWT', maxChars: 64 * 1024 };

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

export const command: Command = {
  usage: 'inspect <jwt|->',
  summary: 'decode a JWT, verify it with the stored public keys, warn',
  description: 'with -, the token is read from stdin',
  examples: ['tokendeck token acme/web | tokendeck inspect -', 'tokendeck inspect eyJhbGciOi… --org acme'],
  positionals: 1,
  options: { ...jsonOption, org: { type: 'string', value: 'ORG', description: "verify with this organization's keys" } },
  async run(args, { io, vault }) {
    const input = args.positionals[0] === '-' ? await readAll(io.stdin, JWT_INPUT) : args.positionals[0]!;
    // Loaded here: the inspector (and the signature checks it brings) is this command's alone.
    const { inspectAgainst } = await import('../../core/jwt-inspect.js');
    const inspection = inspectAgainst(vault().tree().organizations, input, stringOption(args, 'org'));
    if (args.values.json) return printJson(io, inspection);
    printLines(io, inspectionLines(inspection));
  },
};
