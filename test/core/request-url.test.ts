// Where a console or CLI request goes: a path under the client's environment's API URL, or a full
// URL the user typed. A "path" the URL parser would read as another host never leaves as a path.
import { describe, expect, it } from 'vitest';
import { resolveRequestUrl } from '../../main/core/http/request-url.js';
import type { Organization } from '../../main/core/model/entities.js';

const org = { name: 'acme', apiBaseUrl: 'https://api.example/v1' } as Organization;

describe('resolveRequestUrl', () => {
  it('puts a path under the API URL, with or without its leading slash, and keeps a full URL as typed', () => {
    expect(resolveRequestUrl(org, '/me').href).toBe('https://api.example/v1/me');
    expect(resolveRequestUrl(org, 'me?x=1').href).toBe('https://api.example/v1/me?x=1');
    expect(resolveRequestUrl(org, '//evil.example/x').href).toBe('https://api.example/evil.example/x');
    expect(resolveRequestUrl(org, 'https://other.example/x').href).toBe('https://other.example/x');
  });

  it.each(['\\\\evil.example/x', '\t\\\\evil.example/x', '\\/evil.example/x', '\n//evil.example'])('refuses %j, which the parser reads as another host, naming it', (url) => {
    expect(() => resolveRequestUrl(org, url)).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('is read as another host (evil.example)') }));
  });

  it('refuses what is not http(s) and a path where there is no API URL', () => {
    expect(() => resolveRequestUrl(org, 'file:///etc/passwd')).toThrow(/only http and https/);
    expect(() => resolveRequestUrl({ name: 'm' } as Organization, '/me')).toThrow(/has no API URL/);
  });
});
