// An organization's network settings from the command line (org add, org update), curl's words:
// `--proxy URL` (`--proxy ''` removes it), `--no-proxy LIST` (comma-separated; `''` removes it),
// `--cacert FILE` (a PEM bundle, checked by the vault) and `--no-cacert`. A proxy's password is
// read from stdin (`--proxy-password-stdin`, never argv) and kept in the keychain by the vault.
import { TokendeckError } from '../core/errors.js';
import { CA_BUNDLE_MAX_BYTES, withProxyPassword, type OrgNetworkChanges } from '../core/model/network.js';
import { stringOption, type Options, type Parsed } from './command.js';
import { readSecret, type CliIo } from './io.js';


export const networkOptions = {
  proxy: { type: 'string', value: 'URL', description: 'send this organization\'s requests through this proxy (http://user@host:port)' },
  'proxy-password-stdin': { type: 'boolean', description: 'read the proxy\'s password from stdin into the keychain' },
  'no-proxy': { type: 'string', value: 'HOST,...', description: 'hosts reached without the proxy' },
  cacert: { type: 'string', value: 'FILE', description: 'trust this private CA bundle (PEM) for the organization\'s hosts' },
} satisfies Options;

/** Read only when small: a CA bundle is a few KB, and a wrong path could name a disk image. */
async function readCaFile(file: string): Promise<string> {
  const { readFile, stat } = await import('node:fs/promises');
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new TokendeckError('USAGE', `--cacert ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (size > CA_BUNDLE_MAX_BYTES) throw new TokendeckError('VALIDATION', `Invalid CA bundle: ${file} is over ${CA_BUNDLE_MAX_BYTES / 1024} KB; a CA bundle is a few certificates. Give your organization's CA certificates only. Nothing was stored.`, { field: 'network.caPem' });
  return readFile(file, 'utf8');
}

const list = (value: string) => value.split(/[\s,]+/).filter(Boolean);

/** The settings the options give (undefined: none given); on an update, `''` and --no-cacert remove. */
export async function networkFromArgs(args: Parsed, update: boolean, io: CliIo): Promise<OrgNetworkChanges | undefined> {
  let proxy = stringOption(args, 'proxy');
  // A password on the command line is in the shell's history and in `ps`: stdin only, as secrets are.
  if (proxy && /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(proxy)) {
    throw new TokendeckError('USAGE', 'Give the proxy\'s password on stdin, not in --proxy (it would stay in your shell history): --proxy http://user@host:port --proxy-password-stdin.');
  }
  if (args.values['proxy-password-stdin']) {
    if (!proxy || !/^[a-z]+:\/\/[^/@]+@/i.test(proxy)) throw new TokendeckError('USAGE', '--proxy-password-stdin goes with --proxy http://user@host:port (the user name in the URL, the password on stdin).');
    const password = await readSecret(io, { what: 'proxy password', maxChars: 1024 }, 'Proxy password: ');
    if (!password) throw new TokendeckError('VALIDATION', 'Invalid proxy password: standard input was empty.');
    proxy = withProxyPassword(proxy, encodeURIComponent(password));
  }
  const noProxy = stringOption(args, 'no-proxy');
  const file = stringOption(args, 'cacert');
  if (file !== undefined && args.values['no-cacert']) throw new TokendeckError('USAGE', 'Give --cacert FILE or --no-cacert, not both.');
  const network: OrgNetworkChanges = {};
  if (proxy !== undefined && (proxy !== '' || update)) network.proxy = proxy === '' ? null : proxy;
  if (noProxy !== undefined && (list(noProxy).length || update)) network.noProxy = list(noProxy).length ? list(noProxy) : null;
  if (file !== undefined) network.caPem = await readCaFile(file);
  if (args.values['no-cacert']) network.caPem = null;
  return Object.keys(network).length ? network : undefined;
}
