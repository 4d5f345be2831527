// Decodes a JWT's header and claims for display (never verifies; the inspector issue does).
import { TokendeckError } from './errors.js';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export async function decodeJwtForDisplay(token: string): Promise<DecodedJwt> {
  const { decodeJwt, decodeProtectedHeader } = await import('jose');
  try {
    return { header: decodeProtectedHeader(token) as Record<string, unknown>, claims: decodeJwt(token) as Record<string, unknown> };
  } catch {
    throw new TokendeckError('VALIDATION', 'This token is not a JWT (three base64url parts of JSON), so it has no header or claims to show.');
  }
}
