// The one scrubbing function: a secret a server echoes back, in any form it was sent in, never
// survives into a message — not whole, not as a fragment left at the 300-character cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteServer, REDACTED, scrubSecrets, secretsOfAuthorization } from '../../main/core/scrub-secrets.js';
import { base64, base64Reveals, formsFound, formStrict, jsonEscaped as json, secretForms } from '../support/secret-forms.js';

// Secrets and client ids are drawn from these; the text around an echo from FILLER, which no
// encoding of a secret produces, so whatever is not filler after scrubbing came from the secret.
const SECRET_CHARS = ['a', 'Z', '0', '9', '+', '/', '=', '&', '%', ' ', '\t', '"', '\\', "'", '<', '>', ':', '.', '-', '_', '~', '!', '*', '(', ')', '{', '}', '?', '#', ';', '@', ',', 'é', 'ü', '日', '😀'];
const FILLER_CHARS = ['|', '^', '`', '\n'];

const secretArb = fc.string({ unit: fc.constantFrom(...SECRET_CHARS), minLength: 1, maxLength: 40 });
const idArb = fc.string({ unit: fc.constantFrom(...SECRET_CHARS), minLength: 1, maxLength: 12 });
const fillerArb = (maxLength: number) => fc.string({ unit: fc.constantFrom(...FILLER_CHARS), maxLength });

const formNames = Object.keys(secretForms('x', 'y'));

/** The output with its markers taken out, and a marker cut short at the end, and the ellipsis. */
function withoutMarkers(text: string): string {
  let out = text.split(REDACTED).join('');
  if (out.endsWith('…')) out = out.slice(0, -1);
  for (let n = REDACTED.length - 1; n > 0; n--) {
    if (out.endsWith(REDACTED.slice(0, n))) return out.slice(0, -n);
  }
  return out;
}

