// `tokendeck org add`: a new organization, its provider and URLs, and a signed-JWT profile.
import type { OrganizationInput } from '../../core/model.js';
import { listOption, requiredOption, stringOption, type Command } from '../command.js';
import { PROFILE_USAGE, profileFromArgs, profileOptions } from '../profile-options.js';

export const command: Command = {
  usage: `org add <org> --provider musicapi|musimap|oauth2|jwt [--api-url URL] [--token-url URL] [--allow-origin ORIGIN]... ${PROFILE_USAGE}`,
  positionals: 1,
  options: {
    provider: { type: 'string' },
    'api-url': { type: 'string' },
    'token-url': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    ...profileOptions,
  },
  async run(args, { io, vault }) {
    const jwt = profileFromArgs(args, undefined);
    // A preset says what the organization is: --provider jwt may be left out.
    const provider = (jwt && stringOption(args, 'provider') === undefined ? 'jwt' : requiredOption(args, 'provider', command)) as OrganizationInput['provider'];
    const org = await vault().addOrganization({
      name: args.positionals[0]!,
      provider,
      apiBaseUrl: stringOption(args, 'api-url'),
      tokenUrl: stringOption(args, 'token-url'),
      allowedOrigins: listOption(args, 'allow-origin'),
      ...(jwt ? { jwt } : {}),
    });
    const profile = org.jwt ? ` with the ${org.jwt.preset} profile (${org.jwt.alg}, ${org.jwt.ttlSeconds} s, at most ${org.jwt.maxTtlSeconds} s)` : '';
    io.stderr.write(`Added organization ${org.name} (${org.provider})${profile}.\n`);
    // Said out loud: the preset chose where its tokens (GitHub: the app JWT) will be sent.
    if (org.jwt && org.apiBaseUrl && stringOption(args, 'api-url') === undefined) {
      io.stderr.write(`API URL: ${org.apiBaseUrl} (the ${org.jwt.preset} preset's; give --api-url for another, e.g. GitHub Enterprise).\n`);
    }
  },
};
