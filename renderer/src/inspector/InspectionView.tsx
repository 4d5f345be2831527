// One inspected token. A JWT: warnings first, then the signature verdict, the times as dates and
// relative, and the decoded header and claims. Any token Tokendeck made (matched by value in main):
// whose it is, its scheme, scope, expiry and issuer; an opaque one shows only that.
import type { JwtInspection, KnownToken, TokenInspection } from '../../../preload/contract.js';
import { formatDuration } from '../../../main/core/duration.js';

function signatureText(signature: JwtInspection['signature']): { text: string; tone: 'ok' | 'warn' | 'bad' } {
  switch (signature.status) {
    case 'valid':
      return { text: `Signature valid (key ${signature.kid}${signature.keyStatus === 'retired' ? ', retired' : ''})`, tone: signature.keyStatus === 'retired' ? 'warn' : 'ok' };
    case 'invalid':
      return { text: `Signature INVALID for key ${signature.kid}`, tone: 'bad' };
    case 'unknown-kid':
      return { text: signature.kid ? `Unknown kid ${signature.kid}: no stored key has it` : 'No kid in the header: cannot pick a key', tone: 'warn' };
    default:
      return { text: `Signature not checked: ${signature.reason}`, tone: 'warn' };
  }
}

/** What Tokendeck knows of one of its cached tokens. */
function KnownTokenFacts({ known }: { known: KnownToken }) {
  const rows: Array<[string, string | undefined]> = [
    ['Client', `${known.org}/${known.client} (${known.environment})`],
    ['Scheme', known.scheme],
    ['Acts as', known.account],
    ['sub', known.sub],
    ['Scope granted', known.grantedScope === undefined ? undefined : known.grantedScope || '(no scope)'],
    ['Expiry', `${known.expires}${known.assumedExpiry ? ' — assumed: the server did not say' : ''}`],
    ['Issuer', known.issuer],
  ];
  return (
    <table className="headers" aria-label="Known token">
      <caption className="muted small-text">One of Tokendeck's cached tokens.</caption>
      <tbody>
        {rows
          .filter((row): row is [string, string] => row[1] !== undefined)
          .map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

export function InspectionView({ inspection }: { inspection: TokenInspection }) {
  if (inspection.kind === 'opaque') {
    return (
      <div className="inspection">
        <p className="badge" aria-label="Token kind">
          Not a JWT: an opaque token ({inspection.length} characters)
        </p>
        {inspection.known ? (
          <KnownTokenFacts known={inspection.known} />
        ) : (
          <p className="muted">
            Only its issuer can read it, and it is not one of Tokendeck's cached tokens. Ask the issuer's introspection endpoint (RFC 7662), or send it from the request console to see what the API says.
          </p>
        )}
      </div>
    );
  }
  return <JwtInspectionView inspection={inspection} known={inspection.known} />;
}

function JwtInspectionView({ inspection, known }: { inspection: JwtInspection; known: KnownToken | null }) {
  const signature = signatureText(inspection.signature);
  return (
    <div className="inspection">
      {known && <KnownTokenFacts known={known} />}
      {inspection.warnings.length > 0 && (
        <ul className="inspection-warnings" aria-label="Warnings">
          {inspection.warnings.map((w) => (
            <li key={w.code + w.message}>
              <strong>{w.code}</strong> {w.message}
            </li>
          ))}
        </ul>
      )}
      <p className={`badge ${signature.tone === 'ok' ? 'ok' : signature.tone === 'warn' ? 'warn' : 'bad'}`} aria-label="Signature">
        {signature.text}
      </p>
      {inspection.org && <p className="muted small-text">Checked against organization {inspection.org}.</p>}
      {inspection.times.length > 0 && (
        <table className="headers" aria-label="Times">
          <tbody>
            {inspection.times.map((t) => (
              <tr key={t.claim}>
                <th scope="row">{t.claim}</th>
                <td>{t.date ?? 'not a date'}</td>
                <td>{t.relative}</td>
              </tr>
            ))}
            {inspection.lifetimeSeconds !== null && (
              <tr>
                <th scope="row">lifetime</th>
                <td colSpan={2}>{inspection.lifetimeSeconds > 0 && inspection.lifetimeSeconds < 1e10 ? formatDuration(inspection.lifetimeSeconds) : `${inspection.lifetimeSeconds} s`}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <div className="decoded">
        <pre aria-label="JWT header">{JSON.stringify(inspection.header, null, 2)}</pre>
        <pre aria-label="JWT claims">{JSON.stringify(inspection.claims, null, 2)}</pre>
      </div>
    </div>
  );
}