const onlyFiller = /^[|^`\n ]*$/;

describe('scrubSecrets', () => {
  it('removes a secret echoed in any form it was sent in, and leaves nothing of it', () => {
    fc.assert(
      fc.property(secretArb, idArb, fc.constantFrom(...formNames), fillerArb(200), fillerArb(200), (secret, id, name, before, after) => {
        const echo = `${before}${secretForms(secret, id)[name]}${after}`;
        const scrubbed = scrubSecrets(echo, { values: [secret], clientId: id });
        expect(withoutMarkers(scrubbed), `${name} of ${JSON.stringify(secret)}`).toMatch(onlyFiller);
      }),
      { numRuns: 3000, seed: 20261212 },
    );
  });

  it('removes a secret from a whole request body echoed as base64, at any alignment', () => {
    fc.assert(
      fc.property(secretArb, idArb, fillerArb(5), fc.constantFrom<'json' | 'form'>('json', 'form'), (secret, id, pad, shape) => {
        const sent = shape === 'json' ? json(secret) : formStrict(secret);
        // Shorter than 5 bytes, a secret leaves no base64 run of its own inside a longer one:
        // it is found by its other forms.
        fc.pre(Buffer.byteLength(sent) >= 5);
        const body = shape === 'json' ? JSON.stringify({ client_id: id, client_secret: secret }) : `grant_type=client_credentials&client_id=${formStrict(id)}&client_secret=${sent}`;
        const echo = `request body (base64): ${base64(pad + body)}${pad}`;
        const scrubbed = scrubSecrets(echo, { values: [secret], clientId: id });
        expect(base64Reveals(scrubbed, Buffer.from(sent, 'utf8'))).toBe(false);
        expect(base64Reveals(scrubbed, Buffer.from(secret, 'utf8'))).toBe(false);
      }),
      { numRuns: 1000, seed: 20261212 },
    );
  });

  it('leaves text that holds no secret as it was', () => {
    fc.assert(
      fc.property(secretArb, fillerArb(300), (secret, text) => {
        expect(scrubSecrets(text, { values: [secret] })).toBe(text);
      }),
      { numRuns: 300, seed: 20261212 },
    );
  });

  it('removes the secret inside a Basic credential that was sent (secretsOfAuthorization)', () => {
    const authorization = `Basic ${base64('2cf82db3:s3cr+t/=&%"\\\té')}`;
    const echo = `Location: /loop?auth=${encodeURIComponent(authorization)}&raw=${encodeURIComponent('s3cr+t/=&%"\\\té')}`;
    expect(scrubSecrets(echo, secretsOfAuthorization(authorization))).toBe(`Location: /loop?auth=${REDACTED}&raw=${REDACTED}`);
  });
});

describe('scrubSecrets: a signed JWT echoed in halves', () => {
  const segment = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  // Header and payload as JWTs have them (base64url of JSON), a signature of the size ES256 to RS256 make.
  const jwtArb = fc
    .tuple(fc.dictionary(fc.constantFrom('alg', 'typ', 'kid'), fc.string({ maxLength: 12 })), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 30 })), fc.uint8Array({ minLength: 64, maxLength: 256 }))
    .map(([header, payload, signature]) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${segment(signature)}`);
  const plainForms = formNames.filter((name) => !name.includes('id:secret'));
  const hexOf = (signature: string) => Buffer.from(signature, 'base64url').toString('hex');

  it('removes header.payload and the signature each, in every form, wherever they stand apart', () => {
    fc.assert(
      fc.property(jwtArb, fc.constantFrom(...plainForms), fc.constantFrom(...plainForms), fc.boolean(), fillerArb(50), (jwt, inputForm, signatureForm, bearer, filler) => {
        const signingInput = jwt.slice(0, jwt.lastIndexOf('.'));
        const signature = jwt.slice(jwt.lastIndexOf('.') + 1);
        const echo = `${filler}sig ${secretForms(signature, 'x')[signatureForm]}|${filler}over ${secretForms(signingInput, 'x')[inputForm]}^hex ${hexOf(signature)}\n${hexOf(signature).toUpperCase()}`;
        // As the exchanges pass it (the JWT alone), or as an Authorization value is taken apart.
        const scrubbed = scrubSecrets(echo, bearer ? secretsOfAuthorization(`Bearer ${jwt}`) : { values: [jwt] });
        for (const [what, piece] of [['header.payload', signingInput], ['signature', signature]] as const) {
          expect(formsFound(scrubbed, piece, 'x'), `${what} as ${what === 'signature' ? signatureForm : inputForm}`).toEqual([]);
        }
        expect(scrubbed).not.toContain(hexOf(signature));
        expect(scrubbed.toLowerCase()).not.toContain(hexOf(signature));
      }),
      { numRuns: 1000, seed: 20261212 },
    );
  });

  // How debug output spells bytes: base64 in lines (MIME, PEM), hex with separators, Python's repr.
  const wrap = (text: string, columns: number, eol: string) => text.match(new RegExp(`.{1,${columns}}`, 'g'))!.join(eol);
  const hexBytes = (bytes: Buffer, separator: string, upper: boolean) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).map((h) => (upper ? h.toUpperCase() : h)).join(separator);
  const SEPARATED: Record<string, (bytes: Buffer) => string> = {
    'MIME base64, 76 columns': (bytes) => wrap(bytes.toString('base64'), 76, '\r\n'),
    'PEM base64, 64 columns': (bytes) => wrap(bytes.toString('base64'), 64, '\n'),
    'base64url, 64 columns': (bytes) => wrap(bytes.toString('base64url'), 64, '\n  '),
    'OpenSSL colon-hex': (bytes) => hexBytes(bytes, ':', false),
    'OpenSSL colon-hex, 15 bytes a line': (bytes) => wrap(hexBytes(bytes, ':', false) + ':', 45, '\n    '),
    'upper-case colon-hex': (bytes) => hexBytes(bytes, ':', true),
    'space-separated hex': (bytes) => hexBytes(bytes, ' ', false),
    'C array': (bytes) => [...bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', '),
    "Python b'\\x..'": (bytes) => `b'${[...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`,
    'Python repr()': (bytes) => pythonRepr(bytes),
  };
  /** What no scrubbed text may hold once the separators are dropped. */
  const compact = (text: string) => text.replace(/[\s:,']|\\x|0x/gi, '').toLowerCase();

  it('removes the signature in the spellings of debug output: wrapped base64, separated hex, Python bytes', () => {
    fc.assert(
      fc.property(jwtArb, fc.constantFrom(...Object.keys(SEPARATED)), fc.constantFrom<'raw' | 'json'>('raw', 'json'), fillerArb(50), (jwt, spelling, shape, filler) => {
        const signature = jwt.slice(jwt.lastIndexOf('.') + 1);
        const bytes = Buffer.from(signature, 'base64url');
        const shown = SEPARATED[spelling]!(bytes);
        const echo = shape === 'json' ? JSON.stringify({ error_description: `sig ${shown}` }) : `${filler}sig:\n${shown}\n${filler}`;
        const scrubbed = scrubSecrets(echo, { values: [jwt] });
        const left = shape === 'json' ? (JSON.parse(scrubbed) as { error_description: string }).error_description : scrubbed;
        expect(left.replace(/\s/g, ''), `${spelling}: base64`).not.toContain(bytes.toString('base64').replace(/=+$/, ''));
        expect(compact(left), `${spelling}: hex`).not.toContain(bytes.toString('hex'));
        // Nor any run of the spelling itself long enough to hold 8 bytes.
        for (let at = 0; at + 32 <= shown.length; at += 8) expect(left, `${spelling} at ${at}`).not.toContain(shown.slice(at, at + 32));
        expect(left, spelling).toContain(REDACTED);
      }),
      { numRuns: 1000, seed: 20261212 },
    );
  });

  it('removes header.payload wrapped in lines', () => {
    fc.assert(
      fc.property(jwtArb, fc.constantFrom(64, 76), (jwt, columns) => {
        const signingInput = jwt.slice(0, jwt.lastIndexOf('.'));
        const scrubbed = scrubSecrets(`over\n${wrap(signingInput, columns, '\n')}\n`, { values: [jwt] });
        expect(scrubbed).toBe(`over\n${REDACTED}\n`);
      }),
      { numRuns: 200, seed: 20261212 },
    );
  });

  it('leaves the header alone, which is public and shared by every JWT of a profile', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnbmF0dXJlLW9mLXNpeHR5LWZvdXItYnl0ZXMtc2lnbmF0dXJlLW9mLXNpeHR5LWZvdXI';
    expect(scrubSecrets('header eyJhbGciOiJFUzI1NiJ9, payload eyJpc3MiOiJhIn0', { values: [jwt] })).toBe('header eyJhbGciOiJFUzI1NiJ9, payload eyJpc3MiOiJhIn0');
    expect(scrubSecrets(`over eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJhIn0`, { values: [jwt] })).toBe(`over ${REDACTED}`);
  });
});

