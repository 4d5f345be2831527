// `tokendeck org add`: a new organization, its provider and URLs, and its provider's settings: a
// signed-JWT profile, where an API key goes.
import { TokendeckError } from '../../core/errors.js';
import { PROVIDERS, providerSpec, type Provider } from '../../core/providers/registry.js';
import { apiKeyOptions, apiKeyPlacementFromArgs } from '../api-key-options.js';
import { listOption, requiredOption, stringOption, type Command } from '../command.js';
import { networkFromArgs, networkOptions } from '../network-options.js';
import { profileFromArgs, profileOptions } from '../profile-options.js';

export const command: Command = {
  usage: 'org add <org>',
  summary: 'add an organization: an API and how it issues credentials',
  examples: ['tokendeck org add acme --provider musicapi --api-url https://api.acme.test', 'tokendeck org add apple --provider jwt --preset apple-music', 'tokendeck org add corp --provider oauth2 --token-url https://login.corp.test/token --proxy http://proxy.corp:3128'],
  positionals: 1,
  options: {
    provider: { type: 'string', value: 'PROVIDER', required: true, description: `how the API issues credentials (${PROVIDERS.join(', ')})` },
    'api-url': { type: 'string', value: 'URL', description: "the API's base URL" },
    'token-url': { type: 'string', value: 'URL', description: 'the token endpoint' },
    'allow-origin': { type: 'string', multiple: true, value: 'ORIGIN', description: 'another origin credentials may be sent to' },
    ...profileOptions,
    ...apiKeyOptions,
    ...networkOptions,
  },
  async run(args, { io, vault }) {
    const jwt = profileFromArgs(args, undefined);
    const apiKey = apiKeyPlacementFromArgs(args);
    const network = await networkFromArgs(args, false, io);
    // A preset says what the organization is: the provider that holds profiles; --provider may be left out.
    const provider = (jwt && stringOption(args, 'provider') === undefined ? PROVIDERS.find((p) => providerSpec(p).organizationSettings.includes('jwt')) : requiredOption(args, 'provider', command)) as Provider;
    // An unknown provider is the organization schema's to refuse, with the others' names.
    if (PROVIDERS.includes(provider) && providerSpec(provider).organizationSettings.includes('apiKey') && !apiKey) {
      throw new TokendeckError('USAGE', `An ${provider} organization says where its key goes: add --key-header <name> (e.g. X-API-Key) or --key-query <name> (e.g. api_key).`);
    }
    const org = await vault().addOrganization({
      name: args.positionals[0]!,
      provider,
      apiBaseUrl: stringOption(args, 'api-url'),
      tokenUrl: stringOption(args, 'token-url'),
      allowedOrigins: listOption(args, 'allow-origin'),
      ...(jwt ? { jwt } : {}),
      ...(apiKey ? { apiKey } : {}),
      ...(network ? { network: network as { proxy?: string; noProxy?: string[]; caPem?: string } } : {}),
    });
    const profile = org.jwt ? ` with the ${org.jwt.preset} profile (${org.jwt.alg}, ${org.jwt.ttlSeconds} s, at most ${org.jwt.maxTtlSeconds} s)` : '';
    io.stderr.write(`Added organization ${org.name} (${org.provider})${profile}.\n`);
    // Said out loud: the preset chose where its tokens (GitHub: the app JWT) will be sent.
    if (org.jwt && org.apiBaseUrl && stringOption(args, 'api-url') === undefined) {
      io.stderr.write(`API URL: ${org.apiBaseUrl} (the ${org.jwt.preset} preset's; give --api-url for another, e.g. GitHub Enterprise).\n`);
    }
  },
};
