// "Copy as curl" and "copy as fetch": by default the credential is an environment variable,
// filled by a `tokendeck token …` line, so the snippet can be pasted into a ticket or a script
// without carrying a secret. The real credential goes in only when the user asks. A placed
// credential (an API key) goes in its own header, or in the query: there the variable is the key
// alone (TOKENDECK_TOKEN) and the snippet encodes it into the URL itself.
import { TokendeckError } from '../errors.js';
import type { CredentialPlacement } from '../http/credential-placement.js';
import { checkPlacedCredential, withQueryCredential } from '../http/placed-credential.js';
import { typedHeaderProblems } from '../http/typed-headers.js';
import { SCHEME_WORDS, type Scheme } from '../providers/schemes.js';
import { percentEncodedStrictly } from '../scrub-secrets.js';
import { optionWord, shellQuote, shellWord } from '../shell-words.js';
import type { PreparedRequest } from './prepared-request.js';

export const EXPORT_FORMATS = ['curl', 'fetch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const AUTHORIZATION_VARIABLE = 'TOKENDECK_AUTHORIZATION';
/** A placed credential's variable: the key alone, as `tokendeck token` prints it and `exec` sets it. */
export const TOKEN_VARIABLE = 'TOKENDECK_TOKEN';

export interface CredentialSource {
  org: string;
  client: string;
  scheme: Scheme;
  sub?: string;
  /** A signed-JWT profile's Authorization word, where it is not the scheme's. */
  word?: string;
  /** Where the scheme's credential goes when not in Authorization (SchemeProducer.placement). */
  placement?: CredentialPlacement;
}

const wordOf = (source: CredentialSource) => source.word ?? SCHEME_WORDS[source.scheme];

/** The real value, or where to get one. */
export type ExportCredential =
  | { kind: 'command'; source: CredentialSource }
  | { kind: 'value'; authorization: string }
  /** A placed credential's value is the key itself (`Credential.token`). */
  | { kind: 'value'; placement: CredentialPlacement; token: string };

const placementOf = (credential: ExportCredential) => (credential.kind === 'command' ? credential.source.placement : 'placement' in credential ? credential.placement : undefined);

/**
 * A JavaScript string literal of any text. JSON.stringify leaves U+2028 and U+2029 raw, which
 * older engines (and any tool that splits source into lines) read as line ends: escaped here too.
 */
export const jsString = (text: string) => JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** The `tokendeck token …` words, each a shell word; `--sub=` so a value starting with "-" stays a value. */
function tokendeckCommand({ org, client, scheme, sub }: CredentialSource): string {
  return ['tokendeck', 'token', shellWord(`${org}/${client}`), '--scheme', shellWord(scheme), ...(sub ? [optionWord('sub', sub)] : [])].join(' ');
}

/**
 * `TOKENDECK_AUTHORIZATION='Bearer '"$(tokendeck token …)"`: the word is a literal too, never
 * code. A placed credential has no word: `TOKENDECK_TOKEN="$(tokendeck token …)"`.
 */
function assignment(source: CredentialSource): string {
  if (source.placement) return `${TOKEN_VARIABLE}="$(${tokendeckCommand(source)})"`;
  return `${AUTHORIZATION_VARIABLE}=${shellQuote(`${wordOf(source)} `)}"$(${tokendeckCommand(source)})"`;
}

const variableOf = (credential: ExportCredential) => (placementOf(credential) ? TOKEN_VARIABLE : AUTHORIZATION_VARIABLE);

/** The URL as sent: with a query-placed key's real value in it, when the export carries the value. */
function urlOf(request: PreparedRequest, credential: ExportCredential): string {
  if (credential.kind === 'value' && 'placement' in credential && credential.placement.in === 'query') {
    return withQueryCredential(request.url, credential.placement.name, credential.token).toString();
  }
  return request.url.toString();
}

/** curl's credential option: a header, or (a query-placed key from the variable) `--url-query`, which curl percent-encodes. */
function curlCredential(credential: ExportCredential): string {
  const placement = placementOf(credential);
  if (credential.kind === 'value') {
    if (!('placement' in credential)) return `--header ${shellQuote(`Authorization: ${credential.authorization}`)}`;
    if (credential.placement.in === 'header') return `--header ${shellQuote(`${credential.placement.name}: ${credential.token}`)}`;
    return '';
  }
  if (!placement) return `--header "Authorization: $${AUTHORIZATION_VARIABLE}"`;
  // The name is a single-quoted literal (a header name may hold `$` or a backquote); only the variable is expanded.
  if (placement.in === 'header') return `--header ${shellQuote(`${placement.name}: `)}"$${TOKEN_VARIABLE}"`;
  // `name=content`: curl (7.87 or newer) URL-encodes the content, so a key holding `&`, `+` or `%` arrives as it is.
  return `--url-query ${shellQuote(`${placement.name}=`)}"$${TOKEN_VARIABLE}"`;
}

// Every value a request carries (a shared setup file's saved request may carry anything) goes
// into the code as a literal of its language — a single-quoted shell word, a JS string — and
// never into a comment: U+2028 ends a JS `//` comment, and what follows it would run.
function curl(request: PreparedRequest, credential: ExportCredential): string {
  const lines: string[] = [];
  if (credential.kind === 'command') lines.push(assignment(credential.source));
  // --globoff: `[1-3]` or `{a,b}` in a query is data, not a pattern curl would send the credential to three times.
  const parts = [`curl --globoff --request ${shellWord(request.method)} ${shellQuote(urlOf(request, credential))}`];
  const credentialPart = curlCredential(credential);
  if (credentialPart) parts.push(credentialPart);
  for (const [name, value] of request.headers) parts.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) parts.push(`--data-raw ${shellQuote(request.body)}`);
  lines.push(parts.join(' \\\n  '));
  return `${lines.join('\n')}\n`;
}

