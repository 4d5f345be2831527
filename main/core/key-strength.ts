// Keys that parse and fit their algorithm but must not sign: an RSA public exponent outside
// FIPS 186-5's range (1 makes a "signature" the padded message itself, forgeable by anyone who
// has the public key), and an EC private key whose public point is not its own (d·G):
// its signatures would not verify under the public key it shows, or verify under one it does not.
import { createECDH, type KeyObject } from 'node:crypto';

/**
 * FIPS 186-5 §A.1.1 (and SP 800-56B): 2^16 < e < 2^256, e odd. An even e has no inverse modulo
 * λ(n), so it is no RSA key at all; e = 1 signs nothing; a small e such as 3 is what Bleichenbacher's
 * 2006 forgery uses against a verifier that parses PKCS#1 v1.5 padding loosely (vendors' servers
 * are such verifiers): no vendor issues one, so refusing costs nothing and closes that door.
 */
const MIN_RSA_EXPONENT = 65537n;
const MAX_RSA_EXPONENT = 2n ** 256n;

function rsaExponentProblem(e: bigint): string | undefined {
  if (e === 1n) return 'its public exponent is 1, so a "signature" is the message itself: anyone could forge one from the public key';
  if (e % 2n === 0n) return `its public exponent ${e} is even, which no RSA key can have`;
  if (e < MIN_RSA_EXPONENT) return `its public exponent ${e} is below 65537 (FIPS 186-5 §A.1.1); small exponents let lenient verifiers accept forged signatures`;
  if (e >= MAX_RSA_EXPONENT) return 'its public exponent is 2^256 or more (FIPS 186-5 §A.1.1 allows 65537 … 2^256 − 1)';
  return undefined;
}

const ECDH_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp256k1']);

/**
 * For an EC private key: is the public point it carries the one its private scalar makes? OpenSSL
 * keeps a carried point as it is (and off-curve points are refused when parsed); an Ed25519 key's
 * public half is always computed from its seed, so it cannot disagree.
 */
function publicHalfProblem(key: KeyObject): string | undefined {
  const jwk = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    if (!ECDH_CURVES.has(curve)) return undefined;
    const ecdh = createECDH(curve);
    try {
      ecdh.setPrivateKey(Buffer.from(jwk.d!, 'base64url'));
    } catch {
      return 'its private scalar is not one of the curve (0, or not below the group order)';
    }
    const point = ecdh.getPublicKey();
    const size = (point.length - 1) / 2;
    const carried = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    return carried.length === 1 + 2 * size && point.equals(carried) ? undefined : 'the public point it carries is not d·G for its private scalar d (the file was altered, or two keys were spliced)';
  }
  return undefined;
}

/** The cheap part alone, checked again at every signature: a key stored before these checks existed. */
export function weakPublicExponent(key: KeyObject): string | undefined {
  const exponent = key.asymmetricKeyDetails?.publicExponent;
  const problem = exponent === undefined || (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') ? undefined : rsaExponentProblem(exponent);
  return problem && `this RSA key is weak: ${problem}`;
}

/** Why this key (private or public) must not be used, or undefined: checked where a key enters. */
export function weakKeyProblem(key: KeyObject): string | undefined {
  const weak = weakPublicExponent(key);
  if (weak) return weak;
  const problem = key.type === 'private' ? publicHalfProblem(key) : undefined;
  return problem && `this private key is inconsistent: ${problem}`;
}
