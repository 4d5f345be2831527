// `tokendeck org show`: one organization's settings — its URLs, environments and network settings
// (proxy, NO_PROXY, the CA bundle by subject and expiry) — as lines or as JSON. Never a secret.
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

export const command: Command = {
  usage: 'org show <org>',
  summary: "show an organization's settings, environments and clients",
  examples: ['tokendeck org show acme', 'tokendeck org show acme --json'],
  positionals: 1,
  options: { ...jsonOption },
  async run(args, { io, vault }) {
    const { clients, keys, caCertificates, ...org } = vault().organizationTree(args.positionals[0]!);
    const { caPem: _pem, proxyPassword, ...network } = org.network ?? {};
    if (args.values.json) {
      return printJson(io, { ...org, ...(org.network ? { network: { ...network, ...(proxyPassword ? { proxyPassword } : {}), ...(caCertificates ? { caCertificates } : {}) } } : {}), clients: clients.map((c) => c.name), keys: keys.map((k) => k.kid ?? k.thumbprint) });
    }
    printLines(io, [
      `name\t${org.name}`,
      `provider\t${org.provider}`,
      `token URL\t${org.tokenUrl ?? '-'}`,
      `API URL\t${org.apiBaseUrl ?? '-'}`,
      `environments\t${org.environments.map((e) => e.name).join(', ') || '-'}`,
      `clients\t${clients.map((c) => c.name).join(', ') || '-'}`,
      `proxy\t${network.proxy ? `${network.proxy}${proxyPassword ? ' (its password in the keychain)' : ''}` : 'HTTPS_PROXY (the environment)'}`,
      `no proxy\t${network.noProxy?.join(', ') ?? '-'}`,
      ...(caCertificates?.length
        ? caCertificates.map((c) => `CA\t${c.subject}, until ${c.notAfter.slice(0, 10)}${c.expired ? ' (EXPIRED)' : ''}, SHA-256 ${c.fingerprint}`)
        : ['CA\tthe system roots only']),
    ]);
  },
};
