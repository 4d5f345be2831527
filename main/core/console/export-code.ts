// "Copy as curl" and "copy as fetch": by default the credential is an environment variable,
// filled by a `tokendeck token …` line, so the snippet can be pasted into a ticket or a script
// without carrying a secret. The real Authorization value goes in only when the user asks.
import { TokendeckError } from '../errors.js';
import { typedHeaderProblems } from '../http/typed-headers.js';
import { SCHEME_WORDS, type Scheme } from '../providers/schemes.js';
import { optionWord, shellQuote, shellWord } from '../shell-words.js';
import type { PreparedRequest } from './prepared-request.js';

export const EXPORT_FORMATS = ['curl', 'fetch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const AUTHORIZATION_VARIABLE = 'TOKENDECK_AUTHORIZATION';

export interface CredentialSource {
  org: string;
  client: string;
  scheme: Scheme;
  sub?: string;
  /** A signed-JWT profile's Authorization word, where it is not the scheme's. */
  word?: string;
}

const wordOf = (source: CredentialSource) => source.word ?? SCHEME_WORDS[source.scheme];

/** The real value, or where to get one. */
export type ExportCredential = { kind: 'command'; source: CredentialSource } | { kind: 'value'; authorization: string };

/**
 * A JavaScript string literal of any text. JSON.stringify leaves U+2028 and U+2029 raw, which
 * older engines (and any tool that splits source into lines) read as line ends: escaped here too.
 */
export const jsString = (text: string) => JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** The `tokendeck token …` words, each a shell word; `--sub=` so a value starting with "-" stays a value. */
function tokendeckCommand({ org, client, scheme, sub }: CredentialSource): string {
  return ['tokendeck', 'token', shellWord(`${org}/${client}`), '--scheme', shellWord(scheme), ...(sub ? [optionWord('sub', sub)] : [])].join(' ');
}

/** `TOKENDECK_AUTHORIZATION='Bearer '"$(tokendeck token …)"`: the word is a literal too, never code. */
function assignment(source: CredentialSource): string {
  return `${AUTHORIZATION_VARIABLE}=${shellQuote(`${wordOf(source)} `)}"$(${tokendeckCommand(source)})"`;
}

// Every value a request carries (a shared setup file's saved request may carry anything) goes
// into the code as a literal of its language — a single-quoted shell word, a JS string — and
// never into a comment: U+2028 ends a JS `//` comment, and what follows it would run.
function curl(request: PreparedRequest, credential: ExportCredential): string {
  const lines: string[] = [];
  if (credential.kind === 'command') lines.push(assignment(credential.source));
  // --globoff: `[1-3]` or `{a,b}` in a query is data, not a pattern curl would send the credential to three times.
  const parts = [`curl --globoff --request ${shellWord(request.method)} ${shellQuote(request.url.toString())}`];
  parts.push(credential.kind === 'command' ? `--header "Authorization: $${AUTHORIZATION_VARIABLE}"` : `--header ${shellQuote(`Authorization: ${credential.authorization}`)}`);
  for (const [name, value] of request.headers) parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) parts.push(`--data-raw ${shellQuote(request.body)}`);
  lines.push(parts.join(' \\\n  '));
  return `${lines.join('\n')}\n`;
}

function fetchCode(request: PreparedRequest, credential: ExportCredential): string {
  const lines: string[] = [];
  if (credential.kind === 'command') {
    // How to run it is a string the snippet prints when the variable is missing: data, not a comment.
    lines.push(`const runWith = ${jsString(`${assignment(credential.source)} node request.mjs`)};`);
    lines.push(`if (!process.env.${AUTHORIZATION_VARIABLE}) throw new Error(\`Set ${AUTHORIZATION_VARIABLE} first: \${runWith}\`);`);
  }
  const authorization = credential.kind === 'command' ? `process.env.${AUTHORIZATION_VARIABLE}` : jsString(credential.authorization);
  lines.push(`const response = await fetch(${jsString(request.url.toString())}, {`);
  lines.push(`  method: ${jsString(request.method)},`);
  lines.push('  headers: [');
  lines.push(`    ['Authorization', ${authorization}],`);
  for (const [name, value] of request.headers) lines.push(`    [${jsString(name)}, ${jsString(value)}],`);
  lines.push('  ],');
  if (request.body !== undefined) lines.push(`  body: ${jsString(request.body)},`);
  lines.push('});');
  lines.push('console.log(response.status, await response.text());');
  return `${lines.join('\n')}\n`;
}

export function exportRequest(format: ExportFormat, request: PreparedRequest, credential: ExportCredential): string {
  // Checked where they enter; checked again here, since a line break in a header is a header of its own.
  for (const [name, value] of request.headers) {
    const [problem] = typedHeaderProblems(name, value);
    if (problem) throw new TokendeckError('VALIDATION', `Not exported: ${problem}.`);
  }
  return format === 'curl' ? curl(request, credential) : fetchCode(request, credential);
}