/** The fetch's URL expression: a query-placed key from the variable is percent-encoded into it by the snippet. */
function fetchUrl(request: PreparedRequest, credential: ExportCredential): string {
  const placement = placementOf(credential);
  if (credential.kind !== 'command' || placement?.in !== 'query') return jsString(urlOf(request, credential));
  const url = new URL(request.url);
  // fetch never sends a fragment; the key goes last in the query.
  url.hash = '';
  const prefix = `${url.toString()}${url.search ? '&' : '?'}${percentEncodedStrictly(placement.name)}=`;
  return `${jsString(prefix)} + encodeURIComponent(process.env.${TOKEN_VARIABLE})`;
}

/** The fetch's credential header line, if it has one. */
function fetchCredentialHeader(credential: ExportCredential): string | undefined {
  const placement = placementOf(credential);
  if (placement?.in === 'query') return undefined;
  const value = credential.kind === 'command' ? `process.env.${variableOf(credential)}` : 'placement' in credential ? jsString(credential.token) : jsString(credential.authorization);
  return `    [${jsString(placement ? placement.name : 'Authorization')}, ${value}],`;
}

function fetchCode(request: PreparedRequest, credential: ExportCredential): string {
  const lines: string[] = [];
  if (credential.kind === 'command') {
    const variable = variableOf(credential);
    // How to run it is a string the snippet prints when the variable is missing: data, not a comment.
    lines.push(`const runWith = ${jsString(`${assignment(credential.source)} node request.mjs`)};`);
    lines.push(`if (!process.env.${variable}) throw new Error(\`Set ${variable} first: \${runWith}\`);`);
  }
  lines.push(`const response = await fetch(${fetchUrl(request, credential)}, {`);
  lines.push(`  method: ${jsString(request.method)},`);
  lines.push('  headers: [');
  const credentialHeader = fetchCredentialHeader(credential);
  if (credentialHeader) lines.push(credentialHeader);
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
  // The same refusal as sending: a request already holding the credential's header or parameter would carry two.
  const placement = placementOf(credential);
  if (placement) checkPlacedCredential(placement, request.headers, request.url);
  return format === 'curl' ? curl(request, credential) : fetchCode(request, credential);
}
