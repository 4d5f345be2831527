// A text as a server may have re-encoded what it was sent: percent-encoded (`+` or `%20` for a
// space, either case of hex), JSON-escaped (`\"`, `\/`, `\u00e9`), HTML-escaped, or two of these
// layered. Each view decodes the text and remembers, for every character, the span of the
// original it came from, so that a secret found in any view can be cut out of the original.
// Decoding, rather than listing each encoder's spelling, also catches partly-encoded forms
// (Python's quote() leaves `/` alone, PHP's json_encode escapes it).

export interface DecodedView {
  text: string;
  /** The span [from, to) of the original that text.slice(at, at + length) was decoded from. */
  span(at: number, length: number): [number, number];
}

/** A decoding: for each UTF-16 unit of `text`, the span of its input it came from. */
interface Decoded {
  text: string;
  from: Int32Array;
  to: Int32Array;
}

type Decoder = (input: string) => Decoded | undefined;

const HEX = /^[0-9a-fA-F]{2}$/;

function byteAt(input: string, i: number): number | undefined {
  if (input[i] !== '%') return undefined;
  const hex = input.slice(i + 1, i + 3);
  return HEX.test(hex) ? parseInt(hex, 16) : undefined;
}

/** One UTF-8 character spelled as %XX bytes starting at i, and where it ends. */
function percentCharAt(input: string, i: number): { char: string; end: number } | undefined {
  const lead = byteAt(input, i);
  if (lead === undefined) return undefined;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0) return undefined;
  let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = byteAt(input, i + 3 * k);
    if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  if (codePoint > 0x10ffff) return undefined;
  return { char: String.fromCodePoint(codePoint), end: i + 3 * length };
}

/**
 * Decodes by scanning: `step` reads the encoded character at i (found by `special`), or returns
 * undefined where the text is plain after all. Runs of plain text are copied whole.
 */
function scan(input: string, special: RegExp, step: (input: string, i: number) => { char: string; end: number } | undefined): Decoded | undefined {
  // Most texts (a URL, a header value) hold nothing to decode: no maps allocated for them.
  if (!special.test(input)) return undefined;
  const parts: string[] = [];
  // A decoding is never longer than its input (an astral character takes two units, but
  // came from at least two).
  const from = new Int32Array(input.length);
  const to = new Int32Array(input.length);
  let length = 0;
  let changed = false;
  const copy = (start: number, end: number) => {
    parts.push(input.slice(start, end));
    for (let i = start; i < end; i++, length++) {
      from[length] = i;
      to[length] = i + 1;
    }
  };
  const finder = new RegExp(special.source, 'g');
  let plainFrom = 0;
  for (let match = finder.exec(input); match; match = finder.exec(input)) {
    const i = match.index;
    const decoded = step(input, i);
    if (!decoded) continue;
    copy(plainFrom, i);
    changed = true;
    parts.push(decoded.char);
    for (let unit = 0; unit < decoded.char.length; unit++, length++) {
      from[length] = i;
      to[length] = decoded.end;
    }
    plainFrom = finder.lastIndex = decoded.end;
  }
  if (!changed) return undefined;
  copy(plainFrom, input.length);
  return { text: parts.join(''), from: from.subarray(0, length), to: to.subarray(0, length) };
}

const percent: Decoder = (input) => scan(input, /%/, percentCharAt);

const form: Decoder = (input) => scan(input, /[%+]/, (text, i) => (text[i] === '+' ? { char: ' ', end: i + 1 } : percentCharAt(text, i)));

const JSON_SHORT: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const json: Decoder = (input) =>
  scan(input, /\\/, (text, i) => {
    const short = JSON_SHORT[text[i + 1] ?? ''];
    if (short !== undefined) return { char: short, end: i + 2 };
    const hex = text[i + 1] === 'u' ? text.slice(i + 2, i + 6) : '';
    return /^[0-9a-fA-F]{4}$/.test(hex) ? { char: String.fromCharCode(parseInt(hex, 16)), end: i + 6 } : undefined;
  });

const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const html: Decoder = (input) =>
  scan(input, /&/, (text, i) => {
    ENTITY.lastIndex = i;
    const name = ENTITY.exec(text)?.[1];
    if (name === undefined) return undefined;
    const code = name.startsWith('#x') || name.startsWith('#X') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : undefined;
    if (code !== undefined && code > 0x10ffff) return undefined;
    return { char: code === undefined ? NAMED[name]! : String.fromCodePoint(code), end: i + name.length + 2 };
  });

