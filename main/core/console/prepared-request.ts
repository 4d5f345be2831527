// A composed console request made concrete for one organization: the full URL with its query
// parameters, the headers Tokendeck adds (MusicAPI's Content-Type, JSON's), and the body. Both
// sending and "copy as curl / fetch" start from here, so an export is exactly what was sent.
import { MUSICAPI_CONTENT_TYPE } from '../authorized-request.js';
import { resolveRequestUrl } from '../http/request-url.js';
import { hasHeader } from '../http/typed-headers.js';
import type { Organization } from '../model.js';
import type { ConsoleRequest } from './console-model.js';

export interface PreparedRequest {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body?: string;
}

export function prepareRequest(org: Organization, request: ConsoleRequest): PreparedRequest {
  const url = resolveRequestUrl(org, request.url);
  for (const { name, value } of request.query) url.searchParams.append(name, value);
  const headers: Array<[string, string]> = request.headers.map(({ name, value }) => [name, value]);
  const { body } = request;
  if (body.kind === 'raw' && body.contentType && !hasHeader(headers, 'content-type')) headers.push(['Content-Type', body.contentType]);
  if (!hasHeader(headers, 'content-type')) {
    // Every MusicAPI call carries it (seed 000); a JSON body says what it is.
    if (org.provider === 'musicapi') headers.push(['Content-Type', MUSICAPI_CONTENT_TYPE]);
    else if (body.kind === 'json') headers.push(['Content-Type', 'application/json']);
  }
  return { method: request.method, url, headers, ...(body.kind === 'none' ? {} : { body: body.text }) };
}
