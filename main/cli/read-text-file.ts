// A file's text, for the commands that read one (`import`, `request --data-file`). node:fs/promises
// is loaded on the first read, not with the command files: it costs ~3 ms to load, and `--help`
// loads every command file.
export async function readTextFile(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file, 'utf8');
}
