// A certificate authority of the tests' own, made with openssl: server certificates for loopback
// and for names only a test proxy resolves, and client certificates for mutual TLS. Nothing here
// is trusted by Node: a client trusts it only when given `ca`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Issued {
  certPem: string;
  keyPem: string;
}

export interface TestCa {
  /** The CA certificate (PEM), to give as `ca`. */
  pem: string;
  /** A server certificate for these names (DNS names and IP addresses). */
  server(names: string[]): Issued;
  /** A client certificate with this common name, for mutual TLS. */
  client(commonName: string): Issued;
  /** A self-signed client certificate (no CA: RFC 8705 §2.2, registered by its key), valid `days` from now (negative: expired). */
  selfSigned(commonName: string, days?: number): Issued;
  remove(): void;
}

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export function createTestCa(name = 'Tokendeck Test CA'): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-ca-'));
  const file = (base: string) => path.join(dir, base);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['req', '-x509', ...ec, '-days', '2', '-subj', `/CN=${name}`, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  let serial = 0;
  const issue = (commonName: string, extensions: string): Issued => {
    const base = `leaf${++serial}`;
    openssl(['req', ...ec, '-subj', `/CN=${commonName}`, '-keyout', file(`${base}.key`), '-out', file(`${base}.csr`)]);
    fs.writeFileSync(file(`${base}.ext`), extensions);
    openssl(['x509', '-req', '-in', file(`${base}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-set_serial', String(1000 + serial), '-days', '1', '-extfile', file(`${base}.ext`), '-out', file(`${base}.pem`)]);
    return { certPem: fs.readFileSync(file(`${base}.pem`), 'utf8'), keyPem: fs.readFileSync(file(`${base}.key`), 'utf8') };
  };
  return {
    pem: fs.readFileSync(file('ca.pem'), 'utf8'),
    server: (names) => {
      const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
      return issue(names[0] ?? 'localhost', `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
    },
    client: (commonName) => issue(commonName, 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n'),
    selfSigned: (commonName, days = 1) => {
      const base = `self${++serial}`;
      openssl(['req', '-x509', ...ec, '-days', String(days), '-subj', `/CN=${commonName}`, '-addext', 'extendedKeyUsage=clientAuth', '-keyout', file(`${base}.key`), '-out', file(`${base}.pem`)]);
      return { certPem: fs.readFileSync(file(`${base}.pem`), 'utf8'), keyPem: fs.readFileSync(file(`${base}.key`), 'utf8') };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
