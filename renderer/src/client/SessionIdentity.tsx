// Who a session's person is, as the sign-in learnt it: the ID token's claims once its signature
// verified against the issuer's key set (and which key, with what algorithm), or else what the
// issuer's UserInfo endpoint said. Display claims only: no token ever reaches this page.
import type { SessionIdentity as Identity } from '../../../main/core/model/entities.js';
import { FactRow } from '../components/FactRow.js';
import { shortTime } from '../components/format.js';

export function SessionIdentity({ identity }: { identity: Identity }) {
  const verified = identity.from === 'id_token';
  const rows: Array<[string, string | undefined]> = [
    ['Subject (sub)', identity.subject],
    ['Email', identity.email],
    ['Name', identity.name],
    ['Username', identity.preferredUsername],
    ['Issuer (iss)', identity.issuer],
    ['Audience (aud)', identity.audience?.join(', ')],
    ['Signed in (auth_time)', identity.authTime && shortTime(identity.authTime)],
    ['Issued (iat)', identity.issuedAt && shortTime(identity.issuedAt)],
    ['ID token expires (exp)', identity.expiresAt && shortTime(identity.expiresAt)],
  ];
  return (
    <details className="session-identity">
      <summary>{verified ? 'ID token: signature verified' : 'Identity from the userinfo endpoint (no ID token)'}</summary>
      <p className="muted">
        {verified
          ? `Checked at sign-in with the issuer's key ${identity.keyId ?? '(no kid)'} (${identity.algorithm ?? '?'}) from ${identity.verifiedWith ?? 'its key set'}: issuer, audience, nonce and times matched.`
          : 'The server sent no ID token; these claims come from its userinfo endpoint, asked with the new access token.'}
      </p>
      <dl className="facts" aria-label="Identity claims">
        {rows
          .filter((row): row is [string, string] => Boolean(row[1]))
          .map(([term, value]) => (
            <FactRow key={term} term={term} value={<code>{value}</code>} />
          ))}
      </dl>
    </details>
  );
}
