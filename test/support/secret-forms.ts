// Every form a secret may travel in and be echoed back in, for tests that check none survives:
// literal, percent- and form-encoded (either hex case, `+` or `%20`), JSON- and HTML-escaped,
// and base64 (standard, URL-safe, unpadded) of the secret and of `id:secret` as HTTP Basic sends
// it, plain or form-encoded first (RFC 6749 §2.3.1).

const hex4 = (unit: string, upper: boolean) => {
  const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
};
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
export const formLoose = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
export const formStrict = (v: string) => new URLSearchParams({ v }).toString().slice(2);
export const jsonEscaped = (v: string) => JSON.stringify(v).slice(1, -1);
export const base64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
const spellings = (b64: string) => {
  const url = b64.replace(/\+/g, '-').replace(/\//g, '_');
  return [b64, b64.replace(/=+$/, ''), url, url.replace(/=+$/, '')];
};

/** Each form by name. Every one holds the secret and nothing else. */
export function secretForms(secret: string, id: string): Record<string, string> {
  return {
    literal: secret,
    encodeURIComponent: encodeURIComponent(secret),
    'percent, lower-case hex': lowerHex(encodeURIComponent(secret)),
    'form, + for space': formLoose(secret),
    'form, URLSearchParams': formStrict(secret),
    'form, lower-case hex': lowerHex(formStrict(secret)),
    "Python's quote (/ left alone)": encodeURIComponent(secret).replace(/%2F/g, '/'),
    'double percent-encoding': encodeURIComponent(encodeURIComponent(secret)),
    'JSON-escaped': jsonEscaped(secret),
    'JSON, \\u escapes (lower)': jsonEscaped(secret).replace(/[^\x00-\x7f]/g, (c) => hex4(c, false)),
    'JSON, \\u escapes (upper)': jsonEscaped(secret).replace(/[^\x00-\x7f]/g, (c) => hex4(c, true)),
    'JSON, \\/ escaped (PHP)': jsonEscaped(secret).replace(/\//g, '\\/'),
    'JSON-escaped inside a query string': encodeURIComponent(jsonEscaped(secret)),
    'JSON inside JSON': jsonEscaped(jsonEscaped(secret)),
    'HTML-escaped': secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    ...Object.fromEntries(spellings(base64(secret)).map((s, i) => [`base64 of the secret #${i}`, s])),
    ...Object.fromEntries(spellings(base64(`${id}:${secret}`)).map((s, i) => [`base64 of id:secret #${i}`, s])),
    ...Object.fromEntries(spellings(base64(`${formLoose(id)}:${formLoose(secret)}`)).map((s, i) => [`base64 of RFC 6749 id:secret #${i}`, s])),
    ...Object.fromEntries(spellings(base64(`${formStrict(id)}:${formStrict(secret)}`)).map((s, i) => [`base64 of form-encoded id:secret #${i}`, s])),
    'base64 of RFC 6749 id:secret, percent-encoded': encodeURIComponent(base64(`${formLoose(id)}:${formLoose(secret)}`)),
  };
}

/** The names of the forms of a secret found in the text (none, for a scrubbed text). */
export function formsFound(text: string, secret: string, id: string): string[] {
  return Object.entries(secretForms(secret, id))
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
}

const UNESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const percentDecoded = (text: string) =>
  text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
const DECODERS: Array<(text: string) => string> = [
  percentDecoded,
  (text) => percentDecoded(text.replace(/\+/g, ' ')),
  (text) => text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (UNESCAPES[e] ?? e))),
  (text) => text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name]!),
  // base64 of something that held base64 (a whole request echoed as base64, its Basic header in it).
  (text) => text.replace(/[A-Za-z0-9+/_-]{8,}={0,2}/g, (run) => Buffer.from(run, 'base64').toString('utf8')),
];

/** The text decoded every way up to three layers deep: percent, form, JSON, HTML, base64, in any order. */
function decodings(text: string): string[] {
  let layer = new Set([text]);
  const all = new Set(layer);
  for (let depth = 0; depth < 3; depth++) {
    const next = new Set<string>();
    for (const t of layer) for (const decode of DECODERS) next.add(decode(t));
    layer = next;
    for (const t of next) all.add(t);
  }
  return [...all];
}

/**
 * How the text still gives the secret away, if it does: read through any decoding, it holds
 * the secret, or the first 6 characters of a form it was sent in (a fragment left at a cut),
 * or a base64 run that decodes to either. Undefined when it gives nothing away.
 */
export function secretRevealed(text: string, secret: string): string | undefined {
  const sent = [secret, jsonEscaped(secret), formStrict(secret), formLoose(secret), encodeURIComponent(secret)];
  const pieces = [...new Set([secret, ...sent.map((form) => form.slice(0, 6))])];
  for (const decoded of decodings(text)) {
    for (const piece of pieces) {
      if (decoded.includes(piece)) return `holds ${JSON.stringify(piece)} once decoded: ${decoded.slice(0, 400)}`;
      if (base64Reveals(decoded, Buffer.from(piece, 'utf8'))) return `has base64 that decodes to ${JSON.stringify(piece)}`;
    }
  }
  return undefined;
}

/** Whether any base64 run in the text, read at any alignment, decodes to hold the bytes. */
export function base64Reveals(text: string, bytes: Buffer): boolean {
  for (const run of text.match(/[A-Za-z0-9+/_-]{4,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      if (Buffer.from(run.slice(skip), 'base64').includes(bytes)) return true;
    }
  }
  return false;
}
