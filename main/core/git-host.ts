// Which git host a GitHub App installation token is for, read from the organization's API URL: a
// token made for one GitHub is handed to that GitHub's git host and no other. Only the three
// shapes GitHub has: github.com (API api.github.com), GitHub Enterprise Cloud with data residency
// (API api.<name>.ghe.com, git <name>.ghe.com) and GitHub Enterprise Server (API https://<host>/api/v3).

/** The git host (`host[:port]`, as git's credential protocol writes it) for an API URL, or undefined when it names none. */
export function gitHostForApiUrl(apiBaseUrl: string | undefined): string | undefined {
  if (!apiBaseUrl) return undefined;
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  const port = url.port ? `:${url.port}` : '';
  if (path === '' && url.hostname === 'api.github.com') return `github.com${port}`;
  if (path === '' && /^api\.[a-z0-9-]+\.ghe\.com$/.test(url.hostname)) return `${url.hostname.slice('api.'.length)}${port}`;
  // GitHub's own domains are never an Enterprise Server: their API is at the root.
  const githubDomain = /(^|\.)(github\.com|ghe\.com)$/.test(url.hostname);
  if (path === '/api/v3' && !githubDomain) return url.host;
  return undefined;
}

/** How git names a host: lower case, without the default https port. */
export function normalGitHost(host: string): string {
  return host.toLowerCase().replace(/:443$/, '');
}
