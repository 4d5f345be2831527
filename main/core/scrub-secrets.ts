// The one place that removes secrets from text a server wrote (an error that echoes the request,
// a Location header) before Tokendeck repeats it anywhere: stderr, the page, history. A secret
// is looked for in every form it may have travelled in: literal, percent- or form-encoded,
// JSON- or HTML-escaped (decoded-views.ts), and base64: of the secret, of `id:secret` as HTTP
// Basic sends it (RFC 6749 §2.3.1 form-encodes both first), and of any body that contained it.
// A signed JWT is looked for whole and in its two halves (withJwtPieces), its signature also as
// debug output spells bytes: base64 in lines, hex with separators, Python bytes (separatedNeedles).
import { decodedViews, separatedViews, type DecodedView } from './decoded-views.js';
import type { CredentialPlacement } from './http/credential-placement.js';

export const REDACTED = '‹redacted›';

export interface SecretsToScrub {
  /** Each secret value sent: a client secret, a token, an Authorization value. Empty ones are skipped. */
  values: readonly string[];
  /** The client id sent beside them: base64 `id:secret` (HTTP Basic) is removed whole. */
  clientId?: string;
}

/** A base64 run this short or shorter could be anything: a secret too short to leave one is found by its other forms. */
const MIN_CORE_CHARS = 6;

/** application/x-www-form-urlencoded as URLSearchParams writes it (`!'()~` encoded too). */
const formStrict = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
/** The same as encodeURIComponent with `+` for a space, which is how oauth2.ts encodes Basic credentials. */
const formLoose = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
const ENCODINGS: Array<(value: string) => string> = [(v) => v, formStrict, formLoose, encodeURIComponent];

function base64Spellings(encoded: string): string[] {
  const url = encoded.replace(/\+/g, '-').replace(/\//g, '_');
  return [encoded, encoded.replace(/=+$/, ''), url, url.replace(/=+$/, '')];
}

/**
 * The part of base64(prefix + payload + suffix) that depends on the payload alone, for each of
 * the three alignments a payload can have inside a longer base64 text (a whole request body
 * echoed as base64, say). The one or two characters at each edge also hold neighbouring bits
 * and stay: at most a few bits of the payload, never enough to recover it. Undefined when a
 * payload is too short to leave a core at every alignment.
 */
function base64Cores(payload: Buffer): string[] | undefined {
  const cores: string[] = [];
  const bits = payload.length * 8;
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), payload, Buffer.alloc(3)]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor((offset * 8 + bits) / 6));
    if (core.length < MIN_CORE_CHARS) return undefined;
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/** One way the secret was written before base64, with the base64 strings that hold it whole. */
interface Base64Form {
  /** Substrings every base64 text holding the payload contains; undefined for a short payload. */
  cores: string[] | undefined;
  /** The payload's own base64 and that of `id:payload`, in every spelling: removed whole. */
  whole: string[];
}

/**
 * The forms of the last few secrets: a console send scrubs its history line with the same token
 * every time, and computing a dozen base64 spellings cost more than the request itself. Kept in
 * main's memory beside the token cache it mirrors, never written anywhere.
 */
const recentForms = new Map<string, Base64Form[]>();
// Room for a signed JWT's pieces (see withJwtPieces) beside the values themselves.
const RECENT_FORMS = 64;

function base64FormsOf(secret: string, clientId: string | undefined): Base64Form[] {
  // JSON keeps the pair apart whatever either holds (a NUL, a quote).
  const key = JSON.stringify([clientId ?? null, secret]);
  let forms = recentForms.get(key);
  if (forms) {
    recentForms.delete(key);
  } else {
    forms = base64Forms(secret, clientId);
    if (recentForms.size >= RECENT_FORMS) recentForms.delete(recentForms.keys().next().value!);
  }
  recentForms.set(key, forms);
  return forms;
}

function base64Forms(secret: string, clientId: string | undefined): Base64Form[] {
  const forms = new Map<string, Base64Form>();
  const add = (payload: string, whole: string) => {
    const form = forms.get(payload) ?? { cores: base64Cores(Buffer.from(payload, 'utf8')), whole: [] };
    form.whole.push(...base64Spellings(Buffer.from(whole, 'utf8').toString('base64')));
    forms.set(payload, form);
  };
  for (const encode of ENCODINGS) {
    add(encode(secret), encode(secret));
    if (clientId !== undefined) add(encode(secret), `${encode(clientId)}:${encode(secret)}`);
  }
  const json = JSON.stringify(secret).slice(1, -1);
  add(json, json);
  return [...forms.values()];
}

