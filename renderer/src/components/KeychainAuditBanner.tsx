// Checked once when the deck opens: do the vault and the keychain still agree? Entries deleted
// behind the app's back and orphaned entries are listed, with one button to make them agree.
import { useEffect, useState } from 'react';
import type { KeychainAudit } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { ErrorNotice } from './ErrorNotice.js';

const problems = (audit: KeychainAudit) => [
  ...audit.missingSecrets.map(({ org, client }) => `The secret of ${org}/${client} is gone from the keychain: set it again.`),
  ...audit.missingPrivateKeys.map(({ org, kid }) => `The private key of ${org}'s key ${kid} is gone from the keychain: it will be retired.`),
  ...audit.orphans.map((account) => `Keychain entry ${account} belongs to nothing in the vault.`),
];

/** A vault can disagree in thousands of places; the banner names the first few. */
const SHOWN = 5;

export function KeychainAuditBanner() {
  const [found, setFound] = useState<string[]>([]);
  const audit = useAction(async () => setFound(problems(await call('vault.audit', {}))));
  const repair = useAction(async () => {
    setFound(problems(await call('vault.repair', {})));
    await reloadVault();
  });
  useEffect(() => void audit.run(), []); // eslint-disable-line react-hooks/exhaustive-deps

  if (audit.error) return <ErrorNotice error={audit.error} onDismiss={audit.clearError} />;
  if (!found.length) return null;
  return (
    <section className="warning-banner" role="region" aria-label="Keychain check">
      <strong>The vault and the keychain disagree</strong>
      <ul>
        {found.slice(0, SHOWN).map((line) => (
          <li key={line}>{line}</li>
        ))}
        {found.length > SHOWN && <li>…and {found.length - SHOWN} more (`tokendeck doctor` lists them all).</li>}
      </ul>
      <button type="button" onClick={() => void repair.run()} disabled={repair.pending}>
        Make them agree
      </button>
      <ErrorNotice error={repair.error} onDismiss={repair.clearError} />
    </section>
  );
}
