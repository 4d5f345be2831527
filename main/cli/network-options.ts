// An organization's network settings from the command line (org add, org update), curl's words:
// `--proxy URL` (`--proxy ''` removes it), `--no-proxy LIST` (comma-separated; `''` removes it),
// `--cacert FILE` (a PEM bundle, checked by the vault) and `--no-cacert`.
import { TokendeckError } from '../core/errors.js';
import { CA_BUNDLE_MAX_BYTES, type OrgNetworkChanges } from '../core/model/network.js';
import { stringOption, type Options, type Parsed } from './command.js';

export const NETWORK_USAGE = '[--proxy URL] [--no-proxy HOST,...] [--cacert FILE]';

export const networkOptions = {
  proxy: { type: 'string' },
  'no-proxy': { type: 'string' },
  cacert: { type: 'string' },
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
export async function networkFromArgs(args: Parsed, update: boolean): Promise<OrgNetworkChanges | undefined> {
  const proxy = stringOption(args, 'proxy');
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
