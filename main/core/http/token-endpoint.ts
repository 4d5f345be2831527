// One POST to a token endpoint (Musimap's or an OAuth 2.0 server's) and its JSON answer. Shared
// by the exchanging schemes: the timeout, the size cap, refusing redirects (a secret is never
// re-posted elsewhere) and turning the server's refusal into EXCHANGE_REJECTED with its message.
import { TokendeckError } from '../errors.js';
import { wireFailure } from './failures.js';
import { readCappedBody } from './read-body.js';

const MAX_ANSWER_BYTES = 1024 * 1024;

export interface TokenEndpointCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Removed from any server message we repeat (a server may echo what it was sent). */
  secret: string;
}

/** The server's own words, from the places token endpoints put them. */
function serverMessage(json: unknown, text: string): string {
  const candidates: unknown[] = [];
  if (json && typeof json === 'object') {
    const body = json as Record<string, unknown>;
    const error = body.error;
    candidates.push(body.error_description, body.message, body.detail, body.title);
    if (error && typeof error === 'object') candidates.push((error as Record<string, unknown>).message);
    candidates.push(error);
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim().length > 0);
  const message = found ?? text.replace(/<[^>]*>/g, ' ');
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function scrub(message: string, secret: string): string {
  return secret ? message.split(secret).join('[secret]') : message;
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

  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? 'elsewhere';
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
    const said = scrub(serverMessage(json, text), call.secret) || 'no message';
    const hint = response.status >= 500 ? 'The server failed; try again later.' : 'Check the client id and secret (tokendeck client set-secret) and the token URL.';
    throw new TokendeckError('EXCHANGE_REJECTED', `The token endpoint refused the exchange (HTTP ${response.status}): "${said}". ${hint}`);
  }
  if (!isJson) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const what = text.trim() === '' ? 'an empty body' : `${type} that is not valid JSON`;
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The token endpoint answered HTTP ${response.status} with ${what}. Check the token URL points at the token endpoint itself.`);
  }
  return json;
}
