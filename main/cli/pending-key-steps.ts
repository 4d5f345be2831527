// What `key generate` and `key import` tell the user to do with a key the dashboard has not yet
// given a Key ID.
import type { Organization, SigningKey } from '../core/model/entities.js';
import { usesKid } from '../core/jwt-profile.js';
import { optionWord } from '../core/shell-words.js';

/** What to do with a key the dashboard has not yet given a Key ID. */
export function pendingKeySteps(org: Organization, key: SigningKey): string {
  if (org.jwt && !usesKid(org)) return `The ${org.jwt.preset} profile names no Key ID: the key signs as it is. Give the vendor its public key (\`tokendeck key public ${org.name} --jwk\` for a JWK).`;
  const dashboard = org.jwt ? "the vendor's dashboard" : "MusicAPI's dashboard (Account Settings)";
  return `It is waiting for its Key ID: upload the public key to ${dashboard}, then run \`tokendeck key set-kid ${org.name} ${optionWord('thumbprint', key.thumbprint.slice(0, 8))} --kid <Key ID>\` with the Key ID it shows.`;
}
