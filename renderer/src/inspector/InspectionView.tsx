// One inspected JWT: warnings first, then the signature verdict, the times as dates and relative,
// and the decoded header and claims.
import type { JwtInspection } from '../../../preload/contract.js';
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

export function InspectionView({ inspection }: { inspection: JwtInspection }) {
  const signature = signatureText(inspection.signature);
  return (
    <div className="inspection">
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
