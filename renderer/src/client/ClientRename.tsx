// The client view's "Rename…": a new name within its organization (main's rule, free in any case
// among its siblings); the view follows the new name. Nothing is sent elsewhere.
import { Name } from '../../../main/core/model/primitives.js';
import type { OrganizationTree } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { RenameForm } from '../components/RenameForm.js';
import type { Selection } from '../selection.js';
import { reloadVault } from '../state/deck-store.js';

export function ClientRename({ org, client, onSelect, onClose }: { org: OrganizationTree; client: string; onSelect: (s: Selection) => void; onClose: () => void }) {
  const rename = async (to: string) => {
    const renamed = await call('client.rename', { org: org.name, client, to });
    await reloadVault();
    onSelect({ kind: 'client', org: org.name, client: renamed.name });
  };
  return (
    <RenameForm
      current={client}
      taken={org.clients.map((c) => c.name)}
      rule={Name}
      hint="Its secret, tokens, console requests and hand-outs follow; where its credentials go does not change"
      onRename={rename}
      onClose={onClose}
    />
  );
}
