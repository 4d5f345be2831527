// Writing to stdout and stderr without making them streams: its own small module, shared by the
// CLI's io and the agent's client (which prints the agent's answer before any of the CLI loads).
import fs from 'node:fs';

export interface DescriptorWriter {
  write(text: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
}

/**
 * stdout and stderr written straight to their descriptors: process.stdout and process.stderr would
 * first build streams, and load Node's stream modules for them (~3% of `node -e 0`), for the line
 * or page a command prints. Where the descriptor refuses a whole synchronous write (a full
 * non-blocking pipe, a reader gone) the rest goes through the stream, as everything after it does,
 * so the order holds. Not on Windows, whose console wants the stream's own writes.
 */
export function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): DescriptorWriter {
  if (process.platform === 'win32') return stream();
  let fallback: NodeJS.WriteStream | undefined;
  return {
    write(text: string | Uint8Array) {
      if (fallback) return fallback.write(text);
      let rest = typeof text === 'string' ? Buffer.from(text) : text;
      try {
        while (rest.length > 0) rest = rest.subarray(fs.writeSync(fd, rest));
        return true;
      } catch {
        fallback = stream();
        return fallback.write(rest);
      }
    },
    get isTTY() {
      return stream().isTTY;
    },
  };
}

