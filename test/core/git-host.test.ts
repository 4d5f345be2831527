// Which git host a GitHub App's installation token may go to, from the organization's API URL:
// the three shapes GitHub has, and nothing else.
import { describe, expect, it } from 'vitest';
import { gitHostForApiUrl, normalGitHost } from '../../main/core/git-host.js';

describe('gitHostForApiUrl', () => {
  it.each([
    ['https://api.github.com', 'github.com'],
    ['https://api.github.com/', 'github.com'],
    ['https://api.octocorp.ghe.com', 'octocorp.ghe.com'],
    ['https://ghe.corp.example/api/v3', 'ghe.corp.example'],
    ['https://ghe.corp.example:8443/api/v3/', 'ghe.corp.example:8443'],
  ])('maps %s to %s', (api, host) => {
    expect(gitHostForApiUrl(api)).toBe(host);
  });

  it.each([
    ['no API URL', undefined],
    ['http', 'http://api.github.com'],
    ['http Enterprise Server', 'http://ghe.corp.example/api/v3'],
    ['another api. host', 'https://api.example.com'],
    ['a path under api.github.com', 'https://api.github.com/api/v3'],
    ['another path', 'https://ghe.corp.example/api/v4'],
    ['a path under a ghe.com host', 'https://api.octocorp.ghe.com/api/v3'],
    ['credentials in the URL', 'https://user:pass@ghe.corp.example/api/v3'],
    ['not a URL', 'api.github.com'],
  ])('names no host for %s', (_what, api) => {
    expect(gitHostForApiUrl(api)).toBeUndefined();
  });

  it('compares hosts as git writes them', () => {
    expect(normalGitHost('GitHub.com:443')).toBe('github.com');
    expect(normalGitHost('ghe.example:8443')).toBe('ghe.example:8443');
  });
});
