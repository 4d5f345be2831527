// A client's TLS certificate and private key as they come in (a file, a paste): parsed with
// node:crypto, the key held to the certificate (their public keys must be one), sizes capped and
// text outside the PEM blocks refused. What is kept: the certificate (public: vault.json) and the
// key as PKCS#8 PEM (the keychain, `client/<uuid>/tls-key`). RFC 8705 (mutual TLS for OAuth 2.0).
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { TokendeckError } from './errors.js';
import { certificateThumbprint } from './http/transport.js';
import type { ClientCertificateRecord } from './model/entities.js';

/** A certificate with its chain is a few KB; a key under 8 KB (RSA 4096 is ~3.3 KB). */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;
export const MAX_TLS_KEY_BYTES = 16 * 1024;
/** Leaf and intermediates: more than this is not a client certificate's chain. */
const MAX_CHAIN = 8;

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\n([A-Za-z0-9+/=\n]+)-----END \1-----\n?/g;

export interface ParsedClientCertificate {
  /** What the store keeps. */
  record: ClientCertificateRecord;
  /** The private key as PKCS#8 PEM, for the keychain only. */
  keyPem: string;
  /** Not refusals: an expired or not-yet-valid certificate still goes in (the server decides). */
  warnings: string[];
}

const invalid = (field: 'certificate' | 'key', message: string) => new TokendeckError('VALIDATION', `Invalid ${field}: ${message}`, { field });

/**
 * The PEM blocks of `text`, which may hold nothing else: CRLF is read as LF and blank lines around
 * the blocks are fine, anything else (a stray header, a NUL, a BOM, text between blocks) is
 * refused naming where, never quoting it (it may be a secret).
 */
function pemBlocks(text: string, field: 'certificate' | 'key', maxBytes: number): Array<{ label: string; pem: string }> {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw invalid(field, `it is over ${maxBytes / 1024} KB: ${field === 'key' ? 'a private key' : 'a certificate with its chain'} is a few KB of PEM. Check the file.`);
  const normalized = text.replace(/\r\n/g, '\n').replace(/^\n+/, '');
  const blocks: Array<{ label: string; pem: string }> = [];
  let at = 0;
  for (const match of normalized.matchAll(BLOCK)) {
    if (match.index !== at && normalized.slice(at, match.index).trim() !== '') break;
    blocks.push({ label: match[1]!, pem: match[0].endsWith('\n') ? match[0] : `${match[0]}\n` });
    at = match.index + match[0].length;
  }
  const rest = normalized.slice(at);
  if (blocks.length === 0 || rest.trim() !== '') {
    const begin = normalized.indexOf('-----BEGIN ');
    const where =
      blocks.length > 0 ? `there is text after its PEM block${blocks.length > 1 ? 's' : ''}` : begin > 0 ? 'there is text before its PEM block' : 'it is not PEM (-----BEGIN …----- lines around base64)';
    throw invalid(field, `${where}. Give the ${field === 'key' ? 'private key' : 'certificate'} as PEM alone${field === 'key' ? ' (openssl pkey -in key -out key.pem)' : ' (openssl x509 -in cert -out cert.pem)'}.`);
  }
  return blocks;
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** One line naming the subject (`CN=svc, O=Acme`): node gives one attribute per line; controls inside a value are escaped. */
export function subjectLine(certificate: X509Certificate): string {
  return certificate.subject
    .split('\n')
    .filter(Boolean)
    .map((part) => part.replace(CONTROL, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`))
    .join(', ')
    .slice(0, 1000);
}

function parseCertificate(certText: string): { certificate: X509Certificate; pem: string } {
  const blocks = pemBlocks(certText, 'certificate', MAX_CERTIFICATE_BYTES);
  if (blocks.some((b) => b.label !== 'CERTIFICATE')) {
    const other = blocks.find((b) => b.label !== 'CERTIFICATE')!.label;
    throw invalid('certificate', `the file holds a ${other.toLowerCase()} block: give the certificate (-----BEGIN CERTIFICATE-----) here${other.includes('PRIVATE KEY') ? ', and the private key as the key' : ''}.`);
  }
  if (blocks.length > MAX_CHAIN) throw invalid('certificate', `it holds ${blocks.length} certificates; a client certificate and its chain are at most ${MAX_CHAIN}.`);
  const parsed = blocks.map((block, i) => {
    try {
      return new X509Certificate(block.pem);
    } catch {
      throw invalid('certificate', `certificate ${i + 1} of the file could not be read as X.509. Export it again as PEM.`);
    }
  });
  // The first certificate is the client's own; the others (its chain) are sent after it.
  return { certificate: parsed[0]!, pem: blocks.map((b) => b.pem).join('') };
}

function parseKey(keyText: string): KeyObject {
  const blocks = pemBlocks(keyText, 'key', MAX_TLS_KEY_BYTES);
  if (blocks.length !== 1) throw invalid('key', `the file holds ${blocks.length} PEM blocks; give the private key alone.`);
  const { label } = blocks[0]!;
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(blocks[0]!.pem)) {
    throw invalid('key', 'it is encrypted with a passphrase. Tokendeck keeps it in the keychain instead: decrypt it first (openssl pkey -in key.pem -out plain.pem), give that, then delete plain.pem.');
  }
  if (!/PRIVATE KEY$/.test(label)) throw invalid('key', `the file holds a ${label.toLowerCase()}, not a private key (-----BEGIN PRIVATE KEY-----).`);
  try {
    return createPrivateKey(blocks[0]!.pem);
  } catch {
    throw invalid('key', 'it could not be read as a private key. Export it as PEM (PKCS#8: openssl pkey -in key -out key.pem).');
  }
}

/** Whether the key is the certificate's: their public keys, as SubjectPublicKeyInfo, are the same. */
function keyMatches(certificate: X509Certificate, key: KeyObject): boolean {
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  return spki(createPublicKey(key)).equals(spki(certificate.publicKey));
}

/**
 * The certificate and key, checked: refused when either is not PEM, too big, or the key is not the
 * certificate's; warned when the certificate is expired or not valid yet (`now`, epoch ms).
 */
export function parseClientCertificate(certText: string, keyText: string, now: number): ParsedClientCertificate {
  const { certificate, pem } = parseCertificate(certText);
  const key = parseKey(keyText);
  if (!keyMatches(certificate, key)) {
    throw invalid('key', `it is not the private key of the certificate "${subjectLine(certificate)}" (their public keys differ). Give the key the certificate was issued for.`);
  }
  const notBefore = Date.parse(certificate.validFrom);
  const notAfter = Date.parse(certificate.validTo);
  const warnings: string[] = [];
  if (notAfter <= now) warnings.push(`The certificate expired on ${new Date(notAfter).toISOString()}: servers will refuse it until it is renewed.`);
  if (notBefore > now) warnings.push(`The certificate is not valid until ${new Date(notBefore).toISOString()}: servers will refuse it until then.`);
  return {
    record: {
      pem,
      thumbprint: certificateThumbprint(pem),
      subject: subjectLine(certificate),
      notAfter: new Date(notAfter).toISOString(),
      hasKey: true,
    },
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string,
    warnings,
  };
}

/** A certificate alone (a setup import: the key never travels), checked as above. */
export function parseCertificateOnly(certText: string): Omit<ClientCertificateRecord, 'hasKey'> {
  const { certificate, pem } = parseCertificate(certText);
  return { pem, thumbprint: certificateThumbprint(pem), subject: subjectLine(certificate), notAfter: new Date(Date.parse(certificate.validTo)).toISOString() };
}
