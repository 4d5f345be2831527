// Whether a URL an authorization server gave (an issuer, an endpoint from its metadata) may be
// used: https, or plain http on loopback alone (the rule of HttpsUrl in model/primitives.ts), no
// user:password, no fragment, no control character (the URL parser drops tabs and line breaks
// silently, so they are looked for in the text as sent), at most 2,000 characters.
import { TokendeckError } from '../errors.js';
import { HttpsUrl } from '../model/primitives.js';

const MAX_URL_CHARS = 2000;

/** The URL as given, if usable; else EXCHANGE_PROTOCOL naming the field and who sent it. */
export function checkEndpointUrl(value: unknown, field: string, from: string): string {
  const refuse = (why: string) => new TokendeckError('EXCHANGE_PROTOCOL', `${from} gave a ${field} that ${why}. Tokendeck sends credentials only to https:// addresses (plain http on loopback alone); check the issuer.`);
  if (typeof value !== 'string' || value.length === 0) throw refuse('is not a URL');
  if (value.length > MAX_URL_CHARS) throw refuse(`is ${value.length} characters long, over ${MAX_URL_CHARS}`);
  if (/[\x00-\x20\x7f]/.test(value)) throw refuse('holds a space or a control character');
  const verdict = HttpsUrl.safeParse(value);
  if (!verdict.success) throw refuse(verdict.error.issues[0]?.message ?? 'is not an https URL');
  if (new URL(value).hash) throw refuse(`has a fragment (#…), which ${field === 'issuer' ? 'an issuer' : 'an endpoint'} may not have`);
  return value;
}
