// An organization's CA bundle as given (a file, a paste): PEM certificates only, each parsed, each a
// CA, a bounded number of them. Stored re-encoded (text between the blocks — a bundle's comments —
// dropped) and shown by subject and expiry. A CA is public: it may be stored and shown whole; what it
// decides is who can read what Tokendeck sends, so adding one is a destination change.
import { X509Certificate } from 'node:crypto';
import { TokendeckError } from '../errors.js';
import { CA_BUNDLE_MAX_BYTES, CA_BUNDLE_MAX_CERTIFICATES } from '../model/network.js';

export interface CaCertificateView {
  /** The subject's common name, else the whole subject on one line. */
  subject: string;
  /** ISO date-time the certificate stops being valid. */
  notAfter: string;
  expired: boolean;
  /** SHA-256 fingerprint, AA:BB:…: to compare with what the CA's owner publishes. */
  fingerprint: string;
}

export interface CaBundle {
  /** The certificates, re-encoded as PEM: what is stored and given to TLS. */
  pem: string;
  certificates: CaCertificateView[];
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function invalid(message: string, field: string): TokendeckError {
  return new TokendeckError('VALIDATION', `Invalid CA bundle (${field}): ${message}. Nothing was stored.`, { field });
}

function subjectOf(certificate: X509Certificate): string {
  const lines = certificate.subject.split('\n');
  const cn = lines.find((line) => line.startsWith('CN='));
  return (cn ? cn.slice(3) : lines.join(', ')).slice(0, 200);
}

export function viewOf(certificate: X509Certificate, now = Date.now()): CaCertificateView {
  const notAfter = new Date(certificate.validTo);
  return { subject: subjectOf(certificate), notAfter: notAfter.toISOString(), expired: notAfter.getTime() < now, fingerprint: certificate.fingerprint256 };
}

/**
 * Parses and checks a bundle: VALIDATION for anything that is not a bundle of CA certificates (a
 * private key, another PEM type, a leaf certificate, too many or too big), never quoting its text.
 * An expired CA is kept and shown as expired (the bundle may hold its successor).
 */
export function readCaBundle(text: string, { now = Date.now(), field = 'network.caPem' }: { now?: number; field?: string } = {}): CaBundle {
  if (Buffer.byteLength(text, 'utf8') > CA_BUNDLE_MAX_BYTES) throw invalid(`it is over ${CA_BUNDLE_MAX_BYTES / 1024} KB; a CA bundle is a few certificates. Give your organization's CA certificates only, not a whole system store`, field);
  const blocks = [...text.matchAll(BLOCK)];
  if (!blocks.length) throw invalid('it holds no PEM certificate (-----BEGIN CERTIFICATE-----). Export the CA certificate as PEM (Base64), not DER', field);
  const other = blocks.find((block) => block[1] !== 'CERTIFICATE');
  if (other) {
    throw invalid(/PRIVATE KEY/.test(other[1]!) ? 'it holds a private key. A CA bundle is certificates only: never give a private key here' : `it holds a ${other[1]!.toLowerCase()} block; a CA bundle is certificates only`, field);
  }
  if (blocks.length > CA_BUNDLE_MAX_CERTIFICATES) throw invalid(`it holds ${blocks.length} certificates, over ${CA_BUNDLE_MAX_CERTIFICATES}. Give your organization's CAs only, not a whole system store`, field);
  const certificates = blocks.map((block, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block[0]);
    } catch {
      throw invalid(`certificate ${index + 1} is not a valid X.509 certificate`, field);
    }
    // A server's own certificate is no trust anchor for its chain: the CA that signed it is.
    if (!certificate.ca) throw invalid(`certificate ${index + 1} (${subjectOf(certificate)}) is not a CA certificate (basicConstraints CA:TRUE). Give the CA that signed the server's certificate, not the server's own`, field);
    return certificate;
  });
  return { pem: certificates.map((c) => c.toString().trim()).join('\n') + '\n', certificates: certificates.map((c) => viewOf(c, now)) };
}

/** The stored bundle's certificates, for the deck and `org show`; a bundle that no longer parses shows none. */
export function caCertificatesOf(pem: string | undefined): CaCertificateView[] | undefined {
  if (!pem) return undefined;
  try {
    return readCaBundle(pem).certificates;
  } catch {
    return [];
  }
}
