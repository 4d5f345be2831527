// One GET of a JSON document an authorization server publishes (its metadata, its key set):
// no redirect followed (the document must come from the address asked, or an attacker's copy
// could name its own endpoints), a size cap, a timeout and the caller's AbortSignal. node:http(s)
// as in http/token-endpoint.ts, for the same reasons, through the organization's transport.
import { TokendeckError } from '../errors.js';
import { wireFailure } from '../http/failures.js';
import { nodeConnection } from '../http/node-connection.js';
import { readCappedStream } from '../http/read-body.js';
import { transportFromEnv, type Transport } from '../http/transport.js';
import { quoteServer } from '../scrub-secrets.js';

export interface JsonGet {
  url: string;
  /** What is fetched, for messages: "the issuer's metadata". */
  what: string;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Sent with the GET (userinfo's Authorization); never in a message. */
  headers?: Record<string, string>;
  /** The organization's proxy and CA; the environment's proxy settings when not given. */
  transport?: Transport | undefined;
}

/** The status and, for a 2xx answer, its JSON; any other status has no body worth reading. */
export interface JsonAnswer {
  status: number;
  json?: unknown;
}

async function get(call: JsonGet, signal: AbortSignal): Promise<{ status: number; location?: string; text?: string }> {
  const url = new URL(call.url);
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const connection = await nodeConnection(call.transport ?? transportFromEnv(), url, signal);
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'GET', headers: { accept: 'application/json', 'user-agent': 'Tokendeck', ...call.headers }, signal, ...connection }, (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        response.destroy();
        resolve({ status, ...(response.headers.location ? { location: response.headers.location } : {}) });
        return;
      }
      readCappedStream(response, call.maxBytes).then(({ bytes, truncated }) => {
        if (truncated) {
          response.destroy();
          reject(new TokendeckError('EXCHANGE_PROTOCOL', `${call.what} at ${url.origin} is over ${call.maxBytes / 1024} KB; Tokendeck reads no more. Check the issuer URL.`));
          return;
        }
        resolve({ status, text: new TextDecoder().decode(bytes) });
      }, reject);
    });
    request.on('error', reject);
    request.end();
  });
}

export async function fetchJson(call: JsonGet): Promise<JsonAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  let answer: Awaited<ReturnType<typeof get>>;
  try {
    answer = await get(call, signal);
  } catch (error) {
    throw wireFailure(signal.aborted ? signal.reason : error, call.url, call.timeoutMs, call.what);
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.location ? quoteServer(answer.location, { values: [] }, { maxChars: 200 }) : 'elsewhere';
    throw new TokendeckError('EXCHANGE_PROTOCOL', `${call.what} at ${call.url} redirected (HTTP ${answer.status}) to ${location}. Tokendeck follows no redirect here: give the address it ends at.`);
  }
  if (answer.text === undefined) return { status: answer.status };
  try {
    return { status: answer.status, json: JSON.parse(answer.text) };
  } catch {
    throw new TokendeckError('EXCHANGE_PROTOCOL', `${call.what} at ${call.url} is not valid JSON. Check the issuer URL.`);
  }
}
