// A person's session on an OAuth 2.0 user-grant client (issue 25): "Not signed in" and Sign in, or
// who is signed in, with what scope, since when, and Sign out. Main opens the browser itself (or
// pushes the device flow's code, shown here big); the token never comes to this page.
import { useEffect, useState } from 'react';
import type { Client } from '../../../main/core/model/entities.js';
import type { DeviceCodeShown, SignOut } from '../../../preload/contract.js';
import { call, tokendeck } from '../bridge.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { shortTime } from '../components/format.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { SessionIdentity } from './SessionIdentity.js';

export function SessionPanel({ org, client }: { org: string; client: Client }) {
  const device = client.oauth2?.grant === 'device_code';
  const [code, setCode] = useState<DeviceCodeShown | undefined>();
  const [signedOut, setSignedOut] = useState<SignOut | undefined>();
  useEffect(() => tokendeck().on('session.deviceCode', (shown) => void (shown.org === org && shown.client === client.name && setCode(shown))), [org, client.name]);
  const signIn = useAction(async () => {
    setSignedOut(undefined);
    try {
      await call('session.signIn', { org, client: client.name, seenClient: client.id });
    } finally {
      setCode(undefined);
      await reloadVault();
    }
  });
  const signOut = useAction(async () => {
    setSignedOut(await call('session.signOut', { org, client: client.name, seenClient: client.id }));
    await reloadVault();
  });
  const cancel = () => void call('session.cancel', { org, client: client.name }).catch(() => undefined);
  const session = client.session;
  // A cancel is the person's own doing: nothing to explain.
  const error = signIn.error?.code === 'CANCELLED' ? undefined : (signIn.error ?? signOut.error);
  return (
    <section className="panel session" aria-label="Session">
      <h3>Session</h3>
      {session ? (
        <div className="session-line">
          <p>
            Signed in as <strong>{session.account ?? 'an account the server did not name'}</strong>
            <span className="muted">
              {' '}
              · scope <code>{session.scope || '—'}</code> · since {shortTime(session.signedInAt)}
            </span>
          </p>
          <ConfirmButton label="Sign out" question={`Sign out of ${org}/${client.name}? The refresh token is revoked at the server and forgotten here.`} onConfirm={() => void signOut.run()} disabled={signOut.pending} />
          {session.identity && <SessionIdentity identity={session.identity} />}
        </div>
      ) : signIn.pending ? (
        <div className="session-wait" role="status">
          {device ? (
            code ? (
              <>
                <p>Enter this code at <a href={code.verificationUriComplete ?? code.verificationUri} target="_blank" rel="noreferrer">{code.verificationUri}</a>, on any device:</p>
                <p className="user-code" aria-label="User code">
                  {code.userCode}
                </p>
                <p className="muted">Waiting for the approval (until {shortTime(new Date(code.expiresAt).toISOString())})…</p>
              </>
            ) : (
              <p>Asking the server for a code…</p>
            )
          ) : (
            <p>Sign in in the browser window that opened; this waits for it…</p>
          )}
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="session-line">
          <p>Not signed in{signedOut && (signedOut.revoked ? ' · the session was revoked at the server' : ` · not revoked at the server: ${signedOut.problem ?? 'it offers no revocation'}`)}</p>
          <button type="button" className="primary" onClick={() => void signIn.run()}>
            {device ? 'Sign in with a code' : 'Sign in'}
          </button>
        </div>
      )}
      <ErrorNotice error={error} onDismiss={() => (signIn.clearError(), signOut.clearError())} />
    </section>
  );
}
