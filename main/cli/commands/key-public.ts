// `tokendeck key public`: the public half of a signing key to upload, as PEM or as a JWK.
import { TokendeckError } from '../../core/errors.js';
import { findKey } from '../../core/key-ref.js';
import { stringOption, type Command } from '../command.js';
import { printJson } from '../io.js';

export const command: Command = {
  usage: 'key public <org>',
  summary: 'print the public half of a key to upload (PEM or JWK)',
  examples: ['tokendeck key public acme', 'tokendeck key public acme --kid ABC123DEFG --jwk'],
  positionals: 1,
  options: { kid: { type: 'string', value: 'KID', description: 'which key: its Key ID or the start of its thumbprint' }, jwk: { type: 'boolean', description: 'a JWK with its alg instead of PEM' } },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const keys = vault().keys(org.name);
    const ref = stringOption(args, 'kid');
    const active = keys.filter((k) => k.status === 'active').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const key = ref === undefined ? active[0] : findKey(org.name, keys, ref);
    if (!key) throw new TokendeckError('NOT_FOUND', `Organization "${org.name}" has no active key. Generate one (\`tokendeck key generate ${org.name}\`) or import one.`);
    if (!args.values.jwk) return void io.stdout.write(key.publicKeyPem);
    const { publicJwk } = await import('../../core/signing-keys.js');
    printJson(io, publicJwk(key.publicKeyPem, key.algorithm, key.kid));
  },
};
