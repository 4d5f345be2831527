import type { ErrorAction, ErrorPayload } from '../../../main/core/errors.js';
import { signingKey } from '../../../main/core/signing-key-choice.js';
import { useDeck, type DeckState } from '../state/deck-store.js';
import { whenShown } from './when-shown.js';
import { navigate } from '../state/navigate.js';

/** Main's message speaks CLI; for the errors it can act on, the deck says it in its own terms. */
function deckWords(action: ErrorAction): { text: string; button?: string; run?: () => void } {
  switch (action.kind) {
    case 'set-secret':
    case 'check-secret':
      return {
        text:
          action.kind === 'set-secret'
            ? `${action.org}/${action.client} has no client secret stored.`
            : `The token endpoint ${action.host} refused the client id and secret of ${action.org}/${action.client} ("${action.said}"): check the client id, or replace the secret.`,
        button: action.kind === 'set-secret' ? 'Set secret…' : 'Replace secret…',
        run: () => {
          navigate({ kind: 'client', org: action.org, client: action.client });
          // The client view opens once its organization (and chunk) arrived: click its secret button then.
          whenShown<HTMLButtonElement>(`[aria-label="Client ${action.org}/${action.client}"] .secret-line button.set-secret`, (button) => button.click());
        },
      };
    case 'generate-key':
      return { text: `${action.org} has no signing key for DevTokens yet.`, button: 'Open signing keys…', run: () => navigate({ kind: 'org', org: action.org }) };
    case 'set-kid':
      return { text: `${action.org}'s signing key is waiting for its Key ID: upload its public key to the MusicAPI dashboard, then set the Key ID it shows.`, button: 'Set Key ID…', run: () => navigate({ kind: 'org', org: action.org }) };
    case 'unlock-keychain':
      return { text: 'The system keychain is locked: unlock it (your login keyring), then try again.' };
  }
}

/** True once the vault shows the action done: the error's cause is gone, and so is the notice. */
function actionDone(action: ErrorAction | undefined, { outline, organizations }: DeckState): boolean {
  if (!action || !outline || !('org' in action)) return false;
  if (action.kind === 'set-secret') return outline.organizations.find((o) => o.name === action.org)?.clients.find((c) => c.name === action.client)?.hasSecret === true;
  // Keys are in an organization's full record: the one opened to act on the notice.
  const org = organizations.get(action.org);
  if (action.kind === 'generate-key') return org?.keys.some((k) => k.status === 'active' && k.hasPrivateKey) === true;
  if (action.kind === 'set-kid') return org !== undefined && signingKey(org.keys) !== undefined;
  return false;
}

/**
 * An error where it happened: what to do (with a button when the deck can do it) and its stable code.
 * `codeInSmallPrint`: the words first and the code after them, small (the console, issue 26: words for
 * people, codes only for a bug report).
 */
export function ErrorNotice({ error, onDismiss, codeInSmallPrint = false }: { error: ErrorPayload | undefined; onDismiss?: () => void; codeInSmallPrint?: boolean }) {
  const deck = useDeck();
  if (!error || actionDone(error.action, deck)) return null;
  const words = error.action ? deckWords(error.action) : undefined;
  return (
    <div role="alert" className={words ? 'error actionable' : 'error'}>
      {words ? (
        <>
          <span>{words.text}</span>
          {words.button && (
            <button type="button" className="small" onClick={words.run}>
              {words.button}
            </button>
          )}
          <small className="error-code">{error.code}</small>
        </>
      ) : codeInSmallPrint ? (
        <>
          <span>{error.message}</span>
          <small className="error-code">{error.code}</small>
        </>
      ) : (
        <>
          <strong>{error.code}</strong>
          <span>{error.message}</span>
        </>
      )}
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      )}
    </div>
  );
}
