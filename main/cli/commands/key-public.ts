// `tokendeck key public`: the public half of a signing key to upload, as PEM or as a JWK.
import { TokendeckError } from '../../core/errors.js';
import { findKey } from '../../core/key-ref.js';
import { stringOption, type Command } from '../command.js';
import { printJson } from '../io.js';

export const command: Command = {
  usage: 'key public <org> [--kid=<kid or thumbprint>] [--jwk]',
  description: 'the public half to upload: PEM, or a JWK with its alg',
  positionals: 1,
  options: { kid: { type: 'string' }, jwk: { type: 'boolean' } },
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
