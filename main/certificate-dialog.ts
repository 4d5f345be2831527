// Electron edge: a client's TLS certificate and private key chosen with main's own open dialogs
// and read here, so the key's text never reaches the page (certificate-handlers.ts keeps it).
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import { MAX_CERTIFICATE_BYTES, MAX_TLS_KEY_BYTES } from './core/client-certificate.js';
import { readCappedFile } from './core/read-capped-file.js';

const PEM_FILTERS = [
  { name: 'PEM files', extensions: ['pem', 'crt', 'cer', 'key'] },
  { name: 'All files', extensions: ['*'] },
];

async function chooseFile(title: string): Promise<string | undefined> {
  const options: OpenDialogOptions = { title, properties: ['openFile'], filters: PEM_FILTERS };
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const { canceled, filePaths } = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return canceled ? undefined : filePaths[0];
}

/** The certificate, then its private key; undefined when either dialog is cancelled. */
export async function chooseCertificateFilesInDialog(client: string): Promise<{ certPem: string; keyPem: string } | undefined> {
  const certFile = await chooseFile(`Client certificate of ${client} (PEM)`);
  if (certFile === undefined) return undefined;
  const keyFile = await chooseFile(`Private key of that certificate (PEM; it is copied to the keychain)`);
  if (keyFile === undefined) return undefined;
  return {
    certPem: await readCappedFile(certFile, MAX_CERTIFICATE_BYTES, 'The certificate file'),
    keyPem: await readCappedFile(keyFile, MAX_TLS_KEY_BYTES, 'The key file'),
  };
}