/** Python's repr() of bytes: printable ASCII as itself, \\ and \' escaped, \t \n \r by name, the rest \xNN. */
function pythonRepr(bytes: Buffer): string {
  const named: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x5c: '\\\\', 0x27: "\\'" };
  return `b'${[...bytes].map((b) => named[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')}'`;
}

describe('quoteServer', () => {
  it('scrubs before it cuts at 300 characters: no fragment of a secret is left at the cut', () => {
    fc.assert(
      fc.property(secretArb, idArb, fc.constantFrom(...formNames), fc.integer({ min: 230, max: 310 }), fillerArb(100), (secret, id, name, at, after) => {
        const echo = `${'|'.repeat(at)}${secretForms(secret, id)[name]}${after}`;
        const quoted = quoteServer(echo, { values: [secret], clientId: id });
        expect(quoted.length).toBeLessThanOrEqual(301);
        expect(withoutMarkers(quoted), `${name} of ${JSON.stringify(secret)} at ${at}`).toMatch(onlyFiller);
      }),
      { numRuns: 3000, seed: 20261212 },
    );
  });

  it('scrubs before it folds whitespace and drops tags, which would break a secret holding a tab or <', () => {
    const secret = 'a\t\tb<i>c';
    expect(quoteServer(`<p>bad secret ${secret}</p>`, { values: [secret] }, { markup: true })).toBe(`bad secret ${REDACTED}`);
  });
});