/** A compact JWS (RFC 7515 §7.1): three base64url segments, the last one the signature. */
const COMPACT_JWS = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

const base64Standard = (base64url: string) => base64url.replace(/-/g, '+').replace(/_/g, '/');

/**
 * A signed JWT sent (an RFC 7523 assertion, a GitHub app JWT, a DevToken) is given away in pieces
 * too: a server answering "sig <S> over <H>.<P>" hands out both halves, and joined with a dot they
 * are the unspent token. So its signing input and its signature are each a secret of their own,
 * the signature also as standard base64 and hex (how a server's debug output may spell the bytes).
 * Without its signature no piece left can be joined into a token (the header is guessable).
 */
function withJwtPieces(values: readonly string[]): string[] {
  return values.flatMap((value) => {
    const jws = COMPACT_JWS.exec(value);
    if (!jws) return [value];
    const [, signingInput, signature] = jws as unknown as [string, string, string];
    const hex = Buffer.from(signature, 'base64url').toString('hex');
    return [value, signingInput, base64Standard(signingInput), signature, base64Standard(signature), hex, hex.toUpperCase()];
  });
}

/** What to look for in the separated views of a text (decoded-views.ts), for one signed JWT. */
interface SeparatedNeedles {
  /** Signing input and signature, base64url and standard (padded too): found with the line breaks dropped. */
  unwrapped: string[];
  /** The signature's bytes in hex, either case: found with the separators between bytes dropped. */
  unseparated: string[];
  /** The signature's bytes, a character each: found in Python's bytes repr decoded. */
  pythonBytes: string[];
}

/**
 * A signature as debug output spells its bytes, which no needle matches as it stands: base64
 * wrapped in lines (MIME at 76 columns, PEM at 64), hex with separators (OpenSSL's `7b:6c:…`,
 * `7b 6c …`, `0x7b, 0x6c`), Python's b'\x7b\x6c…' or b'{l…'. Each is found in a view of the text
 * with the separators dropped (decoded-views.ts), its span mapped back; the signing input,
 * base64url text itself, may be wrapped too. Plain needles, no pattern built per credential.
 */
function separatedNeedles(values: readonly string[]): SeparatedNeedles | undefined {
  const needles: SeparatedNeedles = { unwrapped: [], unseparated: [], pythonBytes: [] };
  for (const value of values) {
    const jws = COMPACT_JWS.exec(value);
    if (!jws) continue;
    const [, signingInput, signature] = jws as unknown as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    const hex = bytes.toString('hex');
    needles.unwrapped.push(signingInput, base64Standard(signingInput), signature, bytes.toString('base64'), base64Standard(signature));
    needles.unseparated.push(hex, hex.toUpperCase());
    needles.pythonBytes.push(bytes.toString('latin1'));
  }
  return needles.unwrapped.length > 0 ? needles : undefined;
}

/** Every [from, to) span of the text where a needle occurs in this view. */
function find(view: DecodedView, needle: string, spans: Array<[number, number]>): boolean {
  let found = false;
  for (let at = view.text.indexOf(needle); at !== -1; at = view.text.indexOf(needle, at + 1)) {
    spans.push(view.span(at, needle.length));
    found = true;
  }
  return found;
}

