// `tokendeck inspect`: a JWT decoded, verified with the stored public keys, and warned about; any
// token (a JWT or not, bare or as an `Authorization: …` line) that is one of the cached ones, named.
import type { JwtInspection } from '../../core/jwt-inspect.js';
import type { KnownToken, TokenInspection } from '../../core/token-inspect.js';
import { jsonOption, stringOption, type Command } from '../command.js';
import { printJson, printLines, readAll, type StdinInput } from '../io.js';

const JWT_INPUT: StdinInput = { what: 'token', maxChars: 64 * 1024 };

/** What the cache knows of it: "known   acme/web (development) devtoken, sub …, expires in 13 d 23 h (…), signed here with key KID-1". */
function knownLines(known: KnownToken | null): string[] {
  if (!known) return [];
  const facts = [
    known.scheme,
    known.account && `acts as ${known.account}`,
    known.sub && `sub ${known.sub}`,
    known.grantedScope !== undefined && `scope granted "${known.grantedScope}"`,
    `${known.expires}${known.assumedExpiry ? ' (assumed: the server did not say)' : ''}`,
    known.issuer,
  ].filter(Boolean);
  return [`known   one of the cached tokens: ${known.org}/${known.client} (${known.environment}), ${facts.join(', ')}`];
}

function tokenLines(inspection: TokenInspection): string[] {
  if (inspection.kind === 'jwt') return [...knownLines(inspection.known), ...inspectionLines(inspection)];
  const opaque = `not a JWT: an opaque token (${inspection.length} characters)`;
  return inspection.known ? [opaque, ...knownLines(inspection.known)] : [opaque, 'only its issuer can read it, and it is not one of the cached tokens (see its introspection endpoint, RFC 7662)'];
}

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
  usage: 'inspect <token|->',
  summary: 'decode a JWT or name a cached token, verify it, warn',
  description: 'a JWT is decoded and verified with the stored public keys; a token that is one of the cached ones (a JWT or not) is named; a whole `Authorization: Bearer …` line is fine; with -, read from stdin',
  examples: ['tokendeck token acme/web | tokendeck inspect -', 'tokendeck inspect eyJhbGciOi… --org acme'],
  positionals: 1,
  options: { ...jsonOption, org: { type: 'string', value: 'ORG', description: "verify with this organization's keys" } },
  async run(args, { io, vault, tokens }) {
    const input = args.positionals[0] === '-' ? await readAll(io.stdin, JWT_INPUT) : args.positionals[0]!;
    // Loaded here: the inspector (and the signature checks it brings) is this command's alone.
    const { inspectPasted } = await import('../../core/token-inspect.js');
    const inspection = await inspectPasted(vault().tree().organizations, tokens(), input, stringOption(args, 'org'));
    if (args.values.json) return printJson(io, inspection);
    printLines(io, tokenLines(inspection));
  },
};
