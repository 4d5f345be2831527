// "Copy as curl" and "copy as fetch": by default the credential is an environment variable,
// filled by a `tokendeck token …` line, so the snippet can be pasted into a ticket or a script
// without carrying a secret. The real Authorization value goes in only when the user asks.
import { SCHEME_WORDS, type Scheme } from '../model.js';
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

/** POSIX shell single quotes: only `'` itself needs care. */
export const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function tokendeckCommand({ org, client, scheme, sub }: CredentialSource): string {
  const words = ['tokendeck', 'token', `${org}/${client}`, '--scheme', scheme, ...(sub ? ['--sub', sub] : [])];
  return words.map((word) => (/^[\w./@:=-]+$/.test(word) ? word : shellQuote(word))).join(' ');
}

function curl(request: PreparedRequest, credential: ExportCredential): string {
  const lines: string[] = [];
  if (credential.kind === 'command') {
    lines.push(`${AUTHORIZATION_VARIABLE}="${wordOf(credential.source)} $(${tokendeckCommand(credential.source)})"`);
  }
  const parts = [`curl --request ${request.method} ${shellQuote(request.url.toString())}`];
  parts.push(credential.kind === 'command' ? `--header "Authorization: $${AUTHORIZATION_VARIABLE}"` : `--header ${shellQuote(`Authorization: ${credential.authorization}`)}`);
  for (const [name, value] of request.headers) parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) parts.push(`--data-raw ${shellQuote(request.body)}`);
  lines.push(parts.join(' \\\n  '));
  return `${lines.join('\n')}\n`;
}

function fetchCode(request: PreparedRequest, credential: ExportCredential): string {
  const authorization = credential.kind === 'command' ? `process.env.${AUTHORIZATION_VARIABLE}` : JSON.stringify(credential.authorization);
  const lines: string[] = [];
  if (credential.kind === 'command') {
    lines.push(`// Run with: ${AUTHORIZATION_VARIABLE}="${wordOf(credential.source)} $(${tokendeckCommand(credential.source)})" node request.mjs`);
  }
  lines.push(`const response = await fetch(${JSON.stringify(request.url.toString())}, {`);
  lines.push(`  method: ${JSON.stringify(request.method)},`);
  lines.push('  headers: [');
  lines.push(`    ['Authorization', ${authorization}],`);
  for (const [name, value] of request.headers) lines.push(`    [${JSON.stringify(name)}, ${JSON.stringify(value)}],`);
  lines.push('  ],');
  if (request.body !== undefined) lines.push(`  body: ${JSON.stringify(request.body)},`);
  lines.push('});');
  lines.push('console.log(response.status, await response.text());');
  return `${lines.join('\n')}\n`;
}

export function exportRequest(format: ExportFormat, request: PreparedRequest, credential: ExportCredential): string {
  return format === 'curl' ? curl(request, credential) : fetchCode(request, credential);
}