/** Sorted, merged [from, to) spans. */
function merge(spans: Array<[number, number]>): Array<[number, number]> {
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The text with each secret, in any of the forms above, replaced by ‹redacted›. */
export function scrubSecrets(text: string, secrets: SecretsToScrub): string {
  const sent = secrets.values.filter((value) => value.length > 0);
  const values = [...new Set(withJwtPieces(sent))];
  if (values.length === 0 || text.length === 0) return text;
  const forms = values.map((value) => ({ value, base64: base64FormsOf(value, secrets.clientId) }));
  const separated = separatedNeedles(sent);
  const spans: Array<[number, number]> = [];
  for (const view of decodedViews(text)) {
    if (separated) {
      const views = separatedViews(view);
      for (const kind of ['unwrapped', 'unseparated', 'pythonBytes'] as const) {
        const separatedView = views[kind];
        if (separatedView) for (const needle of separated[kind]) find(separatedView, needle, spans);
      }
    }
    for (const { value, base64 } of forms) {
      find(view, value, spans);
      for (const { cores, whole } of base64) {
        // A whole base64 form holds a core, so it is looked for only where a core was found.
        const coreFound = cores ? cores.map((core) => find(view, core, spans)).some(Boolean) : true;
        if (coreFound) for (const spelling of whole) find(view, spelling, spans);
      }
    }
  }
  return redacted(text, spans);
}

/**
 * The cheap pass, for a text too long to look at in every form (a console answer's body of
 * megabytes: the full scrub costs about a second a megabyte): each secret, and each piece of a
 * signed JWT, as it was sent, nothing else.
 */
export function scrubVerbatim(text: string, secrets: SecretsToScrub): string {
  const spans: Array<[number, number]> = [];
  const whole: DecodedView = { text, span: (at, length) => [at, at + length] };
  for (const value of new Set(withJwtPieces(secrets.values.filter((v) => v.length > 0)))) find(whole, value, spans);
  return redacted(text, spans);
}

function redacted(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  let out = '';
  let kept = 0;
  for (const [from, to] of merge(spans)) {
    out += text.slice(kept, from) + REDACTED;
    kept = to;
  }
  return out + text.slice(kept);
}

export interface QuoteOptions {
  maxChars?: number;
  /** HTML: drop the tags (after scrubbing, so a secret holding `<` is still found whole). */
  markup?: boolean;
}

/**
 * A server's words made fit to repeat: secrets scrubbed FIRST, then tags dropped, whitespace
 * folded to one line and the whole cut to a length. Cutting first would leave a fragment of a
 * secret at the cut; folding first would break a secret that holds a tab.
 */
export function quoteServer(text: string, secrets: SecretsToScrub, options: QuoteOptions = {}): string {
  const maxChars = options.maxChars ?? 300;
  let quoted = scrubSecrets(text, secrets);
  if (options.markup) quoted = quoted.replace(/<[^>]*>/g, ' ');
  quoted = quoted.replace(/\s+/g, ' ').trim();
  if (quoted.length <= maxChars) return quoted;
  const cut = quoted.slice(0, maxChars);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** What an Authorization value gives away: itself, its credential, and for Basic the secret inside. */
export function secretsOfAuthorization(authorization: string | undefined): SecretsToScrub {
  if (!authorization) return { values: [] };
  const space = authorization.indexOf(' ');
  const credential = space === -1 ? authorization : authorization.slice(space + 1);
  const values = [authorization, credential];
  if (authorization.slice(0, space).toLowerCase() !== 'basic') return { values };
  const pair = Buffer.from(credential, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon === -1) return { values };
  // The secret as sent, and as RFC 6749 §2.3.1 senders form-encode it before base64.
  const secret = pair.slice(colon + 1);
  return { values: [...values, secret, formDecoded(secret)], clientId: formDecoded(pair.slice(0, colon)) };
}

function formDecoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * Every character but RFC 3986's unreserved ones as %XX: how send-request.ts writes a key into a
 * query, so that no URL parser re-encodes it (`'` would become %27 after encodeURIComponent).
 */
export const percentEncodedStrictly = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * What a credential gives away: for one in Authorization, what its value does; for a placed one
 * (an API key in its own header or in the query), the key as sent and in the spellings a URL
 * gives it — percent-encoded strictly (how Tokendeck sends it), by encodeURIComponent and by
 * URLSearchParams (`+` for a space, `*` kept, `!'()~` encoded) — so that even the verbatim pass
 * (scrubVerbatim) finds it in a URL or a server's echo of one.
 */
export function secretsOfCredential(credential: { token: string; authorization: string; placement?: CredentialPlacement }): SecretsToScrub {
  if (!credential.placement) return secretsOfAuthorization(credential.authorization);
  const key = credential.token;
  return { values: [...new Set([key, percentEncodedStrictly(key), encodeURIComponent(key), formStrict(key), formLoose(key)])] };
}
