// `tokendeck key generate`: a new signing key for an organization; the private key goes to the
// keychain, the public key PEM to stdout.
import { isPending, keyLabel, type SigningKey } from '../../core/model/entities.js';
import { usesKid } from '../../core/jwt-profile.js';
import { stringOption, type Command } from '../command.js';
import { pendingKeySteps } from '../pending-key-steps.js';

/** "P-256", "RSA", "Ed25519": the kind of key an algorithm signs with, for messages. */
const KEY_KIND: Record<SigningKey['algorithm'], string> = { ES256: 'P-256', ES384: 'P-384', RS256: 'RSA', PS256: 'RSA', EdDSA: 'Ed25519' };

export const command: Command = {
  usage: 'key generate <org>',
  summary: 'make a signing key; print its public half',
  description: 'without --kid the key waits for its Key ID: key set-kid',
  examples: ['tokendeck key generate acme', 'tokendeck key generate acme --kid ABC123DEFG'],
  positionals: 1,
  options: { kid: { type: 'string', value: 'KID', description: 'the Key ID the vendor gave the key' } },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const { key, publicKeyPem } = await vault().generateKey(org.name, stringOption(args, 'kid'));
    io.stdout.write(publicKeyPem);
    io.stderr.write(
      isPending(key)
        ? `Generated ${KEY_KIND[key.algorithm]} key ${keyLabel(key, usesKid(org))} (thumbprint ${key.thumbprint}); the private key is in the keychain. ${pendingKeySteps(org, key)}\n`
        : `Generated ${KEY_KIND[key.algorithm]} key ${key.kid} (thumbprint ${key.thumbprint}); the private key is in the keychain. Paste the public key above into the vendor's dashboard.\n`,
    );
  },
};