const DECODERS: Decoder[] = [percent, form, json, html];

function view(decoded: Decoded, outer?: Decoded): DecodedView {
  const { text, from, to } = decoded;
  if (!outer) return { text, span: (at, length) => [from[at]!, to[at + length - 1]!] };
  // A decoding of a decoding: its spans are in the outer text, mapped once more.
  return { text, span: (at, length) => [outer.from[from[at]!]!, outer.to[to[at + length - 1]! - 1]!] };
}

/** The text itself and every decoding of it up to two layers deep (those that change something),
 * one at a time: a long text's views are not all held at once. */
export function* decodedViews(text: string): Generator<DecodedView> {
  yield { text, span: (at, length) => [at, at + length] };
  for (const first of DECODERS) {
    const once = first(text);
    if (!once) continue;
    yield view(once);
    for (const second of DECODERS) {
      const twice = second(once.text);
      if (twice) yield view(twice, once);
    }
  }
}

/** Whitespace: base64 wrapped in lines (MIME at 76 columns, PEM at 64). */
const LINE_BREAKS = /\s+/g;
/** Between bytes in hex: OpenSSL's `7b:6c:…`, `7b 6c`, `0x7b, 0x6c`, `\x7b\x6c`. */
const BYTE_SEPARATORS = /(?:[\s:,]|\\[xX]|0[xX])+/g;

/**
 * The outer view with every run of separators left out. Separators are many in any text (each
 * space): the text is made by one native replace, and the map back to the outer view only when
 * a needle was found in it (rarely), rather than a step per separator as scan() takes.
 */
function dropped(outer: DecodedView, separators: RegExp): DecodedView | undefined {
  const text = outer.text.replace(separators, '');
  if (text.length === outer.text.length) return undefined;
  let kept: Int32Array | undefined;
  const keptAt = () => {
    const map = new Int32Array(text.length);
    let length = 0;
    let from = 0;
    separators.lastIndex = 0;
    for (let match = separators.exec(outer.text); ; match = separators.exec(outer.text)) {
      const end = match ? match.index : outer.text.length;
      for (let i = from; i < end; i++) map[length++] = i;
      if (!match) return map;
      from = match.index + match[0].length;
    }
  };
  return {
    text,
    span: (at, length) => {
      kept ??= keptAt();
      return [outer.span(kept[at]!, 1)[0], outer.span(kept[at + length - 1]!, 1)[1]];
    },
  };
}

const PYTHON_SHORT: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', t: '\t', n: '\n', r: '\r' };

/** Python's bytes repr (b'{l\xb7…'): each escape the one character of that code, so a byte each. */
const pythonBytes: Decoder = (input) =>
  !/\\x[0-9a-fA-F]{2}/.test(input) ? undefined : scan(input, /\\/, (text, i) => {
    const short = PYTHON_SHORT[text[i + 1] ?? ''];
    if (short !== undefined) return { char: short, end: i + 2 };
    const hex = text[i + 1] === 'x' ? text.slice(i + 2, i + 4) : '';
    return HEX.test(hex) ? { char: String.fromCharCode(parseInt(hex, 16)), end: i + 4 } : undefined;
  });

export interface SeparatedViews {
  /** Whitespace dropped. */
  unwrapped?: DecodedView;
  /** Whitespace, `:`, `,` and the `0x`/`\x` prefixes dropped: for hex. */
  unseparated?: DecodedView;
  /** Python escapes decoded: a character per byte. */
  pythonBytes?: DecodedView;
}

/**
 * How debug output spells bytes that no fixed needle matches, as views of a view: built only for
 * the long pieces of a signed JWT (scrub-secrets.ts), never for every secret — a short secret
 * found in a text with its spaces dropped would be no secret found.
 */
export function separatedViews(outer: DecodedView): SeparatedViews {
  const python = pythonBytes(outer.text);
  return {
    unwrapped: dropped(outer, LINE_BREAKS),
    unseparated: dropped(outer, BYTE_SEPARATORS),
    pythonBytes: python && {
      text: python.text,
      span: (at, length) => [outer.span(python.from[at]!, 1)[0], outer.span(python.to[at + length - 1]! - 1, 1)[1]],
    },
  };
}
