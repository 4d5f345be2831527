// A client's TLS certificate from the window (mutual TLS, RFC 8705): main asks for the certificate
// and key files with its own dialogs and reads them itself, so the private key never crosses to the
// page; the page gets what it shows (subject, thumbprint, expiry, warnings). Removal is asked in
// the page first (its key goes for good) and checked against the client the page showed.
import type { CertificateChosen } from '../../preload/contract.js';
import type { Core } from '../core/open-vault.js';
import type { Handlers } from './handlers.js';
import { checkSeenClient } from './stale-view.js';

type CertificateChannel = 'client.chooseCertificate' | 'client.removeCertificate';

export interface CertificateShell {
  /**
   * Asks for the certificate file, then its private key (Electron's open dialogs) and answers their
   * text, or undefined when the user cancels either. `client`: `org/client`, for the dialogs' titles.
   */
  chooseCertificateFiles?: ((client: string) => Promise<{ certPem: string; keyPem: string } | undefined>) | undefined;
}

export function certificateHandlers(core: Core, { chooseCertificateFiles }: CertificateShell): Pick<Handlers, CertificateChannel> {
  const { vault } = core;
  return {
    'client.chooseCertificate': async ({ org, client, seenClient }): Promise<CertificateChosen> => {
      checkSeenClient(vault, { org, client }, seenClient);
      if (!chooseCertificateFiles) return { cancelled: true };
      const files = await chooseCertificateFiles(`${org}/${client}`);
      if (!files) return { cancelled: true };
      const { client: set, warnings } = await vault.setClientCertificate(org, client, files.certPem, files.keyPem);
      const { subject, thumbprint, notAfter } = set.certificate!;
      return { cancelled: false, subject, thumbprint, notAfter, warnings };
    },
    'client.removeCertificate': async ({ org, client, seenClient }) => {
      checkSeenClient(vault, { org, client }, seenClient);
      return vault.removeClientCertificate(org, client);
    },
  };
}
