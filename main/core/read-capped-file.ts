// A small text file read whole, refused by its size before it is read: a hostile or mistaken path
// may name a huge file or a device. For the files a user points at (a certificate, its key).
import { TokendeckError } from './errors.js';

/** `what`: how messages name the file (`--cert`, `The certificate file`). */
export async function readCappedFile(file: string, maxBytes: number, what: string): Promise<string> {
  const { open } = await import('node:fs/promises');
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new TokendeckError('USAGE', `${what} ${file}: cannot read it (${error.code ?? 'error'}).`);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new TokendeckError('USAGE', `${what} ${file}: not a file.`);
    if (stat.size > maxBytes) throw new TokendeckError('VALIDATION', `${what} ${file}: it is ${Math.ceil(stat.size / 1024)} KB, over ${maxBytes / 1024} KB; a PEM certificate or key is a few KB.`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
