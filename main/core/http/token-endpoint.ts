// One POST to a token endpoint (Musimap's or an OAuth 2.0 server's) and its JSON answer. Shared
// by the exchanging schemes: the timeout, the size cap, refusing redirects (a secret is never
// re-posted elsewhere) and turning the server's refusal into EXCHANGE_REJECTED with its message,
// scrubbed of what was sent.
import { TokendeckError } from '../errors.js';
import { quoteServer, type SecretsToScrub } from '../scrub-secrets.js';
import { wireFailure } from './failures.js';
import { readCappedBody } from './read-body.js';

const MAX_ANSWER_BYTES = 1024 * 1024;

export interface TokenEndpointCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Removed from any server words we repeat (a server may echo what it was sent). */
  secrets: SecretsToScrub;
}

/** The server's own words, from the places token endpoints put them, not yet fit to repeat. */
function serverWords(json: unknown, text: string): { words: string; markup: boolean } {
  const candidates: unknown[] = [];
  if (json && typeof json === 'object') {
    const body = json as Record<string, unknown>;
    const error = body.error;
    candidates.push(body.error_description, body.message, body.detail, body.title);
    if (error && typeof error === 'object') candidates.push((error as Record<string, unknown>).message);
    candidates.push(error);
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim().length > 0);
  return found === undefined ? { words: text, markup: true } : { words: found, markup: false };
}

export async function postToTokenEndpoint(call: TokenEndpointCall): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(call.url, {
      method: 'POST',
      headers: { accept: 'application/json', ...call.headers },
      body: call.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const { bytes, truncated } = await readCappedBody(response, MAX_ANSWER_BYTES);
    if (truncated) {
      throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint sent an answer over ${MAX_ANSWER_BYTES / 1024} KB; a token answer is a few KB at most. Check the token URL.`);
    }
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    throw wireFailure(error, call.url, call.timeoutMs, 'The token request');
  }

  const quote = (words: string, markup = false) => quoteServer(words, call.secrets, { markup });

  if (response.status >= 300 && response.status < 400) {
    const location = quote(response.headers.get('location') ?? 'elsewhere');
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint redirected (HTTP ${response.status}) to ${location}. Tokendeck does not re-send a secret to another address: set the token URL to the final address.`);
  }
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (!response.ok) {
    const { words, markup } = serverWords(json, text);
    const said = quote(words, markup) || 'no message';
    const hint = response.status >= 500 ? 'The server failed; try again later.' : 'Check the client id and secret (tokendeck client set-secret) and the token URL.';
    throw new TokendeckError('EXCHANGE_REJECTED', `The token endpoint refused the exchange (HTTP ${response.status}): "${said}". ${hint}`);
  }
  if (!isJson) {
    const type = quote(response.headers.get('content-type') ?? 'no content type');
    const what = text.trim() === '' ? 'an empty body' : `${type} that is not valid JSON`;
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint answered HTTP ${response.status} with ${what}. Check the token URL points at the token endpoint itself.`);
  }
  return json;
}
