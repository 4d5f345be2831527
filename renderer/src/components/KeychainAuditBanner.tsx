// Checked once when the deck opens: do the vault and the keychain still agree? Entries deleted
// behind the app's back and orphaned entries are listed, with one button to make them agree.
// Orphans go to the Trash (7 days), never away: they may be secrets of a vault.json moved aside or
// of another home sharing the keychain; the button says so and asks once more before it acts.
import { useEffect, useState } from 'react';
import type { KeychainAudit } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { reloadVault } from '../state/deck-store.js';
import { useAction } from '../state/use-action.js';
import { ErrorNotice } from './ErrorNotice.js';

const problems = (audit: KeychainAudit) => [
  ...audit.missingSecrets.map(({ org, client }) => `The secret of ${org}/${client} is gone from the keychain: set it again.`),
  ...audit.missingPrivateKeys.map(({ org, kid }) => `The private key of ${org}'s key ${kid} is gone from the keychain: it will be retired.`),
  ...audit.missingTlsKeys.map(({ org, client }) => `The private key of ${org}/${client}'s TLS certificate is gone from the keychain: add it again in the client's view.`),
  ...audit.orphans.map((account) => `Keychain entry ${account} belongs to nothing in the vault: it will be moved to the Trash.`),
];

/** A vault can disagree in thousands of places; the banner names the first few. */
const SHOWN = 5;

export function KeychainAuditBanner() {
  const [found, setFound] = useState<string[]>([]);
  const [orphans, setOrphans] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const show = (result: KeychainAudit) => {
    setFound(problems(result));
    setOrphans(result.orphans.length);
  };
  const audit = useAction(async () => show(await call('vault.audit', {})));
  const repair = useAction(async () => {
    setConfirming(false);
    show(await call('vault.repair', {}));
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
      {confirming ? (
        <p role="group" aria-label="Confirm the repair">
          {orphans > 0 && <span>{orphans === 1 ? 'The entry the vault does not list moves' : `The ${orphans} entries the vault does not list move`} to the Trash for 7 days (restore {orphans === 1 ? 'it' : 'them'} from there). </span>}
          <button type="button" onClick={() => void repair.run()} disabled={repair.pending}>
            {orphans > 0 ? 'Move to the Trash and make them agree' : 'Make them agree'}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} disabled={repair.pending}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" onClick={() => (orphans > 0 ? setConfirming(true) : void repair.run())} disabled={repair.pending}>
          Make them agree…
        </button>
      )}
      <ErrorNotice error={repair.error} onDismiss={repair.clearError} />
    </section>
  );
}
