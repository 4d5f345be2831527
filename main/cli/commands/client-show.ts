// `tokendeck client show`: one client as the store holds it — its id, environment, where its
// secret is, how it authenticates, and its TLS certificate (subject, thumbprint, expiry). Reads the
// store only: no keychain, never a secret.
import type { Client } from '../../core/model/entities.js';
import { isUserGrant } from '../../core/providers/oauth2.js';
import { clientPath, envOption } from '../client-path.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, printLines } from '../io.js';
import { clientSecretWords } from '../secret-place.js';

/** The certificate's lines: what it is, when it expires, and whether it can be presented here. */
export function certificateLines(certificate: NonNullable<Client['certificate']>, now: number): string[] {
  const expired = Date.parse(certificate.notAfter) <= now;
  return [
    `certificate   ${certificate.subject}`,
    `thumbprint    ${certificate.thumbprint} (x5t#S256)`,
    `expires       ${certificate.notAfter}${expired ? ' (EXPIRED: servers refuse it)' : ''}`,
    `private key   ${certificate.hasKey ? 'in keychain' : 'not here: add it (client update --cert FILE --cert-key FILE)'}`,
  ];
}

export const command: Command = {
  usage: 'client show <org>/<client>',
  summary: "show a client's settings and where its secret is",
  examples: ['tokendeck client show acme/web', 'tokendeck client show acme --env staging --json'],
  positionals: 1,
  options: { ...envOption, ...jsonOption },
  async run(args, { io, vault }) {
    const path = clientPath(args, { io, vault });
    const { org, client } = vault().resolveClient(path.org, path.client);
    if (args.values.json) return printJson(io, { org: org.name, ...client });
    const oauth2 = client.oauth2;
    printLines(io, [
      `${org.name}/${client.name}  [${client.environment}]`,
      `client id     ${client.clientId}`,
      `secret        ${clientSecretWords(client).replace(/^secret /, '')}`,
      ...(oauth2 ? [`grant         ${(oauth2.grant ?? 'client_credentials').replace(/_/g, '-')}${isUserGrant(oauth2) && client.session ? `, signed in${client.session.account ? ` as ${client.session.account}` : ''}` : ''}`, `auth method   ${oauth2.authMethod}`] : []),
      ...(client.certificate ? certificateLines(client.certificate, Date.now()) : ['certificate   none (mutual TLS: client update --cert FILE --cert-key FILE)']),
    ]);
  },
};
