// A composed console request made concrete for one organization: the full URL with its query
// parameters, the headers Tokendeck adds (MusicAPI's Content-Type, JSON's), and the body. Both
// sending and "copy as curl / fetch" start from here, so an export is exactly what was sent.
import { resolveRequestUrl } from '../http/request-url.js';
import type { Organization } from '../model/entities.js';
import { addedContentType } from './added-headers.js';
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
  // The one rule the page also shows in the Headers tab (added-headers.ts).
  const contentType = addedContentType(org.provider, headers, body);
  if (contentType) headers.push(['Content-Type', contentType]);
  return { method: request.method, url, headers, ...(body.kind === 'none' ? {} : { body: body.text }) };
}
