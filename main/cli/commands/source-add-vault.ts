// `tokendeck source add vault`: a HashiCorp Vault / OpenBao server, the KV mount and prefixes an
// imported setup may reference, and how Tokendeck logs in: a token kept in the keychain (read from
// stdin), VAULT_TOKEN of the environment, or AppRole (the secret id from stdin, into the keychain).
import { TokendeckError } from '../../core/errors.js';
import { listOption, requiredOption, stringOption, usageLine, type Command, type Parsed } from '../command.js';
import { readSecret, type CliIo, type StdinInput } from '../io.js';
import { allowedReplacement, replaceOption } from '../source-replace.js';

const VAULT_CREDENTIAL_INPUT: StdinInput = { what: 'Vault credential', maxChars: 16 * 1024 };

type Auth = { method: 'token'; token?: string } | { method: 'env' } | { method: 'approle'; roleId: string; mount?: string; secretId?: string };

async function authOf(args: Parsed, io: CliIo): Promise<Auth> {
  const roleId = stringOption(args, 'role-id');
  const chosen = [args.values['token-stdin'] === true, args.values['token-from-env'] === true, roleId !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new TokendeckError('USAGE', `Choose one way to log in: --token-stdin, --token-from-env or --role-id.\nUsage: tokendeck ${usageLine(command)}`);
  if (args.values['token-from-env']) return { method: 'env' };
  if (roleId !== undefined) {
    const mount = stringOption(args, 'approle-mount');
    const secretId = args.values['secret-id-stdin'] ? await readSecret(io, VAULT_CREDENTIAL_INPUT, 'AppRole secret id: ') : undefined;
    return { method: 'approle', roleId, ...(mount ? { mount } : {}), ...(secretId !== undefined ? { secretId } : {}) };
  }
  if (args.values['secret-id-stdin'] || stringOption(args, 'approle-mount')) throw new TokendeckError('USAGE', '--secret-id-stdin and --approle-mount go with --role-id.');
  // Without --token-stdin the token already in the keychain is kept (the core refuses when there is none).
  return args.values['token-stdin'] ? { method: 'token', token: await readSecret(io, VAULT_CREDENTIAL_INPUT, 'Vault token: ') } : { method: 'token' };
}

export const command: Command = {
  usage: 'source add vault',
  summary: 'set up HashiCorp Vault as a secret source (vault:…#…)',
  description: 'log in with --token-stdin, --token-from-env or --role-id with --secret-id-stdin; the token and the secret ID go to the keychain',
  examples: ['printf %s "$VAULT_TOKEN" | tokendeck source add vault --address https://vault.example.com --mount secret --prefix acme/ --token-stdin'],
  positionals: 0,
  options: {
    address: { type: 'string', value: 'URL', required: true, description: "the Vault server's address" },
    namespace: { type: 'string', value: 'NS', description: 'the Vault namespace' },
    mount: { type: 'string', value: 'MOUNT', required: true, description: 'the KV engine\'s mount' },
    prefix: { type: 'string', multiple: true, value: 'PREFIX', required: true, description: 'a path under the mount setups may reference' },
    'token-stdin': { type: 'boolean', description: 'read a Vault token from stdin into the keychain' },
    'token-from-env': { type: 'boolean', description: 'use VAULT_TOKEN from the environment each time' },
    'role-id': { type: 'string', value: 'ID', description: 'log in with AppRole: its role ID' },
    'secret-id-stdin': { type: 'boolean', description: "with --role-id: read the AppRole's secret ID from stdin into the keychain" },
    'approle-mount': { type: 'string', value: 'MOUNT', description: "the AppRole auth method's mount" },
    ...replaceOption,
  },
  async run(args, { io, vault }) {
    const address = requiredOption(args, 'address', command);
    const mount = requiredOption(args, 'mount', command).replace(/^\/+|\/+$/g, '');
    const given = listOption(args, 'prefix');
    if (given.length === 0) throw new TokendeckError('USAGE', `Give at least one --prefix (the path under --mount a team setup may reference).\nUsage: tokendeck ${usageLine(command)}`);
    const prefixes = given.map((p) => `${mount}/${p.replace(/^\/+/, '')}`);
    const namespace = stringOption(args, 'namespace');
    const { replacementOf, setUpVault } = await import('../../core/sources/source-setup.js');
    const sources = vault().sources;
    const replacement = replacementOf(sources.settings(), { vault: { address, ...(namespace ? { namespace } : {}), prefixes, auth: { method: 'env' } } });
    const replace = allowedReplacement(args, io, replacement);
    const auth = await authOf(args, io);
    const { vaultSettingsFromEnv } = await import('../../core/vault-core.js');
    const set = await setUpVault(sources, vaultSettingsFromEnv(io.env).keychain, { address, namespace, prefixes, auth }, replace);
    const how = set.auth.method === 'env' ? 'VAULT_TOKEN of the environment' : set.auth.method === 'token' ? 'the token in the keychain' : `AppRole ${set.auth.roleId} (the secret id in the keychain)`;
    io.stderr.write(`The Vault at ${set.address}${set.namespace ? ` (namespace ${set.namespace})` : ''} is set up, logging in with ${how}: setups may reference ${set.prefixes.map((p) => `vault:${p}/…`).join(', ')}.\n`);
  },
};
