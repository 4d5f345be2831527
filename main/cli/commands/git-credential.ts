// `tokendeck git-credential`: git's credential helper (`git help credential`). `get` answers the
// git host of a GitHub App organization with a fresh installation token (user x-access-token);
// `store` and `erase` do nothing (the token is Tokendeck's, cached in its own store for its hour).
// Configured once per host:
//   git config --global credential.https://github.com.helper '!tokendeck git-credential --client gh/bot'
import { TokendeckError } from '../../core/errors.js';
import { gitHostForApiUrl, normalGitHost } from '../../core/git-host.js';
import type { Vault } from '../../core/vault.js';
import { requiredOption, splitClientPath, type Command } from '../command.js';
import { readGitCredentialAsk } from '../git-credential-input.js';

const ACTIONS = ['get', 'store', 'erase'] as const;

/** The git host the client's installation tokens are for; refused for anything but a GitHub App organization. */
function servedHost(vault: Vault, org: string, client: string): { org: string; client: string; host: string } {
  const found = vault.resolveClient(org, client);
  const path = `${found.org.name}/${found.client.name}`;
  if (found.org.jwt?.exchange !== 'github-installation') {
    throw new TokendeckError('VALIDATION', `${path} does not make GitHub App installation tokens (its organization is not a github-app one): git-credential serves only those. Name a GitHub App client (tokendeck org add gh --preset github-app).`);
  }
  const host = gitHostForApiUrl(found.org.apiBaseUrl);
  if (!host) {
    throw new TokendeckError('VALIDATION', `${found.org.name}'s API URL (${found.org.apiBaseUrl ?? 'none'}) names no git host: git-credential knows https://api.github.com (github.com), https://api.<name>.ghe.com (<name>.ghe.com) and https://<host>/api/v3 (GitHub Enterprise Server, <host>). Nothing was sent.`, { field: 'apiBaseUrl' });
  }
  return { org: found.org.name, client: found.client.name, host: normalGitHost(host) };
}

export const command: Command = {
  usage: 'git-credential get|store|erase',
  summary: "git's credential helper: a GitHub App installation token",
  description: "git runs it: get answers the GitHub App organization's git host (from its API URL, https only) with an installation token; store and erase do nothing",
  examples: ["git config --global credential.https://github.com.helper '!tokendeck git-credential --client gh/bot'"],
  positionals: 1,
  options: { client: { type: 'string', value: 'ORG/CLIENT', required: true, description: 'the GitHub App client whose installation token git gets' } },
  async run(args, { io, vault, tokens }) {
    const action = args.positionals[0]!;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new TokendeckError('USAGE', `git-credential takes get, store or erase (git gives it), not "${action}".`);
    }
    const { org, client } = splitClientPath(requiredOption(args, 'client', command));
    const served = servedHost(vault(), org, client);
    // git writes the description to every action; it is read so that git never writes into a closed pipe.
    const ask = await readGitCredentialAsk(io);
    if (action !== 'get') return;
    if (ask.protocol !== 'https') {
      throw new TokendeckError('FORBIDDEN', `git asked for ${ask.protocol ?? 'no'} protocol: git-credential answers https only (a token never travels unencrypted). Nothing was given.`);
    }
    const host = normalGitHost(ask.host ?? '');
    if (host !== served.host) {
      throw new TokendeckError('FORBIDDEN', `git asked for ${host || 'no host'}, but ${served.org}/${served.client}'s tokens are for ${served.host} only: nothing was given. Configure the helper for that host alone (git config credential.https://${served.host}.helper …).`);
    }
    const credential = await tokens().credential({ org: served.org, client: served.client, scheme: 'bearer' });
    const expiry = credential.expiresAt ? [`password_expiry_utc=${Math.floor(credential.expiresAt / 1000)}`] : [];
    io.stdout.write([`protocol=https`, `host=${ask.host}`, 'username=x-access-token', `password=${credential.token}`, ...expiry, ''].join('\n'));
  },
};
