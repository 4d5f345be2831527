// Reads a response body up to a size cap, so a hostile or broken server cannot exhaust memory.

export interface CappedBody {
  bytes: Uint8Array;
  truncated: boolean;
}

/** Reads chunks up to the cap; leaving the loop early cancels the stream (node:http or undici). */
export async function readCappedStream(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<CappedBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size + chunk.byteLength > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      size = maxBytes;
      return { bytes: concat(chunks, size), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  return { bytes: concat(chunks, size), truncated: false };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
