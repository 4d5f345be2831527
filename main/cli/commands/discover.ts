// `tokendeck discover <issuer>`: what an issuer's discovery document says — its endpoints, grants,
// client authentication methods and scopes — and, with `--client`, whether that client's sign-in
// can work there (its grant, its authentication, its organization's token URL), judged by the
// sign-in's own checks. Exit 1 when one fails, so a script can check before `login`.
import { TokendeckError } from '../../core/errors.js';
import { jsonOption, splitClientPath, stringOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';

const MARK = { ok: '✓', warn: '!', bad: '✗' } as const;

export const command: Command = {
  usage: 'discover <issuer>',
  summary: "show an OAuth 2.0 issuer's endpoints and methods",
  description: "reads /.well-known/openid-configuration (or RFC 8414's); with --client, whether that client's sign-in can work there",
  examples: ['tokendeck discover https://login.example.com', 'tokendeck discover https://login.example.com --client acme/svc'],
  positionals: 1,
  options: { client: { type: 'string', value: 'ORG/CLIENT', description: "check this client's settings against the issuer" }, ...jsonOption },
  async run(args, { io, vault }) {
    const issuer = args.positionals[0]!;
    const named = stringOption(args, 'client');
    const path = named === undefined ? undefined : splitClientPath(named);
    // The organization as the client's environment sees it: its token URL is the one pinned.
    const planned = path && vault().resolveClient(path.org, path.client);
    if (planned && !planned.client.oauth2) throw new TokendeckError('USAGE', `${named} is not an OAuth 2.0 client: there is no sign-in to judge.`);
    const [{ discoverIssuer }, { previewIssuer }] = await Promise.all([import('../../core/oauth/discovery.js'), import('../../core/oauth/issuer-preview.js')]);
    const metadata = await discoverIssuer(issuer);
    const preview = previewIssuer(
      metadata,
      planned
        ? {
            grant: planned.client.oauth2!.grant ?? 'client_credentials',
            authMethod: planned.client.oauth2!.authMethod,
            org: { name: planned.org.name, tokenUrl: planned.org.tokenUrl },
          }
        : {},
    );
    const failed = preview.checks.some((check) => check.level === 'bad');
    if (args.values.json) {
      printJson(io, preview);
      return failed ? 1 : 0;
    }
    const width = Math.max(...preview.endpoints.map((endpoint) => endpoint.name.length), 'Client authentication'.length);
    const row = (term: string, value: string) => `  ${term.padEnd(width)}  ${value}`;
    printLines(io, [
      `${preview.issuer} (from ${preview.foundAt})`,
      ...preview.checks.map((check) => `${MARK[check.level]} ${check.text}`),
      ...preview.endpoints.map((endpoint) => row(endpoint.name, endpoint.url)),
      ...(preview.grantsSupported ? [row('Grants', preview.grantsSupported.join(' '))] : []),
      ...(preview.authMethodsSupported ? [row('Client authentication', preview.authMethodsSupported.join(' '))] : []),
      ...(preview.scopesSupported ? [row('Scopes', preview.scopesSupported.join(' '))] : []),
    ]);
    return failed ? 1 : 0;
  },
};
