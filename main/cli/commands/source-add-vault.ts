// `tokendeck source add vault`: a HashiCorp Vault / OpenBao server, the KV mount and prefixes an
// imported setup may reference, and how Tokendeck logs in: a token kept in the keychain (read from
// stdin), VAULT_TOKEN of the environment, or AppRole (the secret id from stdin, into the keychain).
import { TokendeckError } from '../../core/errors.js';
import { listOption, requiredOption, stringOption, usageLine, type Command, type Parsed } from '../command.js';
import { readSecret, type CliIo, type StdinInput } from '../io.js';
import { allowedReplacement, REPLACE_NOTE } from '../source-replace.js';

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
  usage: 'source add vault --address <url> [--namespace <ns>] --mount <m> --prefix <p> [--prefix …] [--token-stdin | --token-from-env | --role-id <id> --secret-id-stdin [--approle-mount <m>]] [--replace]',
  description: `prefixes are stored as <mount>/<prefix>; the token and the secret id are read from stdin into the keychain; ${REPLACE_NOTE}`,
  positionals: 0,
  options: {
    address: { type: 'string' },
    namespace: { type: 'string' },
    mount: { type: 'string' },
    prefix: { type: 'string', multiple: true },
    'token-stdin': { type: 'boolean' },
    'token-from-env': { type: 'boolean' },
    'role-id': { type: 'string' },
    'secret-id-stdin': { type: 'boolean' },
    'approle-mount': { type: 'string' },
    replace: { type: 'boolean' },
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
